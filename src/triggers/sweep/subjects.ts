/**
 * What the sweep searches for (one JQL, the fields and properties it reads) and how a page of hits
 * becomes planner subjects (./PROTOCOL.md, step 1).
 */
import { z } from 'zod';
import { IssueKey, PageId } from '../../contracts/ids';
import {
  ACTION_ITEM_PROPERTY_KEY,
  POSTMORTEM_PROPERTY_KEY,
  PostmortemIssueProperty,
  WAIVER_PROPERTY_KEY,
  WONT_DO_RESOLUTION,
} from '../../contracts/properties';
import { and, clause, eq, inList, isEmpty, neq, or, query } from '../../domain/jql';
import { dateOfInstant } from '../../domain/dates';
import { SWEEP_ITEM_FIELDS, trackedDueDate, type SweepItem, type SweepPostmortem, type SweepSelection } from '../../domain/sweep';

// ------------------------------------------------------------------ the search

/** The Jira fields the sweep reads: the planner's, plus labels to tell action items from incidents. */
export const SWEEP_FIELDS: readonly string[] = [...SWEEP_ITEM_FIELDS, 'labels', 'resolution', 'issuetype', 'resolutiondate'];
export const SWEEP_PROPERTIES: readonly string[] = [ACTION_ITEM_PROPERTY_KEY, POSTMORTEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY];

/**
 * One JQL for both kinds of subject, so a run pays one set of pages:
 *   (labels = postmortem-action
 *      AND (statusCategory != Done OR resolution = "Won't Do")
 *      AND (duedate <= D1 OR duedate IS EMPTY))
 *   OR (issue.property[postmortem].status = draft AND issue.property[postmortem].dueDate <= D2)
 * Every Won't Do item is read, approved or not: the waiver property that says so can be written
 * by anyone who may edit the item, so JQL on it proves nothing; `subjectsOf` keeps those whose
 * approval the app sealed out (docs/decisions/0015-waiver-approvals-sealed.md).
 */
export function sweepJql(selection: SweepSelection): string {
  const a = selection.actionItems;
  const p = selection.postmortems;
  const items = and(
    eq('labels', a.label),
    or(neq('statusCategory', 'Done'), eq('resolution', WONT_DO_RESOLUTION)),
    or(clause('duedate', '<=', a.dueOnOrBefore), isEmpty('duedate')),
  );
  const postmortems = and(
    eq({ issueProperty: p.propertyKey, path: 'status' }, p.status),
    clause({ issueProperty: p.propertyKey, path: 'dueDate' }, '<=', p.dueOnOrBefore),
  );
  const i = selection.incidents;
  if (!i) return query(or(items, postmortems), [['key', 'ASC']]);
  // Incidents tracked from resolution that have no postmortem page yet.
  const incidents = and(
    inList('issuetype', [...i.issueTypes]),
    ...(i.projectKeys.length > 0 ? [inList('project', [...i.projectKeys])] : []),
    eq('statusCategory', 'Done'),
    clause('resolved', '>=', i.resolvedOnOrAfter),
    isEmpty({ issueProperty: p.propertyKey, path: 'status' }),
  );
  return query(or(items, postmortems, incidents), [['key', 'ASC']]);
}

/** A search hit as the adapter returns it (only what the sweep reads). */
export interface FoundIssue {
  id?: string;
  key: string;
  self?: string;
  fields: {
    summary?: string;
    status?: { statusCategory: { key: string } };
    assignee?: { accountId: string; displayName: string } | null;
    reporter?: { accountId: string; displayName: string } | null;
    duedate?: string | null;
    project?: { key: string };
    priority?: { name: string } | null;
    labels?: string[];
    resolution?: { name: string } | null;
    issuetype?: { name: string };
    resolutiondate?: string | null;
  };
  properties?: Record<string, unknown>;
}

const ActionItemLink = z.object({ incidentKey: IssueKey, pageId: PageId.optional() }).loose();

function statusCategoryOf(key: string | undefined): SweepItem['statusCategory'] {
  return key === 'done' || key === 'indeterminate' ? key : 'new';
}

function projectOf(issue: FoundIssue): string {
  return issue.fields.project?.key ?? issue.key.replace(/-\d+$/, '');
}

/** The site's base URL from an issue's `self` (`https://acme.atlassian.net/rest/api/3/issue/10001`). */
export function siteUrlFromSelf(self: string | undefined): string | undefined {
  if (!self) return undefined;
  try {
    const u = new URL(self);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An incident tracked from resolution with no postmortem page (no `postmortem` property): the
 * JQL's bounds re-checked (type, project, resolved day in the site's zone), due `deadlineDays`
 * after that day, owned by its assignee (or reporter, by settings).
 */
function trackedIncident(issue: FoundIssue, t: NonNullable<SweepSelection['incidents']>): SweepPostmortem | undefined {
  const f = issue.fields;
  if (issue.properties?.[POSTMORTEM_PROPERTY_KEY] !== undefined && issue.properties[POSTMORTEM_PROPERTY_KEY] !== null) return undefined;
  if (!f.issuetype || !t.issueTypes.includes(f.issuetype.name)) return undefined;
  if (t.projectKeys.length > 0 && !t.projectKeys.includes(projectOf(issue))) return undefined;
  if (statusCategoryOf(f.status?.statusCategory.key) !== 'done' || !f.resolutiondate) return undefined;
  let resolvedDay: string;
  try {
    resolvedDay = dateOfInstant(f.resolutiondate, t.timeZone);
  } catch {
    return undefined;
  }
  const dueDate = trackedDueDate(resolvedDay, t);
  if (!dueDate) return undefined;
  const owner = t.ownerRole === 'reporter' ? f.reporter : f.assignee;
  return {
    incidentKey: issue.key,
    incidentProjectKey: projectOf(issue),
    pageId: null,
    pageTitle: f.summary ?? '',
    pageUrl: '',
    ownerAccountId: owner?.accountId ?? '',
    ...(owner ? { ownerName: owner.displayName } : {}),
    status: 'draft',
    dueDate,
  };
}

/** Whether an item's `postmortem-waiver` property proves an approval (src/adapters/waivers.ts). */
export type WaiverCheck = (issueId: string, property: unknown) => boolean;

export interface SweepSubjects {
  items: SweepItem[];
  postmortems: SweepPostmortem[];
}

/**
 * Splits search hits into action items and postmortems (an issue may be neither: the JQL's
 * bounds are re-checked here, so a stale index never sends a wrong mail). An item resolved as
 * Won't Do is open unless `waived` proves its approval (the app's seal; by default nothing does).
 */
export function subjectsOf(issues: readonly FoundIssue[], selection: SweepSelection, waived: WaiverCheck = () => false): SweepSubjects {
  const items: SweepItem[] = [];
  const postmortems: SweepPostmortem[] = [];
  for (const issue of issues) {
    const f = issue.fields;
    const pm = PostmortemIssueProperty.safeParse(issue.properties?.[POSTMORTEM_PROPERTY_KEY]);
    if (pm.success && pm.data.status === selection.postmortems.status && pm.data.dueDate <= selection.postmortems.dueOnOrBefore) {
      postmortems.push({
        incidentKey: issue.key,
        incidentProjectKey: projectOf(issue),
        pageId: pm.data.pageId,
        pageTitle: pm.data.pageTitle,
        pageUrl: pm.data.pageUrl,
        ownerAccountId: pm.data.ownerAccountId,
        status: pm.data.status,
        dueDate: pm.data.dueDate,
      });
    }
    const tracked = selection.incidents && !pm.success ? trackedIncident(issue, selection.incidents) : undefined;
    if (tracked) postmortems.push(tracked);
    let category = statusCategoryOf(f.status?.statusCategory.key);
    // Won't Do counts as open unless the app sealed its approval (the property alone is anyone's word).
    if (category === 'done' && f.resolution?.name === WONT_DO_RESOLUTION) {
      const approved = issue.id !== undefined && waived(issue.id, issue.properties?.[WAIVER_PROPERTY_KEY]);
      if (!approved) category = 'indeterminate';
    }
    const due = f.duedate ?? null;
    if (
      (f.labels ?? []).includes(selection.actionItems.label) &&
      category !== 'done' &&
      (due === null || due <= selection.actionItems.dueOnOrBefore)
    ) {
      const link = ActionItemLink.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
      items.push({
        key: issue.key,
        summary: f.summary ?? '',
        statusCategory: category,
        assignee: f.assignee ? { accountId: f.assignee.accountId, displayName: f.assignee.displayName } : null,
        reporter: f.reporter ? { accountId: f.reporter.accountId, displayName: f.reporter.displayName } : null,
        dueDate: due,
        projectKey: projectOf(issue),
        incidentKey: link.success ? link.data.incidentKey : null,
        pageId: link.success ? (link.data.pageId ?? null) : null,
        pageUrl: null,
        priority: f.priority?.name ?? null,
      });
    }
  }
  return { items, postmortems };
}
