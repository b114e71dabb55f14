/**
 * Resolver of the Postmortem report global page (manifest function `report-resolver`), read live
 * from Jira as the viewing user (docs/decisions/0010-report-at-any-size.md).
 *
 * Everything is read as the viewer (`asUser`), so Jira's own permissions decide what a manager
 * sees: every count is Jira's count of what they may browse, every row is from a search as them.
 * Open action items are never read whole: each figure is one `search/approximate-count` call and
 * each section one page of a search in the section's order, so the calls do not grow with the
 * number of open items. For k projects the viewer browses, a assignees on the first overdue page,
 * p postmortems and c items closed per trend week, `getReport` makes, in three rounds of parallel
 * calls: ⌈k/50⌉ project reads, 7 + 4k + 3(a+1) + 12 counts, 4 section pages, 1 + ⌈p/100⌉ postmortem
 * searches and p + ⌈p/250⌉ Confluence reads (each postmortem is confirmed by its page), 12 × ⌈c/100⌉
 * searches of closed items (the weekly trend), and one user look-up per 100 people named.
 */
import type { Clause } from '@atlaskit/jql-ast';
import { z } from 'zod';
import * as clock from '../adapters/clock';
import * as jira from '../adapters/jira';
import { readPostmortemEvidence } from '../adapters/postmortem-pages';
import { readSettings } from '../adapters/settings';
import { AccountId, IsoDate, IsoDateTime, IssueKey, PageId } from '../contracts/ids';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, POSTMORTEM_PROPERTY_KEY, PostmortemIssueProperty } from '../contracts/properties';
import type { OverdueBucket, ReportFilters, ReportItemRow, ReportResult, ReportSection } from '../contracts/report';
import { CSV_PART_ROWS, type GroupBy, type GroupSummary, type ReportOverview, type SectionPage } from '../contracts/report-calls';
import type { Settings } from '../contracts/settings';
import { addDays, dateOfInstant, todayIn } from '../domain/dates';
import { and, clause, eq, inList, isNotEmpty, neq, or, query, type JqlValue } from '../domain/jql';
import {
  buildReport,
  itemRow,
  itemRowsCsv,
  postmortemRowsCsv,
  REPORT_ITEM_FIELDS,
  sectionRows,
  sortPostmortemRows,
  TREND_WEEKS,
  trendWindowStart,
  type ItemSortKey,
  type PostmortemSortKey,
  type ReportItem,
  type ReportPostmortem,
  type SortDirection,
} from '../domain/report';
import {
  BUCKET_KEYS,
  bucketClause,
  countJql,
  groupClause,
  isItemSection,
  ITEM_SECTIONS,
  itemSectionJql,
  offsetOfToken,
  offsetToken,
  oldest,
  projectsOfManager,
  scopeClauses,
  scopedProjects,
  sortGroups,
  sumBuckets,
  type Figure,
  type ItemSection,
} from '../domain/report/live';
import { verifyPostmortemLinks } from '../domain/postmortem';
import { managersOf } from '../domain/sweep/contacts';
import type { StatusCategoryKey } from '../domain/sweep/types';
import { siteUrlOf } from './context';
import { defineSurface, Refusal, type Handler } from './define';
import { ProductError } from '../adapters/http';

/** The most postmortems one report reads (one per incident). */
export const POSTMORTEM_READ_LIMIT = 5_000;
/** Pages of closed items read per trend week (the weekly trend is read, not counted). */
const TREND_PAGES_PER_WEEK = 5;

// ---------- reading (as the user) ----------

const ItemProperty = z.object({ incidentKey: IssueKey, pageId: PageId.optional() }).loose();
const IncidentProperty = PostmortemIssueProperty.extend({
  // Optional extras the incident property may carry (the content property has them).
  incidentDate: IsoDate.optional(),
  requestedReviewAt: IsoDateTime.optional(),
  reviewedAt: IsoDateTime.optional(),
  ownerAccountId: AccountId,
});
const StatusCategory = z.enum(['new', 'indeterminate', 'done']);

function itemOf(issue: jira.Issue): ReportItem | undefined {
  const f = issue.fields;
  const projectKey = f.project?.key ?? issue.key.split('-')[0] ?? '';
  const category = StatusCategory.safeParse(f.status?.statusCategory.key);
  const prop = ItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
  const person = (p: { accountId: string; displayName: string } | null | undefined) =>
    p ? { accountId: p.accountId, displayName: p.displayName || p.accountId } : null;
  return {
    key: issue.key,
    summary: f.summary ?? '',
    statusCategory: (category.success ? category.data : 'new') satisfies StatusCategoryKey,
    assignee: person(f.assignee),
    reporter: person(f.reporter),
    dueDate: f.duedate ?? null,
    projectKey,
    incidentKey: prop.success ? prop.data.incidentKey : null,
    pageId: prop.success ? (prop.data.pageId ?? null) : null,
    priority: f.priority?.name ?? null,
    resolutionDate: f.resolutiondate ?? null,
  };
}

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

// ---------- what every call reads first: settings, the projects the viewer browses, postmortems ----------

/** Counts the product calls an answer costs (the page shows it; the site tests hold it constant). */
interface Counter {
  calls: number;
}

interface Base {
  settings: Settings;
  today: string;
  /** When this answer started: the as-of of figures that need no call (an empty scope is zero now). */
  now: string;
  siteUrl: string;
  /** The projects the viewer may browse, with their leads (the escalation fallback). */
  projects: Record<string, { leadAccountId: string | null; name: string }>;
  people: Record<string, string>;
  counter: Counter;
}

function refuseHiddenProjects(filters: ReportFilters): never {
  throw new Refusal(
    'invalid-input',
    `You can filter only by projects you may browse in Jira, and ${filters.projectKeys.join(', ')} includes one that does not exist or is hidden from you. Clear the project filter or pick another project.`,
    { projectKeys: 'Pick projects you can browse.' },
  );
}

async function readBase(filters: ReportFilters, siteUrl: string | undefined): Promise<Base> {
  const counter: Counter = { calls: 0 };
  const [{ settings }, found] = await Promise.all([readSettings(), jira.browsableProjects('user')]);
  counter.calls += Math.max(1, Math.ceil(found.length / 50));
  const now = clock.now();
  const projects: Base['projects'] = {};
  const people: Record<string, string> = {};
  for (const p of found) {
    projects[p.key] = { leadAccountId: p.lead?.accountId ?? null, name: p.name };
    if (p.lead) people[p.lead.accountId] = p.lead.displayName;
  }
  // A project filter naming a project the viewer cannot browse is refused, as Jira refuses its JQL.
  if (filters.projectKeys.some((k) => !Object.hasOwn(projects, k))) refuseHiddenProjects(filters);
  return { settings, today: todayIn(settings.timeZone, now), now: now.toISOString(), siteUrl: siteUrl ?? '', projects, people, counter };
}

/** Jira answers 400 when a JQL names a project the viewer cannot browse, or a page token no longer fits its query. */
function refusalOf(err: unknown, filters: ReportFilters, paging: boolean): unknown {
  if (err instanceof ProductError && err.status === 400) {
    if (paging && /page token/i.test(err.body)) {
      return new Refusal(
        'conflict',
        'The report has moved on since this page was read (a new day began in the site’s time zone). Reload the report and page again.',
      );
    }
    if (filters.projectKeys.length > 0) {
      try {
        refuseHiddenProjects(filters);
      } catch (refusal) {
        return refusal;
      }
    }
  }
  return err;
}

interface Scope {
  /** Clauses every item figure shares; undefined when the filters leave no project (every figure is zero). */
  clauses: Clause[] | undefined;
  /** The projects in scope, or undefined for every project the viewer browses. */
  projectKeys: readonly string[] | undefined;
}

function scopeOf(base: Base, filters: ReportFilters): Scope {
  const managerProjects =
    filters.managerAccountId !== undefined ? projectsOfManager(base.settings, base.projects, filters.managerAccountId) : undefined;
  const projectKeys = scopedProjects(filters, managerProjects);
  return { clauses: scopeClauses(filters, projectKeys), projectKeys };
}

async function count(base: Base, scope: Clause[] | undefined, ...extra: Clause[]): Promise<Figure> {
  if (!scope) return { count: 0, asOf: base.now };
  base.counter.calls += 1;
  return jira.approximateCount('user', countJql(scope, ...extra));
}

async function buckets(base: Base, scope: Clause[] | undefined, ...extra: Clause[]): Promise<Record<OverdueBucket, Figure>> {
  const [a, b, c] = await Promise.all(BUCKET_KEYS.map((k) => count(base, scope, bucketClause(k, base.today), ...extra)));
  return { '1-7': a!, '8-30': b!, 'over-30': c! };
}

interface Postmortems {
  rows: ReportPostmortem[];
  /** Verified postmortem page URL by incident key (an item's postmortem link). */
  urlByIncident: Map<string, string>;
  truncated: boolean;
}

/** Every postmortem the viewer may see (one per incident, so their number follows incidents, not items), each confirmed by its page. */
async function readPostmortems(base: Base, filters: ReportFilters): Promise<Postmortems> {
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
  const rows = pms.issues.flatMap((i) => {
    const pm = verified.get(i.key);
    const row = pm ? postmortemOf(i, base.settings.timeZone) : undefined;
    return pm && row ? [{ ...row, pageTitle: pm.pageTitle, pageUrl: pm.pageUrl, ownerAccountId: pm.ownerAccountId }] : [];
  });
  return { rows, urlByIncident: new Map(rows.map((r) => [r.incidentKey, r.pageUrl])), truncated: pms.truncated };
}

/** Looks up the display names of `ids` not yet known (one call per 100). */
async function addPeople(base: Base, ids: Iterable<string>): Promise<void> {
  const unknown = [...new Set(ids)].filter((id) => id && !Object.hasOwn(base.people, id));
  if (!unknown.length) return;
  for (const u of await jira.bulkUsers('user', unknown)) base.people[u.accountId] = u.displayName;
  base.counter.calls += Math.ceil(unknown.length / 100);
}

// ---------- action-item sections: one page of a search, its total a count ----------

const ITEM_SORTS = new Set<string>(['daysOverdue', 'dueDate', 'key', 'summary', 'assignee', 'project', 'incident', 'priority']);
const PM_SORTS = new Set<string>(['dueDate', 'incident', 'title', 'daysLate', 'requestedReviewAt', 'reviewedAt']);

function itemSort(section: ItemSection, sort: { by: string; direction: SortDirection } | undefined) {
  if (!sort) return ITEM_SECTIONS[section].order;
  if (!ITEM_SORTS.has(sort.by))
    throw new Refusal('invalid-input', `Action items cannot be sorted by "${sort.by}".`, { sort: 'Pick a column of the table.' });
  return { by: sort.by as ItemSortKey, direction: sort.direction };
}

/** The clause of a group of the overdue section; null when the group can hold nothing (a manager without projects). */
function groupExtra(base: Base, section: ReportSection, group: { by: GroupBy; key: string } | undefined): Clause[] | null {
  if (!group) return [];
  if (section !== 'overdue') throw new Refusal('invalid-input', 'Only the overdue items are grouped; clear the group and try again.');
  const managerProjects = group.by === 'manager' ? projectsOfManager(base.settings, base.projects, group.key) : undefined;
  const c = groupClause(group.by, group.key, managerProjects);
  return c ? [c] : null;
}

function toRows(base: Base, issues: jira.Issue[], pms: Postmortems): ReportItemRow[] {
  return issues.flatMap((issue) => {
    const item = itemOf(issue);
    if (!item) return [];
    const managers = managersOf(base.settings, base.projects, item.projectKey);
    const pmUrl = item.incidentKey ? (pms.urlByIncident.get(item.incidentKey) ?? null) : null;
    return [itemRow({ ...item, pageUrl: undefined }, base.today, base.siteUrl, managers, pmUrl)];
  });
}

interface ItemPageQuery {
  section: ItemSection;
  sort?: { by: string; direction: SortDirection };
  group?: { by: GroupBy; key: string };
  pageToken?: string;
  offset: number;
  limit: number;
}

async function itemPage(base: Base, scope: Scope, pms: Promise<Postmortems>, q: ItemPageQuery): Promise<SectionPage> {
  const sort = itemSort(q.section, q.sort);
  const extra = groupExtra(base, q.section, q.group);
  if (!scope.clauses || extra === null) return { kind: 'items', section: q.section, total: 0, asOf: base.now, offset: q.offset, rows: [] };
  const jql = itemSectionJql(q.section, scope.clauses, base.today, extra, sort);
  base.counter.calls += 1;
  const [total, page, postmortems] = await Promise.all([
    count(base, scope.clauses, ITEM_SECTIONS[q.section].where(base.today), ...extra),
    jira.searchPage('user', jql, [...REPORT_ITEM_FIELDS], {
      maxResults: Math.min(q.limit, 100),
      properties: [ACTION_ITEM_PROPERTY_KEY],
      ...(q.pageToken ? { nextPageToken: q.pageToken } : {}),
    }),
    pms,
  ]);
  return {
    kind: 'items',
    section: q.section,
    total: total.count,
    asOf: total.asOf,
    offset: q.offset,
    rows: toRows(base, page.issues, postmortems),
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  };
}

// ---------- postmortem sections and trends: from the postmortems and the closed items of the window ----------

/** The items closed in the trend window, read one search per week in parallel (at most TREND_PAGES_PER_WEEK pages each). */
async function readClosedItems(base: Base, scope: Scope): Promise<{ items: ReportItem[]; truncated: boolean }> {
  if (scope.projectKeys && scope.projectKeys.length === 0) return { items: [], truncated: false };
  const first = trendWindowStart(base.today);
  // Week w holds resolutions from the day before its Monday (a late-evening UTC instant may fall on
  // the Monday locally); the ranges do not overlap, so no item is read twice.
  const bounds = Array.from({ length: TREND_WEEKS }, (_, w) => addDays(first, 7 * w - 1));
  const weeks = await Promise.all(
    bounds.map((from, w) => {
      const to = bounds[w + 1];
      const jql = query(
        and(
          eq('labels', ACTION_ITEM_LABEL),
          eq('statusCategory', 'Done'),
          clause('resolved', '>=', from),
          ...(to ? [clause('resolved', '<', to)] : []),
          ...(scope.projectKeys ? [inList('project', [...scope.projectKeys])] : []),
        ),
        [['key', 'ASC']],
      );
      return jira.searchAll('user', jql, [...REPORT_ITEM_FIELDS], {
        limit: TREND_PAGES_PER_WEEK * 100,
        properties: [ACTION_ITEM_PROPERTY_KEY],
      });
    }),
  );
  base.counter.calls += weeks.reduce((n, w) => n + w.pages, 0);
  return { items: weeks.flatMap((w) => w.issues.flatMap((i) => itemOf(i) ?? [])), truncated: weeks.some((w) => w.truncated) };
}

/** Overdue action items at the end of each trend week (today for this week): one count each, in parallel. */
async function overdueOverTime(base: Base, scope: Scope): Promise<Array<{ at: string; overdueCount: number }>> {
  const first = trendWindowStart(base.today);
  const days = Array.from({ length: TREND_WEEKS }, (_, w) => {
    const end = addDays(first, 7 * w + 6);
    return end < base.today ? end : base.today;
  });
  const inScope = scope.projectKeys ? [inList('project', [...scope.projectKeys] as JqlValue[])] : [];
  const empty = scope.projectKeys !== undefined && scope.projectKeys.length === 0;
  const figures = await Promise.all(
    days.map((day) =>
      count(
        base,
        empty ? undefined : [eq('labels', ACTION_ITEM_LABEL), ...inScope],
        clause('duedate', '<', day),
        // not yet resolved at the end of that day
        or(neq('statusCategory', 'Done'), clause('resolved', '>=', addDays(day, 1))),
      ),
    ),
  );
  return days.map((day, i) => ({ at: `${day}T12:00:00.000Z`, overdueCount: figures[i]!.count }));
}

function postmortemReport(base: Base, filters: ReportFilters, pms: Postmortems, closed: ReportItem[]): ReportResult {
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

function postmortemPage(
  result: ReportResult,
  section: ReportSection,
  asOf: string,
  q: { sort?: { by: string; direction: SortDirection }; group?: unknown; pageToken?: string; offset: number; limit: number },
): SectionPage {
  if (q.group) throw new Refusal('invalid-input', 'Only the overdue items are grouped; clear the group and try again.');
  const s = sectionRows(result, section);
  let rows = s.kind === 'postmortems' ? s.rows : [];
  if (q.sort) {
    if (!PM_SORTS.has(q.sort.by))
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

// ---------- the report ----------

const SECTIONS: ReportSection[] = [
  'overdue',
  'due-soon',
  'no-due-date',
  'unassigned',
  'postmortems-late',
  'review-queue',
  'recently-reviewed',
];

/** Assignee groups for `assignees` (label = display name), each with its bucket counts. */
async function assigneeGroups(
  base: Base,
  scope: Scope,
  assignees: ReadonlyArray<{ accountId: string; displayName: string }>,
): Promise<GroupSummary[]> {
  return Promise.all(
    assignees.map(async (a) => {
      const f = await buckets(base, scope.clauses, groupClause('assignee', a.accountId, undefined)!);
      return group(a.accountId, a.accountId ? a.displayName : 'Unassigned', f, base.now);
    }),
  );
}

function group(key: string, label: string, f: Record<OverdueBucket, Figure>, fallback: string): GroupSummary {
  const b = { '1-7': f['1-7'].count, '8-30': f['8-30'].count, 'over-30': f['over-30'].count };
  return { key, label, count: b['1-7'] + b['8-30'] + b['over-30'], buckets: b, asOf: oldest(Object.values(f), fallback) };
}

/** Overdue items with an assignee not among `known`: what the assignee groups shown do not cover yet. */
function otherAssigneesCount(base: Base, scope: Scope, known: readonly string[]): Promise<Figure> {
  const named = known.filter((k) => k !== '');
  return count(
    base,
    scope.clauses,
    ITEM_SECTIONS.overdue.where(base.today),
    isNotEmpty('assignee'),
    ...(named.length ? [clause('assignee', 'not in', named)] : []),
  );
}

/** Distinct assignees of `rows`, in order of first appearance. */
function assigneesOf(rows: readonly ReportItemRow[]): Array<{ accountId: string; displayName: string }> {
  const seen = new Map<string, string>();
  for (const r of rows) if (r.assignee && !seen.has(r.assignee.accountId)) seen.set(r.assignee.accountId, r.assignee.displayName);
  return [...seen].map(([accountId, displayName]) => ({ accountId, displayName }));
}

export const getReport: Handler<'report-resolver', 'getReport'> = async ({ payload, context }) => {
  const filters = payload.filters;
  const base = await readBase(filters, siteUrlOf(context));
  const scope = scopeOf(base, filters);
  const projectKeys = Object.keys(base.projects).sort();
  try {
    const pms = readPostmortems(base, filters);
    pms.catch(() => undefined); // awaited below; a failure is reported there
    const inScope = (k: string) => !scope.projectKeys || scope.projectKeys.includes(k);
    const [summary, pages, perProject, closed, overdueSeries, postmortems] = await Promise.all([
      buckets(base, scope.clauses, ITEM_SECTIONS.overdue.where(base.today)),
      Promise.all(
        (['overdue', 'due-soon', 'no-due-date', 'unassigned'] as const).map((section) =>
          itemPage(base, scope, pms, { section, offset: 0, limit: payload.pageSize }),
        ),
      ),
      // Per project the viewer browses: its open items (the filter offers projects that have some) and,
      // when in scope, its overdue buckets (the project and manager groups).
      Promise.all(
        projectKeys.map(async (key) => {
          const [open, f] = await Promise.all([
            count(base, scopeClauses({ projectKeys: [] }, [key])),
            inScope(key) ? buckets(base, scope.clauses, ITEM_SECTIONS.overdue.where(base.today), eq('project', key)) : undefined,
          ]);
          return { key, open, buckets: f };
        }),
      ),
      readClosedItems(base, scope),
      overdueOverTime(base, scope),
      pms,
    ]);
    const overduePage = pages[0]!;
    const shownAssignees = [
      ...assigneesOf(overduePage.kind === 'items' ? overduePage.rows : []),
      { accountId: '', displayName: 'Unassigned' },
    ];
    const [byAssignee, others] = await Promise.all([
      assigneeGroups(base, scope, shownAssignees),
      otherAssigneesCount(
        base,
        scope,
        shownAssignees.map((a) => a.accountId),
      ),
    ]);

    const present = perProject.filter((p) => p.open.count > 0).map((p) => p.key);
    const managersPresent = new Set(present.flatMap((k) => managersOf(base.settings, base.projects, k)));
    const grouped = perProject.filter((p) => p.buckets);
    const byProject = grouped.map((p) => group(p.key, p.key, p.buckets!, base.now)).filter((g) => g.count > 0);
    const managerKeys = new Map<string, string[]>();
    for (const p of grouped) {
      const m = managersOf(base.settings, base.projects, p.key);
      for (const id of m.length ? m : ['']) managerKeys.set(id, [...(managerKeys.get(id) ?? []), p.key]);
    }
    await addPeople(base, [...managersPresent, ...managerKeys.keys(), ...postmortems.rows.map((p) => p.ownerAccountId)]);
    const label = (id: string) => base.people[id] ?? id;
    const byManager = [...managerKeys].map(([id, keys]) =>
      group(
        id,
        id ? label(id) : 'No manager',
        sumBuckets(
          keys.map((k) => perProject.find((p) => p.key === k)!.buckets!),
          base.now,
        ),
        base.now,
      ),
    );

    const result = postmortemReport(base, filters, postmortems, closed.items);
    const sectionAsOf = oldest(pages, base.now);
    const sections = SECTIONS.map((s) =>
      isItemSection(s)
        ? pages.find((p) => p.section === s)!
        : postmortemPage(result, s, sectionAsOf, { offset: 0, limit: payload.pageSize }),
    );
    const bucketsAsOf = oldest(Object.values(summary), base.now);
    const people: Record<string, string> = { ...result.people };
    for (const id of [...managersPresent, ...managerKeys.keys()]) if (base.people[id]) people[id] = base.people[id];
    const answer: ReportOverview = {
      today: base.today,
      asOf: oldest([...pages, { asOf: bucketsAsOf }, ...byAssignee, { asOf: others.asOf }], base.now),
      filters: result.filters,
      buckets: { '1-7': summary['1-7'].count, '8-30': summary['8-30'].count, 'over-30': summary['over-30'].count },
      bucketsAsOf,
      groups: {
        byProject: sortGroups(byProject),
        byManager: sortGroups(byManager.filter((g) => g.count > 0)),
        byAssignee: sortGroups(byAssignee.filter((g) => g.count > 0)),
        otherAssignees: others.count,
      },
      sections,
      trends: { ...result.trends, overdueOverTime: overdueSeries },
      people,
      filterOptions: {
        projects: present
          .map((k) => ({ value: k, label: base.projects[k]?.name ? `${base.projects[k].name} (${k})` : k }))
          .sort((a, b) => a.label.localeCompare(b.label)),
        managers: [...managersPresent].map((id) => ({ value: id, label: label(id) })).sort((a, b) => a.label.localeCompare(b.label)),
      },
      truncated: postmortems.truncated || closed.truncated,
      productCalls: base.counter.calls,
    };
    return answer;
  } catch (err) {
    throw refusalOf(err, filters, false);
  }
};

export const getAssigneeGroups: Handler<'report-resolver', 'getAssigneeGroups'> = async ({ payload }) => {
  const filters = payload.filters;
  const base = await readBase(filters, undefined);
  const scope = scopeOf(base, filters);
  try {
    if (!scope.clauses) return { groups: [], otherAssignees: 0, asOf: base.now };
    const named = payload.exclude.filter((k) => k !== '');
    const jql = itemSectionJql(
      'overdue',
      scope.clauses,
      base.today,
      [isNotEmpty('assignee'), ...(named.length ? [clause('assignee', 'not in', named)] : [])],
      ITEM_SECTIONS.overdue.order,
    );
    base.counter.calls += 1;
    const page = await jira.searchPage('user', jql, ['assignee'], { maxResults: 100 });
    const found = assigneesOf(
      page.issues.flatMap((i) =>
        i.fields.assignee
          ? [
              {
                assignee: {
                  accountId: i.fields.assignee.accountId,
                  displayName: i.fields.assignee.displayName || i.fields.assignee.accountId,
                },
              } as ReportItemRow,
            ]
          : [],
      ),
    ).slice(0, 20);
    const [groups, others] = await Promise.all([
      assigneeGroups(base, scope, found),
      otherAssigneesCount(base, scope, [...named, ...found.map((a) => a.accountId)]),
    ]);
    return {
      groups: sortGroups(groups.filter((g) => g.count > 0)),
      otherAssignees: others.count,
      asOf: oldest([...groups, others], base.now),
    };
  } catch (err) {
    throw refusalOf(err, filters, false);
  }
};

export const getSection: Handler<'report-resolver', 'getSection'> = async ({ payload, context }) => {
  const base = await readBase(payload.filters, siteUrlOf(context));
  const scope = scopeOf(base, payload.filters);
  try {
    const section = payload.section;
    if (isItemSection(section)) {
      const pms = readPostmortems(base, payload.filters);
      pms.catch(() => undefined);
      return await itemPage(base, scope, pms, { ...payload, section });
    }
    const pms = await readPostmortems(base, payload.filters);
    return postmortemPage(postmortemReport(base, payload.filters, pms, []), section, clock.now().toISOString(), payload);
  } catch (err) {
    throw refusalOf(err, payload.filters, payload.pageToken !== undefined);
  }
};

/**
 * One part of a section's CSV: at most CSV_PART_ROWS rows read in the screen's order by Jira's page
 * token, and the token of the next part. Parts joined in order are the file: the first carries the
 * BOM (Excel then reads accents such as "8–30 days" right) and the header, the others rows only.
 */
export const exportCsv: Handler<'report-resolver', 'exportCsv'> = async ({ payload, context }) => {
  const base = await readBase(payload.filters, siteUrlOf(context));
  const scope = scopeOf(base, payload.filters);
  const first = payload.pageToken === undefined;
  const group = payload.group ? `-${payload.group.by}-${payload.group.key || 'none'}`.replace(/[^A-Za-z0-9_-]/g, '') : '';
  const filename = `postmortem-report-${payload.section}${group}-${base.today}.csv`;
  const options = { bom: first, header: first };
  try {
    const section = payload.section;
    if (!isItemSection(section)) {
      const pms = await readPostmortems(base, payload.filters);
      const page = postmortemPage(postmortemReport(base, payload.filters, pms, []), section, base.now, {
        ...payload,
        offset: 0,
        limit: CSV_PART_ROWS,
      });
      await addPeople(base, page.kind === 'postmortems' ? page.rows.map((r) => r.ownerAccountId) : []);
      const rows = page.kind === 'postmortems' ? page.rows : [];
      return {
        filename,
        csv: postmortemRowsCsv(rows, base.people, options),
        rows: rows.length,
        total: page.total,
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      };
    }
    const pms = readPostmortems(base, payload.filters);
    pms.catch(() => undefined);
    const rows: ReportItemRow[] = [];
    let token = payload.pageToken;
    let total = 0;
    const startedMs = clock.nowMs();
    // 50 searches of 100 at most, and never past 15 s of the resolver's 25.
    do {
      const page = await itemPage(base, scope, pms, { ...payload, section, pageToken: token, offset: rows.length, limit: 100 });
      total = page.total;
      if (page.kind === 'items') rows.push(...page.rows);
      token = page.nextPageToken;
    } while (token && rows.length < CSV_PART_ROWS && clock.nowMs() - startedMs < 15_000);
    await addPeople(
      base,
      rows.flatMap((r) => r.managers),
    );
    return { filename, csv: itemRowsCsv(rows, base.people, options), rows: rows.length, total, ...(token ? { nextPageToken: token } : {}) };
  } catch (err) {
    throw refusalOf(err, payload.filters, payload.pageToken !== undefined);
  }
};

/** manifest function `report-resolver`: every call of the report page (src/contracts/report-calls.ts). */
export const handler = defineSurface('report-resolver', { getReport, getSection, exportCsv, getAssigneeGroups });
