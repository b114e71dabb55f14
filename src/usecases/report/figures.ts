/**
 * The report's figures: each one Jira count (`search/approximate-count`) as the viewer, in the scope
 * the filters leave. The overdue buckets, the assignee groups and what those groups do not cover.
 */
import type { Clause } from '@atlaskit/jql-ast';
import * as jira from '../../adapters/jira';
import type { OverdueBucket, ReportFilters } from '../../contracts/report-rows';
import type { GroupSummary } from '../../contracts/report';
import { clause, isNotEmpty } from '../../domain/jql';
import { groupSummary } from '../../domain/report/groups';
import {
  BUCKET_KEYS,
  bucketClause,
  countJql,
  groupClause,
  ITEM_SECTIONS,
  projectsOfManager,
  scopeClauses,
  scopedProjects,
  type Figure,
} from '../../domain/report/live';
import type { Base } from './base';

export interface Scope {
  /** Clauses every item figure shares; undefined when the filters leave no project (every figure is zero). */
  clauses: Clause[] | undefined;
  /** The projects in scope, or undefined for every project the viewer browses. */
  projectKeys: readonly string[] | undefined;
  /** Items resolved Won't Do that claim an approval without the app's seal: open (./waivers.ts). */
  unprovedWaivers?: readonly string[];
}

export function scopeOf(base: Base, filters: ReportFilters): Scope {
  const managerProjects =
    filters.managerAccountId !== undefined ? projectsOfManager(base.settings, base.projects, filters.managerAccountId) : undefined;
  const projectKeys = scopedProjects(filters, managerProjects);
  return { clauses: scopeClauses(filters, projectKeys), projectKeys };
}

/** One count in `scope` (zero, with no call, when the scope is empty). */
export async function count(base: Base, scope: Clause[] | undefined, ...extra: Clause[]): Promise<Figure> {
  if (!scope) return { count: 0, asOf: base.now };
  base.counter.calls += 1;
  return jira.approximateCount('user', countJql(scope, ...extra));
}

/** The three days-overdue buckets of what `extra` selects: three counts in parallel. */
export async function buckets(base: Base, scope: Clause[] | undefined, ...extra: Clause[]): Promise<Record<OverdueBucket, Figure>> {
  const [a, b, c] = await Promise.all(BUCKET_KEYS.map((k) => count(base, scope, bucketClause(k, base.today), ...extra)));
  return { '1-7': a!, '8-30': b!, 'over-30': c! };
}

/** Assignee groups for `assignees` (label = display name), each with its bucket counts. */
export async function assigneeGroups(
  base: Base,
  scope: Scope,
  assignees: ReadonlyArray<{ accountId: string; displayName: string }>,
): Promise<GroupSummary[]> {
  return Promise.all(
    assignees.map(async (a) => {
      const f = await buckets(base, scope.clauses, groupClause('assignee', a.accountId, undefined)!);
      return groupSummary(a.accountId, a.accountId ? a.displayName : 'Unassigned', f, base.now);
    }),
  );
}

/** Overdue items with an assignee not among `known`: what the assignee groups shown do not cover yet. */
export function otherAssigneesCount(base: Base, scope: Scope, known: readonly string[]): Promise<Figure> {
  const named = known.filter((k) => k !== '');
  return count(
    base,
    scope.clauses,
    ITEM_SECTIONS.overdue.where(base.today),
    isNotEmpty('assignee'),
    ...(named.length ? [clause('assignee', 'not in', named)] : []),
  );
}
