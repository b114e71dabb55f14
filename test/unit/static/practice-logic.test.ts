/** The practice section's pure UI logic (static/report/src/practice-logic.ts): labels, bars, the chart's description. */
import type { PracticeMonth, PracticeTeam } from '@contracts/report-learning';
import { monthLabel, percent, practiceBars, practiceSummary, teamHasFigures } from '../../../static/report/src/practice-logic';

const month = (m: string, patch: Partial<PracticeMonth> = {}): PracticeMonth => ({
  month: m,
  incidents: 0,
  medianDaysToReview: null,
  medianDaysToReviewed: null,
  onTime: 0,
  onTimeOf: 0,
  onTimeShare: null,
  itemsDue: 0,
  doneByDue: 0,
  doneByDueShare: null,
  medianDaysOverdue: null,
  waived: 0,
  repeatFixes: 0,
  ...patch,
});
const team = (months: PracticeMonth[]): PracticeTeam => ({ projectKey: 'INC', projectName: 'Incidents', manager: 'Grace Okafor', months });

test('month labels and shares read as a person writes them', () => {
  expect(monthLabel('2026-03')).toBe('Mar 2026');
  expect(monthLabel('2026-12', true)).toBe('Dec');
  expect(percent(null)).toBe('—');
  expect(percent(2 / 3)).toBe('67%');
});

test('two bars a month scaled to 0–100%, none where a share is not settled', () => {
  const bars = practiceBars([month('2026-01', { onTimeShare: 1, doneByDueShare: 0.5 }), month('2026-02')], 200, 100);
  expect(bars).toHaveLength(2);
  expect(bars[0]!.onTime).toEqual({ y: 0, height: 100, value: 100 });
  expect(bars[0]!.doneByDue).toEqual({ y: 50, height: 50, value: 50 });
  expect(bars[1]!.onTime).toBeNull();
  expect(bars[1]!.x).toBeGreaterThan(bars[0]!.x + bars[0]!.width * 2);
});

test('the chart’s description names each month with a figure, or says there is none', () => {
  const t = team([month('2026-01', { incidents: 1, onTimeOf: 1, onTime: 1, onTimeShare: 1 }), month('2026-02')]);
  expect(practiceSummary(t)).toBe('Incidents (INC) by month: postmortems on time: Jan 2026 100%.');
  expect(teamHasFigures(t)).toBe(true);
  const empty = team([month('2026-01')]);
  expect(practiceSummary(empty)).toMatch(/has no postmortem or action item with a settled figure/);
  expect(teamHasFigures(empty)).toBe(false);
});
