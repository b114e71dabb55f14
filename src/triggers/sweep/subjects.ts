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
 *   OR (incidents tracked from resolution: type [, project], Done, resolved >= start)
 * Every Won't Do item is read, approved or not: the waiver property that says so can be written
 * by anyone who may edit the item, so JQL on it proves nothing; `subjectsOf` keeps those whose
 * approval the app sealed out (docs/decisions/0015-waiver-approvals-sealed.md). Likewise every
 * tracked incident is read, whatever its `postmortem` property claims: `subjectsOf` drops those
 * whose record the app sealed past draft (docs/decisions/0017-postmortem-record-sealed.md).
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
  // Incidents tracked from resolution, with no clause on their property: anyone who may edit an
  // incident can write it, so only its seal (checked in subjectsOf) says a postmortem is past draft.
  const incidents = and(
    inList('issuetype', [...i.issueTypes]),
    ...(i.projectKeys.length > 0 ? [inList('project', [...i.projectKeys])] : []),
    eq('statusCategory', 'Done'),
    clause('resolved', '>=', i.resolvedOnOrAfter),
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
 * An incident tracked from resolution with no postmortem page the app recorded (no `postmortem`
 * property, or one without the app's seal): the JQL's bounds re-checked (type, project, resolved
 * day in the site's zone), due `deadlineDays` after that day, owned by its assignee (or reporter,
 * by settings).
 */
function trackedIncident(issue: FoundIssue, t: NonNullable<SweepSelection['incidents']>): SweepPostmortem | undefined {
  const f = issue.fields;
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

/** The incident record an incident's `postmortem` property proves (its seal, src/domain/postmortem/seal.ts). */
export type RecordCheck = (issueId: string, property: unknown) => PostmortemIssueProperty | undefined;

export interface SweepSubjects {
  items: SweepItem[];
  postmortems: SweepPostmortem[];
}

/**
 * Splits search hits into action items and postmortems (an issue may be neither: the JQL's
 * bounds are re-checked here, so a stale index never sends a wrong mail). An item resolved as
 * Won't Do is open unless `waived` proves its approval (the app's seal; by default nothing does).
 * An incident's postmortem is past draft only when `recorded` proves its record (the app's seal):
 * a tracked incident whose record is not proved is chased as having no page, due from its
 * resolution, whatever its property claims (docs/decisions/0017-postmortem-record-sealed.md).
 */
export function subjectsOf(
  issues: readonly FoundIssue[],
  selection: SweepSelection,
  waived: WaiverCheck = () => false,
  recorded: RecordCheck = () => undefined,
): SweepSubjects {
  const items: SweepItem[] = [];
  const postmortems: SweepPostmortem[] = [];
  const p = selection.postmortems;
  for (const issue of issues) {
    const f = issue.fields;
    const raw = issue.properties?.[POSTMORTEM_PROPERTY_KEY];
    const proven = issue.id !== undefined && raw != null ? recorded(issue.id, raw) : undefined;
    const tracked = selection.incidents && !proven ? trackedIncident(issue, selection.incidents) : undefined;
    // Outside the tracking window an unproved draft is still chased as one (a draft is what is chased anyway).
    const claimed = proven ?? (tracked ? undefined : PostmortemIssueProperty.safeParse(raw).data);
    if (tracked) postmortems.push(tracked);
    else if (claimed && claimed.status === p.status && claimed.dueDate <= p.dueOnOrBefore) {
      postmortems.push({
        incidentKey: issue.key,
        incidentProjectKey: projectOf(issue),
        pageId: claimed.pageId,
        pageTitle: claimed.pageTitle,
        pageUrl: claimed.pageUrl,
        ownerAccountId: claimed.ownerAccountId,
        status: claimed.status,
        dueDate: claimed.dueDate,
      });
    }
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
