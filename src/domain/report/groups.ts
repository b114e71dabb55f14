/**
 * The report's pure rules around its live figures: the groups of overdue items, the sections in
 * page order, the columns a section sorts by, the trend's week boundaries and the CSV's file name.
 * The use cases of src/usecases/report/ read the figures; these shape them.
 */
import { ReportSection as ReportSectionSchema } from '../../contracts/report-rows';
import type { GroupSummary } from '../../contracts/report';
import { addDays } from '../dates';
import { managersOf } from '../sweep/contacts';
import type { SweepProject } from '../sweep/types';
import { TREND_WEEKS, trendWindowStart } from './trends';
import { bucketCounts, oldest, type Figure } from './live';
import type { OverdueBucket, ReportItemRow, ReportSection } from './types';

/** Every section, in the order the page shows them (the contract's order). */
export const REPORT_SECTIONS: readonly ReportSection[] = ReportSectionSchema.options;

/** The columns an action-item section sorts by, and those a postmortem section sorts by. */
export const ITEM_SORTS: ReadonlySet<string> = new Set([
  'daysOverdue',
  'dueDate',
  'key',
  'summary',
  'assignee',
  'project',
  'incident',
  'priority',
]);
export const POSTMORTEM_SORTS: ReadonlySet<string> = new Set([
  'dueDate',
  'incident',
  'title',
  'daysLate',
  'requestedReviewAt',
  'reviewedAt',
]);

/** A group of overdue items from its bucket figures: the sum of them, as of the oldest (`fallback` when none). */
export function groupSummary(key: string, label: string, f: Record<OverdueBucket, Figure>, fallback: string): GroupSummary {
  const b = bucketCounts(f);
  return { key, label, count: b['1-7'] + b['8-30'] + b['over-30'], buckets: b, asOf: oldest(Object.values(f), fallback) };
}

/** Distinct assignees of `rows`, in order of first appearance. */
export function assigneesOf(rows: ReadonlyArray<Pick<ReportItemRow, 'assignee'>>): Array<{ accountId: string; displayName: string }> {
  const seen = new Map<string, string>();
  for (const r of rows) if (r.assignee && !seen.has(r.assignee.accountId)) seen.set(r.assignee.accountId, r.assignee.displayName);
  return [...seen].map(([accountId, displayName]) => ({ accountId, displayName }));
}

/** The projects of each manager among `projectKeys` (`''`: the projects with no manager), in order of first appearance. */
export function projectsByManager(
  settings: Parameters<typeof managersOf>[0],
  projects: Readonly<Record<string, SweepProject | undefined>>,
  projectKeys: readonly string[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of projectKeys) {
    const m = managersOf(settings, projects, key);
    for (const id of m.length ? m : ['']) out.set(id, [...(out.get(id) ?? []), key]);
  }
  return out;
}

/** The last day of each trend week (today for this week): the days the overdue-over-time figures count at. */
export function trendWeekEnds(today: string): string[] {
  const first = trendWindowStart(today);
  return Array.from({ length: TREND_WEEKS }, (_, w) => {
    const end = addDays(first, 7 * w + 6);
    return end < today ? end : today;
  });
}

/**
 * Where each trend week's resolutions start: the day before its Monday (a late-evening UTC instant
 * may fall on the Monday locally). Week w runs from its bound to the next one's, so the ranges do
 * not overlap and no item is read twice.
 */
export function closedWeekBounds(today: string): string[] {
  const first = trendWindowStart(today);
  return Array.from({ length: TREND_WEEKS }, (_, w) => addDays(first, 7 * w - 1));
}

/** The file name of a section's CSV: the section, the group when one is shown, and the site's today. */
export function csvFilename(section: ReportSection, group: { by: string; key: string } | undefined, today: string): string {
  const suffix = group ? `-${group.by}-${group.key || 'none'}`.replace(/[^A-Za-z0-9_-]/g, '') : '';
  return `postmortem-report-${section}${suffix}-${today}.csv`;
}
