/**
 * The postmortems the report shows: every one the viewer may see (one per incident, so their number
 * follows incidents, not items), each confirmed by its page, and the postmortem sections built from
 * them in memory.
 */
import * as jira from '../../adapters/jira';
import { readPostmortemEvidence } from '../../adapters/postmortem-pages';
import { AccountId, IsoDate, IsoDateTime } from '../../contracts/ids';
import { incidentTracking } from '../../adapters/install-day';
import { POSTMORTEM_PROPERTY_KEY, PostmortemContentProperty, PostmortemIssueProperty } from '../../contracts/properties';
import type { ReportFilters, ReportResult, ReportSection } from '../../contracts/report';
import type { SectionPage } from '../../contracts/report-calls';
import { addDays, dateOfInstant, isIsoDate } from '../../domain/dates';
import { and, clause, eq, inList, isEmpty, query } from '../../domain/jql';
import { verifyPostmortemLinks } from '../../domain/postmortem';
import {
  buildReport,
  sectionRows,
  sortPostmortemRows,
  type PostmortemSortKey,
  type ReportItem,
  type ReportPostmortem,
  type SortDirection,
} from '../../domain/report';
import { POSTMORTEM_SORTS } from '../../domain/report/groups';
import { offsetOfToken, offsetToken } from '../../domain/report/live';
import { Refusal } from '../refusal';
import type { Base } from './base';

/** The most postmortems one report reads (one per incident). */
export const POSTMORTEM_READ_LIMIT = 5_000;

const IncidentProperty = PostmortemIssueProperty.extend({
  // Optional extras the incident property may carry (the content property has them).
  incidentDate: IsoDate.optional(),
  requestedReviewAt: IsoDateTime.optional(),
  reviewedAt: IsoDateTime.optional(),
  ownerAccountId: AccountId,
});

function postmortemOf(issue: jira.Issue, timeZone: string): ReportPostmortem | undefined {
  const prop = IncidentProperty.safeParse(issue.properties?.[POSTMORTEM_PROPERTY_KEY]);
  if (!prop.success) return undefined;
  const p = prop.data;
  let incidentDate = p.incidentDate;
  if (!incidentDate && issue.fields.created) {
    try {
      incidentDate = dateOfInstant(issue.fields.created, timeZone);
    } catch {
      incidentDate = undefined;
    }
  }
  return {
    incidentKey: issue.key,
    incidentProjectKey: issue.fields.project?.key ?? issue.key.split('-')[0] ?? '',
    pageId: p.pageId,
    pageTitle: p.pageTitle,
    pageUrl: p.pageUrl,
    ownerAccountId: p.ownerAccountId,
    status: p.status,
    dueDate: p.dueDate,
    incidentDate: incidentDate ?? p.dueDate,
    requestedReviewAt: p.requestedReviewAt ?? null,
    reviewedAt: p.reviewedAt ?? null,
  };
}

/** What went to review with a postmortem, from its page's own record (the verified side of the link). */
function reviewRequestOf(contentProperty: unknown): ReportPostmortem['reviewRequest'] {
  const cp = PostmortemContentProperty.safeParse(contentProperty);
  const r = cp.success ? cp.data.reviewRequest : undefined;
  return r ? { reason: r.reason?.trim() || null, findings: r.findings, findingsTotal: r.findingsTotal } : null;
}

export interface Postmortems {
  rows: ReportPostmortem[];
  /** Verified postmortem page URL by incident key (an item's postmortem link). */
  urlByIncident: Map<string, string>;
  truncated: boolean;
}

/**
 * Incidents tracked from resolution (the sweep's rule: a configured incident type, resolved on or
 * after the tracking start, src/triggers/sweep/subjects.ts) that have no postmortem page and are
 * late already: due `postmortemDeadlineDays` after the day they were resolved, before today. Read as
 * the viewer; one search per 100 of them (they follow incidents, like the postmortems).
 */
async function readTracked(base: Base, filters: ReportFilters): Promise<{ rows: ReportPostmortem[]; truncated: boolean }> {
  const t = await incidentTracking(base.settings, base.today);
  if (!isIsoDate(t.startDate) || t.issueTypes.length === 0) return { rows: [], truncated: false };
  // Late: due (resolved day + deadline) before today, so resolved on or before this day.
  const lastLateDay = addDays(base.today, -t.deadlineDays - 1);
  if (lastLateDay < t.startDate) return { rows: [], truncated: false };
  const jql = query(
    and(
      inList('issuetype', [...t.issueTypes]),
      ...(t.projectKeys.length ? [inList('project', [...t.projectKeys])] : []),
      ...(filters.projectKeys.length ? [inList('project', filters.projectKeys)] : []),
      eq('statusCategory', 'Done'),
      // A day of margin each side: `resolved` compares in the viewer's zone; the day is re-checked below.
      clause('resolved', '>=', addDays(t.startDate, -1)),
      clause('resolved', '<', addDays(lastLateDay, 2)),
      isEmpty({ issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'status' }),
    ),
    [['key', 'ASC']],
  );
  const found = await jira.searchAll('user', jql, ['summary', 'project', 'status', 'assignee', 'reporter', 'resolutiondate', 'issuetype'], {
    limit: POSTMORTEM_READ_LIMIT,
    properties: [POSTMORTEM_PROPERTY_KEY],
  });
  base.counter.calls += found.pages;
  const rows = found.issues.flatMap((issue): ReportPostmortem[] => {
    const f = issue.fields;
    if (issue.properties?.[POSTMORTEM_PROPERTY_KEY] != null || !f.resolutiondate) return [];
    if (f.status?.statusCategory.key !== 'done') return [];
    let resolvedDay: string;
    try {
      resolvedDay = dateOfInstant(f.resolutiondate, t.timeZone);
    } catch {
      return [];
    }
    if (resolvedDay < t.startDate || resolvedDay > lastLateDay) return [];
    const owner = t.ownerRole === 'reporter' ? f.reporter : f.assignee;
    if (owner) base.people[owner.accountId] ??= owner.displayName;
    return [
      {
        incidentKey: issue.key,
        incidentProjectKey: f.project?.key ?? issue.key.split('-')[0] ?? '',
        pageId: null,
        pageTitle: f.summary ?? '',
        pageUrl: '',
        ownerAccountId: owner?.accountId ?? '',
        status: 'draft',
        dueDate: addDays(resolvedDay, t.deadlineDays),
        incidentDate: resolvedDay,
      },
    ];
  });
  return { rows, truncated: found.truncated };
}

/**
 * Every postmortem the viewer may see, each confirmed by its page; with `tracked`, also the
 * incidents tracked from resolution that are late without a page.
 */
export async function readPostmortems(base: Base, filters: ReportFilters, options: { tracked?: boolean } = {}): Promise<Postmortems> {
  const tracked = options.tracked ? readTracked(base, filters) : Promise.resolve({ rows: [], truncated: false });
  tracked.catch(() => undefined); // awaited below
  const pmJql = query(
    and(
      inList({ issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'status' }, ['draft', 'in-review', 'reviewed']),
      ...(filters.projectKeys.length ? [inList('project', filters.projectKeys)] : []),
    ),
    [['key', 'ASC']],
  );
  const pms = await jira.searchAll('user', pmJql, ['summary', 'project', 'created'], {
    limit: POSTMORTEM_READ_LIMIT,
    properties: [POSTMORTEM_PROPERTY_KEY],
  });
  base.counter.calls += pms.pages;
  // A postmortem counts only when the page it names confirms it to the viewer; its link and title
  // are the page's own, never the incident property's text.
  const evidence = await readPostmortemEvidence(
    pms.issues.map((i) => ({ incidentKey: i.key, issueProperty: i.properties?.[POSTMORTEM_PROPERTY_KEY] })),
    { as: 'user', counter: base.counter },
  );
  const verified = verifyPostmortemLinks(evidence, base.siteUrl || undefined);
  const requests = new Map(evidence.map((e) => [e.incidentKey, reviewRequestOf(e.contentProperty)]));
  const rows: ReportPostmortem[] = pms.issues.flatMap((i) => {
    const pm = verified.get(i.key);
    const row = pm ? postmortemOf(i, base.settings.timeZone) : undefined;
    return pm && row
      ? [
          {
            ...row,
            pageTitle: pm.pageTitle,
            pageUrl: pm.pageUrl,
            ownerAccountId: pm.ownerAccountId,
            reviewRequest: requests.get(i.key) ?? null,
          },
        ]
      : [];
  });
  const late = await tracked;
  return {
    rows: [...rows, ...late.rows],
    urlByIncident: new Map(rows.map((r) => [r.incidentKey, r.pageUrl])),
    truncated: pms.truncated || late.truncated,
  };
}

/** The report built in memory from the postmortems and the items closed in the trend window. */
export function postmortemReport(base: Base, filters: ReportFilters, pms: Postmortems, closed: ReportItem[]): ReportResult {
  return buildReport({
    items: closed,
    postmortems: pms.rows,
    settings: base.settings,
    projects: base.projects,
    today: base.today,
    siteUrl: base.siteUrl,
    filters,
    people: base.people,
  });
}

/** One page of a postmortem section, sorted as asked and paged by our own offset token. */
export function postmortemPage(
  result: ReportResult,
  section: ReportSection,
  asOf: string,
  q: { sort?: { by: string; direction: SortDirection }; group?: unknown; pageToken?: string; offset: number; limit: number },
): SectionPage {
  if (q.group) throw new Refusal('invalid-input', 'Only the overdue items are grouped; clear the group and try again.');
  const s = sectionRows(result, section);
  let rows = s.kind === 'postmortems' ? s.rows : [];
  if (q.sort) {
    if (!POSTMORTEM_SORTS.has(q.sort.by))
      throw new Refusal('invalid-input', `Postmortems cannot be sorted by "${q.sort.by}".`, { sort: 'Pick a column of the table.' });
    rows = sortPostmortemRows(rows, q.sort.by as PostmortemSortKey, q.sort.direction);
  }
  const start = offsetOfToken(q.pageToken);
  if (start === undefined) throw new Refusal('invalid-input', 'That page token is not one the report gave; reload the report.');
  const next = start + q.limit;
  return {
    kind: 'postmortems',
    section,
    total: rows.length,
    asOf,
    offset: q.offset,
    rows: rows.slice(start, next),
    ...(next < rows.length ? { nextPageToken: offsetToken(next) } : {}),
  };
}
