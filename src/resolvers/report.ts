/**
 * Resolver of the Postmortem report global page (manifest function `report-resolver`).
 *
 * Everything is read as the viewing user (`asUser`), so Jira's own permissions decide what a
 * manager sees: an issue they may not browse never reaches the aggregation. Product calls, for n
 * open action items, d items closed in the trend window, p postmortems and k projects:
 *   ⌈n/100⌉ + ⌈d/100⌉ + ⌈p/100⌉ searches (the three run in parallel), p + ⌈p/250⌉ Confluence reads
 *   (each postmortem is confirmed by its page, as the viewer, before it is shown), ⌈k/50⌉ project reads (leads,
 *   the escalation fallback) and ⌈people/100⌉ user look-ups: about one call per 100 items.
 * `getSection` and `exportCsv` skip the closed items (trends only).
 */
import { z } from 'zod';
import * as clock from '../adapters/clock';
import * as jira from '../adapters/jira';
import { readPostmortemEvidence } from '../adapters/postmortem-pages';
import { readSettings } from '../adapters/settings';
import { AccountId, IsoDate, IsoDateTime, IssueKey, PageId } from '../contracts/ids';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, POSTMORTEM_PROPERTY_KEY, PostmortemIssueProperty } from '../contracts/properties';
import type { ReportFilters, ReportItemRow, ReportPostmortemRow, ReportResult, ReportSection } from '../contracts/report';
import { type GroupBy, type GroupSummary, type SectionPage } from '../contracts/report-calls';
import type { Settings } from '../contracts/settings';
import { dateOfInstant, todayIn } from '../domain/dates';
import { and, clause, eq, inList, neq, query } from '../domain/jql';
import {
  buildReport,
  REPORT_ITEM_FIELDS,
  reportSectionCsv,
  reportSelection,
  sectionRows,
  sortItemRows,
  sortPostmortemRows,
  type ItemSortKey,
  type PostmortemSortKey,
  type ReportItem,
  type ReportPostmortem,
  type SortDirection,
} from '../domain/report';
import { verifyPostmortemLinks } from '../domain/postmortem';
import type { StatusCategoryKey } from '../domain/sweep/types';
import { siteUrlOf } from './context';
import { defineSurface, Refusal, type Handler } from './define';
import { ProductError } from '../adapters/http';

/** The most issues one report reads per search (the issue's scale is 10,000 open items). */
export const READ_LIMIT = 20_000;

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

interface Read {
  settings: Settings;
  today: string;
  items: ReportItem[];
  postmortems: ReportPostmortem[];
  projects: Record<string, { leadAccountId: string | null; name: string }>;
  people: Record<string, string>;
  truncated: boolean;
  productCalls: number;
}

function projectClause(filters: ReportFilters) {
  return filters.projectKeys.length > 0 ? [inList('project', filters.projectKeys)] : [];
}

/** Reads what the report needs, as the viewing user. `trends` adds the items closed in the trend window. */
async function readAll(filters: ReportFilters, options: { trends: boolean; siteUrl: string | undefined }): Promise<Read> {
  const { settings } = await readSettings();
  const today = todayIn(settings.timeZone, clock.now());
  const sel = reportSelection(today);
  const fields = [...REPORT_ITEM_FIELDS];
  const openJql = query(and(eq('labels', ACTION_ITEM_LABEL), neq('statusCategory', 'Done'), ...projectClause(filters)), [['key', 'ASC']]);
  const doneJql = query(
    and(
      eq('labels', ACTION_ITEM_LABEL),
      eq('statusCategory', 'Done'),
      clause('resolved', '>=', sel.resolvedSince),
      ...projectClause(filters),
    ),
    [['key', 'ASC']],
  );
  const pmJql = query(
    and(inList({ issueProperty: POSTMORTEM_PROPERTY_KEY, path: 'status' }, ['draft', 'in-review', 'reviewed']), ...projectClause(filters)),
    [['key', 'ASC']],
  );
  const [open, done, pms] = await Promise.all([
    jira.searchAll('user', openJql, fields, { limit: READ_LIMIT, properties: [ACTION_ITEM_PROPERTY_KEY] }),
    options.trends ? jira.searchAll('user', doneJql, fields, { limit: READ_LIMIT, properties: [ACTION_ITEM_PROPERTY_KEY] }) : undefined,
    jira.searchAll('user', pmJql, ['summary', 'project', 'created'], { limit: READ_LIMIT, properties: [POSTMORTEM_PROPERTY_KEY] }),
  ]).catch((err: unknown) => {
    // Jira answers 400 when a filtered project does not exist or is hidden from the viewer
    if (err instanceof ProductError && err.status === 400 && filters.projectKeys.length > 0) {
      throw new Refusal(
        'invalid-input',
        `You can filter only by projects you may browse in Jira, and ${filters.projectKeys.join(', ')} includes one that does not exist or is hidden from you. Clear the project filter or pick another project.`,
        { projectKeys: 'Pick projects you can browse.' },
      );
    }
    throw err;
  });
  let productCalls = open.pages + (done?.pages ?? 0) + pms.pages;
  const items = [...open.issues, ...(done?.issues ?? [])].flatMap((i) => itemOf(i) ?? []);
  // A postmortem counts only when the page it names confirms it to the viewer; its link and title
  // are the page's own, never the incident property's text.
  const counter = { calls: 0 };
  const evidence = await readPostmortemEvidence(
    pms.issues.map((i) => ({ incidentKey: i.key, issueProperty: i.properties?.[POSTMORTEM_PROPERTY_KEY] })),
    { as: 'user', counter },
  );
  const verified = verifyPostmortemLinks(evidence, options.siteUrl);
  productCalls += counter.calls;
  const postmortems = pms.issues.flatMap((i) => {
    const pm = verified.get(i.key);
    const row = pm ? postmortemOf(i, settings.timeZone) : undefined;
    return pm && row ? [{ ...row, pageTitle: pm.pageTitle, pageUrl: pm.pageUrl, ownerAccountId: pm.ownerAccountId }] : [];
  });

  const keys = [...new Set([...items.map((i) => i.projectKey), ...postmortems.map((p) => p.incidentProjectKey)])].filter((k) =>
    /^[A-Z][A-Z0-9_]+$/.test(k),
  );
  const found = keys.length ? await jira.searchProjects('user', { keys }) : [];
  productCalls += Math.ceil(keys.length / 50);
  const projects: Read['projects'] = {};
  const people: Record<string, string> = {};
  for (const p of found) {
    projects[p.key] = { leadAccountId: p.lead?.accountId ?? null, name: p.name };
    if (p.lead) people[p.lead.accountId] = p.lead.displayName;
  }
  const wanted = new Set<string>();
  for (const c of Object.values(settings.escalationContacts)) for (const id of c.managers) wanted.add(id);
  for (const p of postmortems) wanted.add(p.ownerAccountId);
  const unknown = [...wanted].filter((id) => !Object.hasOwn(people, id));
  if (unknown.length) {
    for (const u of await jira.bulkUsers('user', unknown)) people[u.accountId] = u.displayName;
    productCalls += Math.ceil(unknown.length / 100);
  }
  return {
    settings,
    today,
    items,
    postmortems,
    projects,
    people,
    truncated: open.truncated || Boolean(done?.truncated) || pms.truncated,
    productCalls,
  };
}

function build(read: Read, filters: ReportFilters, siteUrl: string): ReportResult {
  return buildReport({
    items: read.items,
    postmortems: read.postmortems,
    settings: read.settings,
    projects: read.projects,
    today: read.today,
    siteUrl,
    filters,
    people: read.people,
  });
}

// ---------- sections: sort, group, page ----------

const ITEM_SORTS = new Set<string>(['daysOverdue', 'dueDate', 'key', 'summary', 'assignee', 'project', 'incident', 'priority']);
const PM_SORTS = new Set<string>(['dueDate', 'incident', 'title', 'daysLate', 'requestedReviewAt', 'reviewedAt']);

function groupsOf(result: ReportResult, by: GroupBy) {
  return by === 'project' ? result.overdue.byProject : by === 'manager' ? result.overdue.byManager : result.overdue.byAssignee;
}

/** The rows of a section as the page shows them: group, then sort (the section's own order when none). */
export function arrangedSection(
  result: ReportResult,
  section: ReportSection,
  sort?: { by: string; direction: SortDirection },
  group?: { by: GroupBy; key: string },
): { kind: 'items'; rows: ReportItemRow[] } | { kind: 'postmortems'; rows: ReportPostmortemRow[] } {
  const s = sectionRows(result, section);
  if (s.kind === 'items') {
    let rows = s.rows;
    if (group) {
      if (section !== 'overdue') throw new Refusal('invalid-input', 'Only the overdue items are grouped; clear the group and try again.');
      const g = groupsOf(result, group.by).find((x) => x.key === group.key);
      const keys = new Set(g?.itemKeys ?? []);
      rows = rows.filter((r) => keys.has(r.key));
    }
    if (sort) {
      if (!ITEM_SORTS.has(sort.by))
        throw new Refusal('invalid-input', `Action items cannot be sorted by "${sort.by}".`, { sort: 'Pick a column of the table.' });
      rows = sortItemRows(rows, sort.by as ItemSortKey, sort.direction);
    }
    return { kind: 'items', rows };
  }
  if (group) throw new Refusal('invalid-input', 'Only the overdue items are grouped; clear the group and try again.');
  let rows = s.rows;
  if (sort) {
    if (!PM_SORTS.has(sort.by))
      throw new Refusal('invalid-input', `Postmortems cannot be sorted by "${sort.by}".`, { sort: 'Pick a column of the table.' });
    rows = sortPostmortemRows(rows, sort.by as PostmortemSortKey, sort.direction);
  }
  return { kind: 'postmortems', rows };
}

function page(section: ReportSection, arranged: ReturnType<typeof arrangedSection>, offset: number, limit: number): SectionPage {
  return arranged.kind === 'items'
    ? { kind: 'items', section, total: arranged.rows.length, offset, rows: arranged.rows.slice(offset, offset + limit) }
    : { kind: 'postmortems', section, total: arranged.rows.length, offset, rows: arranged.rows.slice(offset, offset + limit) };
}

const SECTIONS: ReportSection[] = [
  'overdue',
  'due-soon',
  'no-due-date',
  'unassigned',
  'postmortems-late',
  'review-queue',
  'recently-reviewed',
];

function summaries(groups: ReportResult['overdue']['byProject']): GroupSummary[] {
  return groups.map(({ key, label, count, buckets }) => ({ key, label, count, buckets }));
}

export const getReport: Handler<'report-resolver', 'getReport'> = async ({ payload, context }) => {
  // Every figure, trends included, comes from what the viewer may browse (never the sweep's site-wide counts).
  const read = await readAll(payload.filters, { trends: true, siteUrl: siteUrlOf(context) });
  const result = build(read, payload.filters, siteUrlOf(context) ?? '');
  const label = (id: string) => result.people[id] ?? read.people[id] ?? id;
  return {
    today: result.today,
    filters: result.filters,
    buckets: result.overdue.buckets,
    groups: {
      byProject: summaries(result.overdue.byProject),
      byManager: summaries(result.overdue.byManager),
      byAssignee: summaries(result.overdue.byAssignee),
    },
    sections: SECTIONS.map((s) => page(s, arrangedSection(result, s), 0, payload.pageSize)),
    trends: result.trends,
    people: result.people,
    filterOptions: {
      projects: result.filterOptions.projectKeys
        .map((k) => ({ value: k, label: read.projects[k]?.name ? `${read.projects[k].name} (${k})` : k }))
        .sort((a, b) => a.label.localeCompare(b.label)),
      managers: result.filterOptions.managerAccountIds
        .map((id) => ({ value: id, label: label(id) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    },
    truncated: read.truncated,
    productCalls: read.productCalls,
  };
};

export const getSection: Handler<'report-resolver', 'getSection'> = async ({ payload, context }) => {
  const read = await readAll(payload.filters, { trends: false, siteUrl: siteUrlOf(context) });
  const result = build(read, payload.filters, siteUrlOf(context) ?? '');
  return page(payload.section, arrangedSection(result, payload.section, payload.sort, payload.group), payload.offset, payload.limit);
};

export const exportCsv: Handler<'report-resolver', 'exportCsv'> = async ({ payload, context }) => {
  const read = await readAll(payload.filters, { trends: false, siteUrl: siteUrlOf(context) });
  const result = build(read, payload.filters, siteUrlOf(context) ?? '');
  const arranged = arrangedSection(result, payload.section, payload.sort, payload.group);
  // The section's rows replaced by the rows as arranged on screen; the CSV is reportSectionCsv's.
  const shown: ReportResult = { ...result, overdue: { ...result.overdue }, postmortems: { ...result.postmortems } };
  switch (payload.section) {
    case 'overdue':
      shown.overdue.rows = arranged.rows as ReportItemRow[];
      break;
    case 'due-soon':
      shown.dueSoon = arranged.rows as ReportItemRow[];
      break;
    case 'no-due-date':
      shown.noDueDate = arranged.rows as ReportItemRow[];
      break;
    case 'unassigned':
      shown.unassigned = arranged.rows as ReportItemRow[];
      break;
    case 'postmortems-late':
      shown.postmortems.late = arranged.rows as ReportPostmortemRow[];
      break;
    case 'review-queue':
      shown.postmortems.reviewQueue = arranged.rows as ReportPostmortemRow[];
      break;
    case 'recently-reviewed':
      shown.postmortems.recentlyReviewed = arranged.rows as ReportPostmortemRow[];
      break;
  }
  shown.people = { ...read.people, ...result.people };
  const csv = reportSectionCsv(shown, payload.section, { bom: true }); // the BOM makes Excel read accents ("8–30 days") right
  const group = payload.group ? `-${payload.group.by}-${payload.group.key || 'none'}`.replace(/[^A-Za-z0-9_-]/g, '') : '';
  return { filename: `postmortem-report-${payload.section}${group}-${read.today}.csv`, csv, rows: arranged.rows.length };
};

/** manifest function `report-resolver`: every call of the report page (src/contracts/report-calls.ts). */
export const handler = defineSurface('report-resolver', { getReport, getSection, exportCsv });
