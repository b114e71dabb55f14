/**
 * The report's weekly trends read live: the items closed in the trend window (one search per week)
 * and the overdue items at the end of each week (one count each).
 */
import * as jira from '../../adapters/jira';
import { readSealCheck } from '../../adapters/waivers';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY } from '../../contracts/properties';
import { wontDoOf } from '../../domain/action-items';
import { addDays } from '../../domain/dates';
import { and, clause, eq, inList, or, query, type JqlValue } from '../../domain/jql';
import { REPORT_ITEM_FIELDS, type ReportItem } from '../../domain/report';
import { closedWeekBounds, trendWeekEnds } from '../../domain/report/groups';
import { openClause } from '../../domain/report/live';
import type { Base } from './base';
import { count, type Scope } from './figures';
import { itemOf } from './item-page';

/** Pages of closed items read per trend week (the weekly trend is read, not counted). */
const TREND_PAGES_PER_WEEK = 5;

/** The items closed in the trend window, read one search per week in parallel (at most TREND_PAGES_PER_WEEK pages each). */
export async function readClosedItems(base: Base, scope: Scope): Promise<{ items: ReportItem[]; truncated: boolean }> {
  if (scope.projectKeys && scope.projectKeys.length === 0) return { items: [], truncated: false };
  const bounds = closedWeekBounds(base.today);
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
      return jira.searchAll('user', jql, [...REPORT_ITEM_FIELDS, 'resolution'], {
        limit: TREND_PAGES_PER_WEEK * 100,
        properties: [ACTION_ITEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY],
      });
    }),
  );
  base.counter.calls += weeks.reduce((n, w) => n + w.pages, 0);
  // A Won't Do without a proved approval was not closed: it is still open (docs/decisions/0015).
  const check = await readSealCheck();
  const closed = (i: jira.Issue) => wontDoOf(i, check) !== 'unapproved';
  return {
    items: weeks.flatMap((w) => w.issues.flatMap((i) => (closed(i) ? (itemOf(i) ?? []) : []))),
    truncated: weeks.some((w) => w.truncated),
  };
}

/** Overdue action items at the end of each trend week (today for this week): one count each, in parallel. */
export async function overdueOverTime(base: Base, scope: Scope): Promise<Array<{ at: string; overdueCount: number }>> {
  const days = trendWeekEnds(base.today);
  const inScope = scope.projectKeys ? [inList('project', [...scope.projectKeys] as JqlValue[])] : [];
  const empty = scope.projectKeys !== undefined && scope.projectKeys.length === 0;
  const figures = await Promise.all(
    days.map((day) =>
      count(
        base,
        empty ? undefined : [eq('labels', ACTION_ITEM_LABEL), ...inScope],
        clause('duedate', '<', day),
        // not yet resolved at the end of that day (a Won't Do without a proved approval is not resolved)
        or(openClause(scope.unprovedWaivers), clause('resolved', '>=', addDays(day, 1))),
      ),
    ),
  );
  return days.map((day, i) => ({ at: `${day}T12:00:00.000Z`, overdueCount: figures[i]!.count }));
}
