/**
 * The postmortems the report shows: every one the viewer may see (one per incident, so their number
 * follows incidents, not items), each confirmed by its page, and the postmortem sections built from
 * them in memory.
 */
import * as jira from '../../adapters/jira';
import { readPostmortemEvidence } from '../../adapters/postmortem-pages';
import { AccountId, IsoDate, IsoDateTime } from '../../contracts/ids';
import { incidentTracking } from '../../adapters/install-day';
import { readSealCheck } from '../../adapters/waivers';
import { POSTMORTEM_PROPERTY_KEY, PostmortemContentProperty, PostmortemIssueProperty, PostmortemStatus } from '../../contracts/properties';
import type { ReportFilters, ReportResult, ReportSection } from '../../contracts/report-rows';
import type { SectionPage } from '../../contracts/report';
import { addDays, dateOfInstant, isIsoDate } from '../../domain/dates';
import { and, clause, inList, isEmpty, or, query } from '../../domain/jql';
import { provenPostmortem, verifyPostmortemLinks } from '../../domain/postmortem';
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

/** The tracking rule for this report (the sweep's), with the last day an incident could be resolved and be late today. */
interface Tracking {
  t: Awaited<ReturnType<typeof incidentTracking>>;
  lastLateDay: string;
}

async function trackingOf(base: Base): Promise<Tracking | undefined> {
  const t = await incidentTracking(base.settings, base.today);
  if (!isIsoDate(t.startDate) || t.issueTypes.length === 0) return undefined;
  // Late: due (resolved day + deadline) before today, so resolved on or before this day.
  const lastLateDay = addDays(base.today, -t.deadlineDays - 1);
  return lastLateDay < t.startDate ? undefined : { t, lastLateDay };
}

const TRACKED_FIELDS = ['summary', 'project', 'status', 'assignee', 'reporter', 'resolutiondate', 'issuetype'];

/**
 * An incident tracked from resolution (the sweep's rule: a configured incident type, resolved on or
 * after the tracking start, src/triggers/sweep/subjects.ts) as a late postmortem with no page, when
 * it is late today; undefined otherwise.
 */
function trackedRow(base: Base, tracking: Tracking, issue: jira.Issue): ReportPostmortem | undefined {
  const { t, lastLateDay } = tracking;
  const f = issue.fields;
  if (!f.resolutiondate || f.status?.statusCategory.key !== 'done') return undefined;
  if (!f.issuetype || !t.issueTypes.includes(f.issuetype.name)) return undefined;
  const projectKey = f.project?.key ?? issue.key.split('-')[0] ?? '';
  if (t.projectKeys.length > 0 && !t.projectKeys.includes(projectKey)) return undefined;
  let resolvedDay: string;
  try {
    resolvedDay = dateOfInstant(f.resolutiondate, t.timeZone);
  } catch {
    return undefined;
  }
  if (resolvedDay < t.startDate || resolvedDay > lastLateDay) return undefined;
  const owner = t.ownerRole === 'reporter' ? f.reporter : f.assignee;
  if (owner) base.people[owner.accountId] ??= owner.displayName;
  return {
    incidentKey: issue.key,
    incidentProjectKey: projectKey,
    pageId: null,
    pageTitle: f.summary ?? '',
    pageUrl: '',
    ownerAccountId: owner?.accountId ?? '',
    status: 'draft',
    dueDate: addDays(resolvedDay, t.deadlineDays),
    incidentDate: resolvedDay,
  };
}

/**
 * Tracked incidents late today whose `postmortem` property is empty or holds no status the app
 * writes. Read as the viewer; one search per 100 of them (they follow incidents, like the
 * postmortems). Those whose property claims a status are among the postmortems read below, where
 * a claim without the app's seal makes them late with no page too.
 */
async function readTracked(
  base: Base,
  filters: ReportFilters,
  tracking: Tracking,
): Promise<{ rows: ReportPostmortem[]; truncated: boolean }> {
  const { t, lastLateDay } = tracking;
  const status = { issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'status' };
  const jql = query(
    and(
      inList('issuetype', [...t.issueTypes]),
      ...(t.projectKeys.length ? [inList('project', [...t.projectKeys])] : []),
      ...(filters.projectKeys.length ? [inList('project', filters.projectKeys)] : []),
      clause('statusCategory', '=', 'Done'),
      // A day of margin each side: `resolved` compares in the viewer's zone; the day is re-checked below.
      clause('resolved', '>=', addDays(t.startDate, -1)),
      clause('resolved', '<', addDays(lastLateDay, 2)),
      or(isEmpty(status), clause(status, 'not in', [...PostmortemStatus.options])),
    ),
    [['key', 'ASC']],
  );
  const found = await jira.searchAll('user', jql, TRACKED_FIELDS, {
    limit: POSTMORTEM_READ_LIMIT,
    properties: [POSTMORTEM_PROPERTY_KEY],
  });
  base.counter.calls += found.pages;
  const rows = found.issues.flatMap((issue) => {
    const prop = PostmortemIssueProperty.safeParse(issue.properties?.[POSTMORTEM_PROPERTY_KEY]);
    if (prop.success) return []; // read with the postmortems
    const row = trackedRow(base, tracking, issue);
    return row ? [row] : [];
  });
  return { rows, truncated: found.truncated };
}

/**
 * Every postmortem the viewer may see, each confirmed by its page; with `tracked`, also the
 * incidents tracked from resolution that are late without a page. An incident's record counts only
 * with the app's seal (docs/decisions/0017-postmortem-record-sealed.md; the key read once per call):
 * a tracked incident whose record is not proved is late with no page when its resolution says so,
 * and an unproved record of an untracked incident counts only as a draft.
 */
export async function readPostmortems(base: Base, filters: ReportFilters, options: { tracked?: boolean } = {}): Promise<Postmortems> {
  // Both storage reads at once: the seal key is not needed to find what is tracked.
  const seals = readSealCheck();
  seals.catch(() => undefined); // awaited below
  const tracking = options.tracked ? await trackingOf(base) : undefined;
  const tracked = tracking ? readTracked(base, filters, tracking) : Promise.resolve({ rows: [], truncated: false });
  tracked.catch(() => undefined); // awaited below
  const pmJql = query(
    and(
      inList({ issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'status' }, [...PostmortemStatus.options]),
      ...(filters.projectKeys.length ? [inList('project', filters.projectKeys)] : []),
    ),
    [['key', 'ASC']],
  );
  const pms = await jira.searchAll('user', pmJql, [...TRACKED_FIELDS, 'created'], {
    limit: POSTMORTEM_READ_LIMIT,
    properties: [POSTMORTEM_PROPERTY_KEY],
  });
  base.counter.calls += pms.pages;
  const check = await seals;
  const unproved: ReportPostmortem[] = [];
  const claims = pms.issues.filter((i) => {
    const raw = i.properties?.[POSTMORTEM_PROPERTY_KEY];
    if (provenPostmortem(i.id, raw, check)) return true;
    const late = tracking ? trackedRow(base, tracking, i) : undefined;
    if (late) {
      unproved.push(late);
      return false;
    }
    // Otherwise (not tracked, or not late yet) an unproved record counts only as a draft.
    return PostmortemIssueProperty.safeParse(raw).data?.status === 'draft';
  });
  // A postmortem counts only when the page it names confirms it to the viewer; its link and title
  // are the page's own, never the incident property's text.
  const evidence = await readPostmortemEvidence(
    claims.map((i) => ({ incidentKey: i.key, issueProperty: i.properties?.[POSTMORTEM_PROPERTY_KEY] })),
    { as: 'user', counter: base.counter },
  );
  const verified = verifyPostmortemLinks(evidence, base.siteUrl || undefined);
  const requests = new Map(evidence.map((e) => [e.incidentKey, reviewRequestOf(e.contentProperty)]));
  const rows: ReportPostmortem[] = claims.flatMap((i) => {
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
    rows: [...rows, ...unproved, ...late.rows],
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
