/**
 * The escalation report, aggregated purely from what the resolver read as the viewing user.
 * O(n log n) in the number of items (sorting); no I/O.
 *
 * Sections:
 * - overdue: open items past their due date, grouped by project, by manager (the project's
 *   escalation contacts, else its lead; an item is in each of its managers' groups) and by
 *   assignee, with days-overdue buckets 1–7, 8–30, over 30; most overdue first.
 * - dueSoon: open items due today or in the next 7 days, soonest first.
 * - noDueDate, unassigned: open items without a due date / without an assignee.
 * - postmortems: late (draft, past due; most late first), the review queue (in review, oldest
 *   request first) and those reviewed in the last 30 days (today and the 29 days before).
 * - trends: see trends.ts; the overdue series comes from the sweep run summaries.
 * Filters: see `ReportFilters` in src/contracts/report-rows.ts.
 */
import { dateOfInstant, daysBetween, dueState, isIsoDate } from '../dates';
import { safeUrl } from '../html';
import { postmortemOnTime } from '../postmortem/timeliness';
import { managersOf } from '../sweep/contacts';
import { issueUrl } from '../sweep/messages';
import { sortItemRows, sortPostmortemRows } from './sort';
import { daysToReviewed, overdueOverTime, weeklyTrends } from './trends';
import type {
  BucketCounts,
  OverdueBucket,
  ReportFilters,
  ReportGroup,
  ReportInput,
  ReportItem,
  ReportItemRow,
  ReportPostmortem,
  ReportPostmortemRow,
  ReportResult,
} from './types';

export const DUE_SOON_DAYS = 7;
export const RECENTLY_REVIEWED_DAYS = 30;

export function bucketOf(daysOverdue: number): OverdueBucket {
  if (daysOverdue <= 7) return '1-7';
  if (daysOverdue <= 30) return '8-30';
  return 'over-30';
}

function emptyBuckets(): BucketCounts {
  return { '1-7': 0, '8-30': 0, 'over-30': 0 };
}

function validDate(date: string | null | undefined): string | null {
  return date && isIsoDate(date) ? date : null;
}

function instantOrNull(iso: string | null | undefined): string | null {
  return iso && !Number.isNaN(Date.parse(iso)) ? iso : null;
}

/** Scope filters (project, manager): they apply to every section and the trends. */
function inScope(filters: ReportFilters, projectKey: string, managers: readonly string[]): boolean {
  if (filters.projectKeys.length > 0 && !filters.projectKeys.includes(projectKey)) return false;
  if (filters.managerAccountId && !managers.includes(filters.managerAccountId)) return false;
  return true;
}

/** The date range applies to due dates; a subject without one passes. */
function inRange(filters: ReportFilters, dueDate: string | null): boolean {
  if (!dueDate) return true;
  if (filters.from && dueDate < filters.from) return false;
  if (filters.to && dueDate > filters.to) return false;
  return true;
}

export function itemRow(
  item: ReportItem,
  today: string,
  siteUrl: string,
  managers: readonly string[],
  postmortemUrl: string | null,
): ReportItemRow {
  const dueDate = validDate(item.dueDate);
  const state = dueState(dueDate, today);
  const daysOverdue = state.kind === 'overdue' ? state.days : null;
  return {
    key: item.key,
    summary: item.summary,
    projectKey: item.projectKey,
    incidentKey: item.incidentKey,
    assignee: item.assignee ? { accountId: item.assignee.accountId, displayName: item.assignee.displayName } : null,
    dueDate,
    daysOverdue,
    daysUntilDue: state.kind === 'due' ? state.days : state.kind === 'due-today' ? 0 : null,
    bucket: daysOverdue === null ? null : bucketOf(daysOverdue),
    managers: [...managers],
    priority: item.priority ?? null,
    itemUrl: issueUrl(siteUrl, item.key),
    incidentUrl: item.incidentKey ? issueUrl(siteUrl, item.incidentKey) : null,
    postmortemUrl: safeUrl(postmortemUrl ?? item.pageUrl) ?? null,
    lateDueDate: item.lateDueDate ?? null,
  };
}

export function postmortemRow(pm: ReportPostmortem, today: string, siteUrl: string, timeZone: string): ReportPostmortemRow {
  const dueDate = validDate(pm.dueDate) ?? today;
  const onTime = postmortemOnTime({ status: pm.status, dueDate }, today, timeZone);
  const requestedReviewAt = instantOrNull(pm.requestedReviewAt);
  let daysInQueue: number | null = null;
  if (pm.status === 'in-review' && requestedReviewAt) {
    daysInQueue = Math.max(0, daysBetween(dateOfInstant(requestedReviewAt, timeZone), today));
  }
  return {
    incidentKey: pm.incidentKey,
    incidentProjectKey: pm.incidentProjectKey,
    incidentUrl: issueUrl(siteUrl, pm.incidentKey),
    pageId: pm.pageId ?? '',
    pageTitle: pm.pageTitle,
    pageUrl: safeUrl(pm.pageUrl) ?? '',
    ownerAccountId: pm.ownerAccountId,
    status: pm.status,
    incidentDate: validDate(pm.incidentDate) ?? dueDate,
    dueDate,
    // Late = not sent to review by the due date (postmortemOnTime, the one meaning of on time).
    daysLate: onTime.kind === 'open' && onTime.late ? onTime.daysLate : null,
    requestedReviewAt,
    daysInQueue,
    reviewedAt: instantOrNull(pm.reviewedAt),
    daysToReviewed: daysToReviewed(pm, timeZone),
    ...(pm.pageId === null ? { noPage: true } : {}),
    ...(pm.status === 'in-review' && pm.reviewRequest ? { reviewRequest: pm.reviewRequest } : {}),
  };
}

interface GroupAcc {
  key: string;
  label: string;
  buckets: BucketCounts;
  itemKeys: string[];
}

function addToGroup(groups: Map<string, GroupAcc>, key: string, label: string, row: ReportItemRow): void {
  let g = groups.get(key);
  if (!g) {
    g = { key, label, buckets: emptyBuckets(), itemKeys: [] };
    groups.set(key, g);
  }
  if (row.bucket) g.buckets[row.bucket]++;
  g.itemKeys.push(row.key);
}

function finishGroups(groups: Map<string, GroupAcc>): ReportGroup[] {
  return [...groups.values()]
    .map((g) => ({ ...g, count: g.itemKeys.length }))
    .sort(
      (a, b) =>
        b.count - a.count || (a.label.toLowerCase() < b.label.toLowerCase() ? -1 : a.label.toLowerCase() > b.label.toLowerCase() ? 1 : 0),
    );
}

/** Groups overdue rows (already sorted most overdue first) by project, manager and assignee. */
export function groupOverdue(
  rows: readonly ReportItemRow[],
  people: Readonly<Record<string, string>> = {},
): { byProject: ReportGroup[]; byManager: ReportGroup[]; byAssignee: ReportGroup[]; buckets: BucketCounts } {
  const byProject = new Map<string, GroupAcc>();
  const byManager = new Map<string, GroupAcc>();
  const byAssignee = new Map<string, GroupAcc>();
  const buckets = emptyBuckets();
  for (const row of rows) {
    if (row.bucket) buckets[row.bucket]++;
    addToGroup(byProject, row.projectKey, row.projectKey, row);
    if (row.managers.length === 0) addToGroup(byManager, '', 'No manager', row);
    for (const m of row.managers) addToGroup(byManager, m, people[m] ?? m, row);
    if (row.assignee) addToGroup(byAssignee, row.assignee.accountId, row.assignee.displayName, row);
    else addToGroup(byAssignee, '', 'Unassigned', row);
  }
  return { byProject: finishGroups(byProject), byManager: finishGroups(byManager), byAssignee: finishGroups(byAssignee), buckets };
}

/** Builds the whole report. */
export function buildReport(input: ReportInput): ReportResult {
  const { today, siteUrl, settings, projects, filters } = input;
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const timeZone = settings.timeZone;
  const people = input.people ?? {};

  const managersByProject = new Map<string, string[]>();
  const managers = (projectKey: string): string[] => {
    let m = managersByProject.get(projectKey);
    if (!m) {
      m = managersOf(settings, projects, projectKey);
      managersByProject.set(projectKey, m);
    }
    return m;
  };
  const pmUrlByIncident = new Map<string, string>();
  for (const pm of input.postmortems) pmUrlByIncident.set(pm.incidentKey, pm.pageUrl);

  const optionProjects = new Set<string>();
  const optionManagers = new Set<string>();
  const overdue: ReportItemRow[] = [];
  const dueSoon: ReportItemRow[] = [];
  const noDueDate: ReportItemRow[] = [];
  const unassigned: ReportItemRow[] = [];
  const trendItems: ReportItem[] = [];
  const scopedItems: ReportItem[] = [];

  for (const item of input.items) {
    const m = managers(item.projectKey);
    optionProjects.add(item.projectKey);
    for (const id of m) optionManagers.add(id);
    if (!inScope(filters, item.projectKey, m)) continue;
    scopedItems.push(item);
    if (item.statusCategory === 'done') {
      trendItems.push(item);
      continue;
    }
    const row = itemRow(item, today, siteUrl, m, item.incidentKey ? (pmUrlByIncident.get(item.incidentKey) ?? null) : null);
    if (!inRange(filters, row.dueDate)) continue;
    if (row.dueDate === null) noDueDate.push(row);
    else if (row.daysOverdue !== null) overdue.push(row);
    else if (row.daysUntilDue !== null && row.daysUntilDue <= DUE_SOON_DAYS) dueSoon.push(row);
    if (!row.assignee) unassigned.push(row);
  }

  const late: ReportPostmortemRow[] = [];
  const queue: ReportPostmortemRow[] = [];
  const reviewed: ReportPostmortemRow[] = [];
  const trendPms: ReportPostmortem[] = [];
  for (const pm of input.postmortems) {
    const m = managers(pm.incidentProjectKey);
    optionProjects.add(pm.incidentProjectKey);
    for (const id of m) optionManagers.add(id);
    if (!inScope(filters, pm.incidentProjectKey, m)) continue;
    trendPms.push(pm);
    const row = postmortemRow(pm, today, siteUrl, timeZone);
    if (!inRange(filters, row.dueDate)) continue;
    if (row.daysLate !== null) late.push(row);
    else if (pm.status === 'in-review') queue.push(row);
    else if (pm.status === 'reviewed' && row.reviewedAt) {
      const age = daysBetween(dateOfInstant(row.reviewedAt, timeZone), today);
      if (age >= 0 && age < RECENTLY_REVIEWED_DAYS) reviewed.push(row);
    }
  }

  const overdueSorted = sortItemRows(overdue, 'daysOverdue', 'desc');
  const groups = groupOverdue(overdueSorted, people);
  const trends = weeklyTrends(trendItems, trendPms, today, timeZone);

  const referenced = new Set<string>();
  for (const g of groups.byManager) if (g.key) referenced.add(g.key);
  for (const id of optionManagers) referenced.add(id);
  for (const r of [...late, ...queue, ...reviewed]) referenced.add(r.ownerAccountId);
  const shownPeople: Record<string, string> = {};
  for (const id of referenced) {
    const name = people[id];
    if (name !== undefined) shownPeople[id] = name;
  }

  return {
    today,
    filters,
    overdue: { rows: overdueSorted, ...groups },
    dueSoon: sortItemRows(dueSoon, 'dueDate', 'asc'),
    noDueDate: sortItemRows(noDueDate, 'key', 'asc'),
    unassigned: sortItemRows(unassigned, 'dueDate', 'asc'),
    postmortems: {
      late: sortPostmortemRows(late, 'daysLate', 'desc'),
      reviewQueue: reviewQueueOrder(queue),
      recentlyReviewed: sortPostmortemRows(reviewed, 'reviewedAt', 'desc'),
    },
    trends: {
      ...trends,
      // From the viewer's own items only (never the sweep's site-wide counts).
      overdueOverTime: overdueOverTime(scopedItems, today, timeZone),
    },
    people: shownPeople,
    filterOptions: {
      projectKeys: [...optionProjects].sort(),
      managerAccountIds: [...optionManagers].sort(),
    },
  };
}

/** The review meeting's agenda: oldest review request first (a postmortem without one by due date). */
export function reviewQueueOrder(rows: readonly ReportPostmortemRow[]): ReportPostmortemRow[] {
  const at = (r: ReportPostmortemRow) => (r.requestedReviewAt ? Date.parse(r.requestedReviewAt) : Date.parse(`${r.dueDate}T00:00:00Z`));
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => at(a.r) - at(b.r) || a.i - b.i)
    .map((x) => x.r);
}
