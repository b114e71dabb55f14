/**
 * One page of an action-item section: one page of a Jira search as the viewer, in the section's (or
 * the asked) order, its total a count. Also the reading of an action item from its Jira issue.
 */
import type { Clause } from '@atlaskit/jql-ast';
import { z } from 'zod';
import * as jira from '../../adapters/jira';
import { IsoDate, IssueKey, PageId } from '../../contracts/ids';
import { ACTION_ITEM_PROPERTY_KEY } from '../../contracts/properties';
import type { ReportItemRow, ReportSection } from '../../contracts/report-rows';
import type { GroupBy, SectionPage } from '../../contracts/report';
import { itemRow, REPORT_ITEM_FIELDS, type ItemSortKey, type ReportItem, type SortDirection } from '../../domain/report';
import { ITEM_SORTS } from '../../domain/report/groups';
import { groupClause, ITEM_SECTIONS, itemSectionJql, projectsOfManager, type ItemSection } from '../../domain/report/live';
import { managersOf } from '../../domain/sweep/contacts';
import type { StatusCategoryKey } from '../../domain/sweep/types';
import { Refusal } from '../refusal';
import type { Base } from './base';
import { count, type Scope } from './figures';
import type { Figure } from '../../domain/report/live';
import type { Postmortems } from './postmortems';

const ItemProperty = z.object({ incidentKey: IssueKey, pageId: PageId.optional() }).loose();
const LateDueDate = z.object({ lateDueDate: z.object({ policyDate: IsoDate, reason: z.string().min(1).max(500) }) }).loose();
const StatusCategory = z.enum(['new', 'indeterminate', 'done']);

/** An action item as the report reads it from its Jira issue (its incident from the item's property). */
export function itemOf(issue: jira.Issue): ReportItem | undefined {
  const f = issue.fields;
  const projectKey = f.project?.key ?? issue.key.split('-')[0] ?? '';
  const category = StatusCategory.safeParse(f.status?.statusCategory.key);
  const prop = ItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
  const late = LateDueDate.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
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
    lateDueDate: late.success ? late.data.lateDueDate : null,
  };
}

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

export interface ItemPageQuery {
  section: ItemSection;
  sort?: { by: string; direction: SortDirection };
  group?: { by: GroupBy; key: string };
  pageToken?: string;
  offset: number;
  limit: number;
  /** The section's (or group's) count when the caller has it already (the agenda's per-team counts): not asked again. */
  total?: Figure;
}

/** One page of action-item section `q.section` (`pms`: the postmortems, for each item's postmortem link). */
export async function itemPage(base: Base, scope: Scope, pms: Promise<Postmortems>, q: ItemPageQuery): Promise<SectionPage> {
  return startItemPage(base, scope, q).finish(pms);
}

/** No postmortems: rows without their postmortem's link (for what a page's rows say of their people). */
const NO_POSTMORTEMS: Postmortems = { rows: [], urlByIncident: new Map(), truncated: false };

/**
 * A section's page, started at once: `rows` are its rows as soon as Jira answered (without the
 * postmortem links), so what depends only on them (the overdue page's assignees and their counts)
 * need not wait for the postmortems; `finish` is the page with the links.
 */
export function startItemPage(
  base: Base,
  scope: Scope,
  q: ItemPageQuery,
): { rows: Promise<ReportItemRow[]>; finish(pms: Promise<Postmortems>): Promise<SectionPage> } {
  const sort = itemSort(q.section, q.sort);
  const extra = groupExtra(base, q.section, q.group);
  if (!scope.clauses || extra === null) {
    const empty: SectionPage = { kind: 'items', section: q.section, total: 0, asOf: base.now, offset: q.offset, rows: [] };
    return { rows: Promise.resolve([]), finish: async () => empty };
  }
  const jql = itemSectionJql(q.section, scope.clauses, base.today, extra, sort);
  base.counter.calls += 1;
  const read = Promise.all([
    q.total ?? count(base, scope.clauses, ITEM_SECTIONS[q.section].where(base.today), ...extra),
    jira.searchPage('user', jql, [...REPORT_ITEM_FIELDS], {
      maxResults: Math.min(q.limit, 100),
      properties: [ACTION_ITEM_PROPERTY_KEY],
      ...(q.pageToken ? { nextPageToken: q.pageToken } : {}),
    }),
  ]);
  read.catch(() => undefined); // awaited by finish (and rows)
  return {
    rows: read.then(([, page]) => toRows(base, page.issues, NO_POSTMORTEMS)),
    async finish(pms) {
      const [[total, page], postmortems] = await Promise.all([read, pms]);
      return {
        kind: 'items',
        section: q.section,
        total: total.count,
        asOf: total.asOf,
        offset: q.offset,
        rows: toRows(base, page.issues, postmortems),
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      };
    },
  };
}
