/**
 * The report read live from Jira, as the viewer (docs/decisions/0010-report-at-any-size.md): every
 * figure is one JQL count (`search/approximate-count`), every section one JQL search ordered as the
 * screen, paged by Jira's token. This module builds those queries and assembles the figures; it
 * never reads anything itself. Adding a section of action items is one entry in ITEM_SECTIONS.
 *
 * Dates: due dates are calendar dates, compared with `YYYY-MM-DD` literals computed from the
 * site's today (`todayIn(settings.timeZone)`), so "overdue" is the same day boundary as the sweep's.
 */
import type { Clause } from '@atlaskit/jql-ast';
import { ACTION_ITEM_LABEL, WAIVER_PROPERTY_KEY, WONT_DO_RESOLUTION } from '../../contracts/properties';
import { addDays } from '../dates';
import { and, clause, eq, inList, isEmpty, isNotEmpty, neq, or, query } from '../jql';
import { managersOf } from '../sweep/contacts';
import type { SweepProject } from '../sweep/types';
import { DUE_SOON_DAYS } from './aggregate';
import type { BucketCounts, ItemSortKey, OverdueBucket, ReportFilters, ReportSection, SortDirection } from './types';

export type ItemSection = 'overdue' | 'due-soon' | 'no-due-date' | 'unassigned';
export type GroupBy = 'project' | 'manager' | 'assignee';

/** The action-item sections: what each selects (beyond open action items in scope), and its own order. */
export const ITEM_SECTIONS: Readonly<
  Record<ItemSection, { where: (today: string) => Clause; order: { by: ItemSortKey; direction: SortDirection } }>
> = {
  overdue: { where: (today) => clause('duedate', '<', today), order: { by: 'daysOverdue', direction: 'desc' } },
  'due-soon': {
    where: (today) => and(clause('duedate', '>=', today), clause('duedate', '<=', addDays(today, DUE_SOON_DAYS))),
    order: { by: 'dueDate', direction: 'asc' },
  },
  'no-due-date': { where: () => isEmpty('duedate'), order: { by: 'key', direction: 'asc' } },
  unassigned: { where: () => isEmpty('assignee'), order: { by: 'dueDate', direction: 'asc' } },
};

export function isItemSection(section: ReportSection): section is ItemSection {
  return Object.hasOwn(ITEM_SECTIONS, section);
}

/** The days-overdue buckets as due-date ranges: 1–7 days overdue is due in [today−7, today). */
export function bucketClause(bucket: OverdueBucket, today: string): Clause {
  switch (bucket) {
    case '1-7':
      return and(clause('duedate', '>=', addDays(today, -7)), clause('duedate', '<', today));
    case '8-30':
      return and(clause('duedate', '>=', addDays(today, -30)), clause('duedate', '<', addDays(today, -7)));
    case 'over-30':
      return clause('duedate', '<', addDays(today, -30));
  }
}

export const BUCKET_KEYS: readonly OverdueBucket[] = ['1-7', '8-30', 'over-30'];

/**
 * The projects a manager answers for, among `projects` (the ones the viewer may browse): those
 * whose escalation contacts name them, or whose lead they are when a project has no contacts.
 * `''` stands for "no manager": projects with neither.
 */
export function projectsOfManager(
  settings: Parameters<typeof managersOf>[0],
  projects: Readonly<Record<string, SweepProject | undefined>>,
  manager: string,
): string[] {
  return Object.keys(projects)
    .filter((key) => {
      const m = managersOf(settings, projects, key);
      return manager === '' ? m.length === 0 : m.includes(manager);
    })
    .sort();
}

/**
 * The scope of every figure: open action items, in the filtered projects (the project filter
 * intersected with the manager's projects), due in the date range (items without a due date pass).
 * `projectKeys` undefined: no project restriction; an empty list: nothing can match (undefined is
 * returned, and the caller answers zero without asking Jira).
 */
export function scopeClauses(
  filters: ReportFilters,
  projectKeys: readonly string[] | undefined,
  unprovedWaivers: readonly string[] = [],
): Clause[] | undefined {
  if (projectKeys && projectKeys.length === 0) return undefined;
  const clauses: Clause[] = [eq('labels', ACTION_ITEM_LABEL), openClause(unprovedWaivers)];
  if (projectKeys) clauses.push(inList('project', [...projectKeys]));
  if (filters.from) clauses.push(or(isEmpty('duedate'), clause('duedate', '>=', filters.from)));
  if (filters.to) clauses.push(or(isEmpty('duedate'), clause('duedate', '<=', filters.to)));
  return clauses;
}

/**
 * An open action item: not done, or resolved as Won't Do without a proved approval
 * (docs/decisions/0015-waiver-approvals-sealed.md). The waiver property's `approvedAt` is anyone's
 * word, so the items that claim one without the app's seal (`unprovedWaivers`, found by reading the
 * claims, `waiverClauses`) are named here as open.
 */
export function openClause(unprovedWaivers: readonly string[] = []): Clause {
  const unclaimed = isEmpty({ issueProperty: WAIVER_PROPERTY_KEY, path: 'approvedAt' });
  return or(
    neq('statusCategory', 'Done'),
    and(eq('resolution', WONT_DO_RESOLUTION), unprovedWaivers.length ? or(unclaimed, inList('key', [...unprovedWaivers])) : unclaimed),
  );
}

/** Action items in scope that claim a waiver approval (resolved Won't Do, `approvedAt` set): each one's seal is checked. */
export function waiverClauses(filters: ReportFilters, projectKeys: readonly string[] | undefined): Clause[] | undefined {
  if (projectKeys && projectKeys.length === 0) return undefined;
  const clauses: Clause[] = [
    eq('labels', ACTION_ITEM_LABEL),
    eq('resolution', WONT_DO_RESOLUTION),
    isNotEmpty({ issueProperty: WAIVER_PROPERTY_KEY, path: 'approvedAt' }),
  ];
  if (projectKeys) clauses.push(inList('project', [...projectKeys]));
  if (filters.from) clauses.push(or(isEmpty('duedate'), clause('duedate', '>=', filters.from)));
  if (filters.to) clauses.push(or(isEmpty('duedate'), clause('duedate', '<=', filters.to)));
  return clauses;
}

/** The project keys the filters allow: undefined when any project the viewer browses will do. */
export function scopedProjects(filters: ReportFilters, managerProjects: readonly string[] | undefined): readonly string[] | undefined {
  if (filters.managerAccountId === undefined) return filters.projectKeys.length ? filters.projectKeys : undefined;
  const mine = managerProjects ?? [];
  return filters.projectKeys.length ? mine.filter((k) => filters.projectKeys.includes(k)) : mine;
}

/** A group of the overdue section as a clause (its project, its manager's projects, its assignee). */
export function groupClause(by: GroupBy, key: string, managerProjects: readonly string[] | undefined): Clause | undefined {
  switch (by) {
    case 'project':
      return eq('project', key);
    case 'manager':
      return managerProjects && managerProjects.length ? inList('project', [...managerProjects]) : undefined;
    case 'assignee':
      return key === '' ? isEmpty('assignee') : eq('assignee', key);
  }
}

/** ORDER BY for an item sort, the issue key last so every order is total (pages neither repeat nor skip). */
export function itemOrder(sort: { by: ItemSortKey; direction: SortDirection }): Array<[string, 'ASC' | 'DESC']> {
  const dir = (d: SortDirection): 'ASC' | 'DESC' => (d === 'asc' ? 'ASC' : 'DESC');
  const flip = (d: SortDirection): 'ASC' | 'DESC' => (d === 'asc' ? 'DESC' : 'ASC');
  switch (sort.by) {
    case 'daysOverdue': // more days overdue = an earlier due date
      return [
        ['duedate', flip(sort.direction)],
        ['key', 'ASC'],
      ];
    case 'dueDate':
      return [
        ['duedate', dir(sort.direction)],
        ['key', 'ASC'],
      ];
    case 'key':
      return [['key', dir(sort.direction)]];
    case 'incident':
      return [
        ['postmortemIncident', dir(sort.direction)],
        ['key', 'ASC'],
      ];
    default:
      return [
        [sort.by, dir(sort.direction)],
        ['key', 'ASC'],
      ];
  }
}

/** The JQL of a section's rows (or a count when `order` is omitted). */
export function itemSectionJql(
  section: ItemSection,
  scope: readonly Clause[],
  today: string,
  extra: readonly Clause[] = [],
  sort?: { by: ItemSortKey; direction: SortDirection },
): string {
  const where = and(...scope, ITEM_SECTIONS[section].where(today), ...extra);
  return query(where, sort ? itemOrder(sort) : []);
}

export function countJql(scope: readonly Clause[], ...extra: Clause[]): string {
  return query(and(...scope, ...extra));
}

/** A figure read live: Jira's count and the instant it answered. */
export interface Figure {
  count: number;
  asOf: string;
}

export const ZERO_AS_OF = (at: string): Figure => ({ count: 0, asOf: at });

/** The oldest instant among figures (what a sum of them is true as of); `fallback` when there is none. */
export function oldest(figures: ReadonlyArray<Pick<Figure, 'asOf'>>, fallback: string): string {
  let min: string | undefined;
  for (const f of figures) if (min === undefined || f.asOf < min) min = f.asOf;
  return min ?? fallback;
}

export function bucketCounts(figures: Readonly<Record<OverdueBucket, Figure>>): BucketCounts {
  return { '1-7': figures['1-7'].count, '8-30': figures['8-30'].count, 'over-30': figures['over-30'].count };
}

/** Adds bucket figures (a manager's projects): each count the sum, as of the oldest. */
export function sumBuckets(parts: ReadonlyArray<Readonly<Record<OverdueBucket, Figure>>>, fallback: string): Record<OverdueBucket, Figure> {
  const out = {} as Record<OverdueBucket, Figure>;
  for (const b of BUCKET_KEYS) {
    out[b] = {
      count: parts.reduce((n, p) => n + p[b].count, 0),
      asOf: oldest(
        parts.map((p) => p[b]),
        fallback,
      ),
    };
  }
  return out;
}

/** Groups sorted as the page lists them: most overdue first, then by label. */
export function sortGroups<T extends { count: number; label: string }>(groups: T[]): T[] {
  return groups.sort((a, b) => b.count - a.count || a.label.toLowerCase().localeCompare(b.label.toLowerCase()));
}

/** Our own page token for sections read from memory (postmortems): the offset of the next page. */
export function offsetToken(offset: number): string {
  return `o:${offset}`;
}

export function offsetOfToken(token: string | undefined): number | undefined {
  if (token === undefined) return 0;
  const m = /^o:(\d{1,9})$/.exec(token);
  return m ? Number(m[1]) : undefined;
}

export { isNotEmpty };
