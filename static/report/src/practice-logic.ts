/** The practice section's pure UI logic (tested in test/unit/static/practice-logic.test.ts): bars, labels, figures as text. */
import type { PracticeMonth, PracticeTeam } from '@contracts/report-learning';

export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03" → "Mar 2026" (or "Mar" short). */
export function monthLabel(month: string, short = false): string {
  const [y, m] = month.split('-');
  const name = MONTH_NAMES[Number(m) - 1] ?? month;
  return short ? name : `${name} ${y}`;
}

export const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)}%`);
export const daysText = (d: number | null): string => (d === null ? '—' : `${Math.round(d * 10) / 10} d`);

export interface PracticeBar {
  month: string;
  x: number;
  width: number;
  /** Postmortems on time: height and top, or null when there is no share. */
  onTime: { y: number; height: number; value: number } | null;
  /** Action items done by their due date. */
  doneByDue: { y: number; height: number; value: number } | null;
}

/** Two bars a month (0–100%) in a `width` × `height` area. */
export function practiceBars(months: readonly PracticeMonth[], width: number, height: number): PracticeBar[] {
  const slot = months.length ? width / months.length : width;
  const bar = Math.max(2, slot * 0.35);
  const of = (share: number | null) =>
    share === null
      ? null
      : { y: height - share * height, height: Math.max(share > 0 ? 1 : 0, share * height), value: Math.round(share * 100) };
  return months.map((m, i) => ({
    month: m.month,
    x: i * slot + slot * 0.12,
    width: bar,
    onTime: of(m.onTimeShare),
    doneByDue: of(m.doneByDueShare),
  }));
}

/** The chart's description for screen readers: the team's months with a figure. */
export function practiceSummary(team: PracticeTeam): string {
  const withPm = team.months.filter((m) => m.onTimeShare !== null);
  const withItems = team.months.filter((m) => m.doneByDueShare !== null);
  const parts: string[] = [];
  if (withPm.length) parts.push(`postmortems on time: ${withPm.map((m) => `${monthLabel(m.month)} ${percent(m.onTimeShare)}`).join(', ')}`);
  if (withItems.length)
    parts.push(
      `action items done by their due date: ${withItems.map((m) => `${monthLabel(m.month)} ${percent(m.doneByDueShare)}`).join(', ')}`,
    );
  return parts.length
    ? `${team.projectName} (${team.projectKey}) by month: ${parts.join('; ')}.`
    : `${team.projectName} (${team.projectKey}) has no postmortem or action item with a settled figure in the last 12 months.`;
}

/** Whether a team has anything to show in the window. */
export function teamHasFigures(team: PracticeTeam): boolean {
  return team.months.some((m) => m.incidents > 0 || m.itemsDue > 0);
}
