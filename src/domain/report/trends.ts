/** Trends over the last weeks: items closed on time vs late, days from incident to reviewed postmortem. */
import { addDays, dateOfInstant, dayOfWeek, daysBetween, isIsoDate } from '../dates';
import type { ReportItem, ReportPostmortem, WeeklyTrendPoint } from './types';

export const TREND_WEEKS = 12;

/** Monday of the week holding `date`. */
export function weekStart(date: string): string {
  const day = dayOfWeek(date); // 0 Sunday … 6 Saturday; RangeError for no calendar date
  return addDays(date, -((day + 6) % 7));
}

/** First day of the trend window: Monday `weeks - 1` weeks before this week's Monday. */
export function trendWindowStart(today: string, weeks: number = TREND_WEEKS): string {
  return addDays(weekStart(today), -7 * (weeks - 1));
}

/** Median of numbers (mean of the middle two for an even count), null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function safeDateOf(iso: string | null | undefined, timeZone: string): string | undefined {
  if (!iso) return undefined;
  try {
    return dateOfInstant(iso, timeZone);
  } catch {
    return undefined;
  }
}

/** Days from the incident to the review (in the site's time zone), or null. */
export function daysToReviewed(pm: Pick<ReportPostmortem, 'incidentDate' | 'reviewedAt' | 'status'>, timeZone: string): number | null {
  if (pm.status !== 'reviewed' || !isIsoDate(pm.incidentDate)) return null;
  const reviewed = safeDateOf(pm.reviewedAt, timeZone);
  return reviewed === undefined ? null : daysBetween(pm.incidentDate, reviewed);
}

export interface WeeklyTrends {
  weekly: WeeklyTrendPoint[];
  medianDaysToReviewed: number | null;
}

/**
 * Per week over the last `weeks` weeks (oldest first, this week last): action items closed on time
 * (resolved on or before the due date, dates in the site's time zone) and late, and the median
 * days from incident to review of the postmortems reviewed that week; plus the overall median.
 */
export function weeklyTrends(
  items: readonly ReportItem[],
  postmortems: readonly ReportPostmortem[],
  today: string,
  timeZone: string,
  weeks: number = TREND_WEEKS,
): WeeklyTrends {
  const first = trendWindowStart(today, weeks);
  const points: WeeklyTrendPoint[] = [];
  const reviewDays: number[][] = [];
  for (let w = 0; w < weeks; w++) {
    points.push({ weekStart: addDays(first, 7 * w), closedOnTime: 0, closedLate: 0, closedWithoutDueDate: 0, medianDaysToReviewed: null });
    reviewDays.push([]);
  }
  const indexOf = (date: string): number | undefined => {
    if (date < first || date > today) return undefined;
    return Math.floor(daysBetween(first, date) / 7);
  };

  for (const item of items) {
    if (item.statusCategory !== 'done') continue;
    const resolved = safeDateOf(item.resolutionDate, timeZone);
    if (resolved === undefined) continue;
    const i = indexOf(resolved);
    if (i === undefined) continue;
    const p = points[i]!;
    if (!item.dueDate || !isIsoDate(item.dueDate)) p.closedWithoutDueDate++;
    else if (resolved <= item.dueDate) p.closedOnTime++;
    else p.closedLate++;
  }

  const all: number[] = [];
  for (const pm of postmortems) {
    const days = daysToReviewed(pm, timeZone);
    const reviewed = safeDateOf(pm.reviewedAt, timeZone);
    if (days === null || reviewed === undefined) continue;
    const i = indexOf(reviewed);
    if (i === undefined) continue;
    reviewDays[i]!.push(days);
    all.push(days);
  }
  points.forEach((p, i) => {
    p.medianDaysToReviewed = median(reviewDays[i]!);
  });
  return { weekly: points, medianDaysToReviewed: median(all) };
}

/**
 * Overdue action items over the last `weeks` weeks, built only from `items` (what the viewer may
 * browse, open and recently closed): one point per week, counted at the end of that week (today for
 * this week). An item counts when its due date was before that day and it was not yet resolved.
 * Items resolved before the window never count, so the closed items of the window are enough.
 */
export function overdueOverTime(
  items: readonly ReportItem[],
  today: string,
  timeZone: string,
  weeks: number = TREND_WEEKS,
): Array<{ at: string; overdueCount: number }> {
  const first = trendWindowStart(today, weeks);
  const days: string[] = [];
  for (let w = 0; w < weeks; w++) {
    const end = addDays(first, 7 * w + 6);
    days.push(end < today ? end : today);
  }
  const counts = days.map(() => 0);
  for (const item of items) {
    if (!item.dueDate || !isIsoDate(item.dueDate)) continue;
    const resolved = item.statusCategory === 'done' ? (safeDateOf(item.resolutionDate, timeZone) ?? '') : undefined;
    if (resolved === '') continue; // closed, but when is unknown: it cannot be placed
    days.forEach((day, i) => {
      if (item.dueDate! < day && (resolved === undefined || resolved > day)) counts[i]! += 1;
    });
  }
  // Noon UTC keeps the calendar day when the UI shows the date in any time zone.
  return days.map((day, i) => ({ at: `${day}T12:00:00.000Z`, overdueCount: counts[i]! }));
}
