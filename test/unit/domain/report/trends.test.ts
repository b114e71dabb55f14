import { buildReport } from '../../../../src/domain/report/aggregate';
import { median, trendWindowStart, weekStart, weeklyTrends } from '../../../../src/domain/report/trends';
import { input, rItem, rPm, TODAY } from './fixtures';

describe('weeks', () => {
  it('start on Monday', () => {
    expect(weekStart('2026-03-16')).toBe('2026-03-16'); // Monday
    expect(weekStart('2026-03-18')).toBe('2026-03-16'); // Wednesday
    expect(weekStart('2026-03-22')).toBe('2026-03-16'); // Sunday
    expect(weekStart('2026-01-01')).toBe('2025-12-29'); // across the year end
  });
  it('the 12-week window starts 11 Mondays before this week’s', () => {
    expect(trendWindowStart(TODAY)).toBe('2025-12-29');
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
});

describe('weeklyTrends', () => {
  const tz = 'UTC';

  it('counts items closed on time and late per week, over 12 weeks, oldest first', () => {
    const items = [
      rItem({ statusCategory: 'done', dueDate: '2026-03-16', resolutionDate: '2026-03-16T17:00:00Z' }), // on the due date: on time
      rItem({ statusCategory: 'done', dueDate: '2026-03-16', resolutionDate: '2026-03-17T09:00:00Z' }), // a day late
      rItem({ statusCategory: 'done', dueDate: null, resolutionDate: '2026-03-18T09:00:00Z' }),
      rItem({ statusCategory: 'done', dueDate: '2026-01-10', resolutionDate: '2025-12-29T00:30:00Z' }), // first day of the window
      rItem({ statusCategory: 'done', dueDate: '2026-01-10', resolutionDate: '2025-12-28T23:30:00Z' }), // before the window
      rItem({ statusCategory: 'done', dueDate: '2026-03-01', resolutionDate: null }), // no resolution date: ignored
      rItem({ statusCategory: 'indeterminate', dueDate: '2026-03-01', resolutionDate: '2026-03-02T00:00:00Z' }), // reopened
    ];
    const t = weeklyTrends(items, [], TODAY, tz);
    expect(t.weekly).toHaveLength(12);
    expect(t.weekly[0]).toEqual({
      weekStart: '2025-12-29',
      closedOnTime: 1,
      closedLate: 0,
      closedWithoutDueDate: 0,
      medianDaysToReviewed: null,
    });
    expect(t.weekly[11]).toEqual({
      weekStart: '2026-03-16',
      closedOnTime: 1,
      closedLate: 1,
      closedWithoutDueDate: 1,
      medianDaysToReviewed: null,
    });
    expect(t.weekly.slice(1, 11).every((w) => w.closedOnTime + w.closedLate === 0)).toBe(true);
  });

  it('reads resolution dates in the site time zone (late in UTC, on time in Los Angeles)', () => {
    const i = rItem({ statusCategory: 'done', dueDate: '2026-03-16', resolutionDate: '2026-03-17T03:00:00Z' });
    expect(weeklyTrends([i], [], TODAY, 'UTC').weekly[11]).toMatchObject({ closedOnTime: 0, closedLate: 1 });
    expect(weeklyTrends([i], [], TODAY, 'America/Los_Angeles').weekly[11]).toMatchObject({ closedOnTime: 1, closedLate: 0 });
  });

  it('gives the median days from incident to reviewed postmortem, per week and overall', () => {
    const pms = [
      rPm({ status: 'reviewed', incidentDate: '2026-03-01', reviewedAt: '2026-03-16T10:00:00Z' }), // 15
      rPm({ status: 'reviewed', incidentDate: '2026-03-10', reviewedAt: '2026-03-17T10:00:00Z' }), // 7
      rPm({ status: 'reviewed', incidentDate: '2026-02-20', reviewedAt: '2026-03-03T10:00:00Z' }), // 11
      rPm({ status: 'reviewed', incidentDate: '2025-11-01', reviewedAt: '2025-12-01T10:00:00Z' }), // outside
      rPm({ status: 'in-review', incidentDate: '2026-03-01', reviewedAt: null }),
    ];
    const t = weeklyTrends([], pms, TODAY, 'UTC');
    expect(t.weekly[11]!.medianDaysToReviewed).toBe(11);
    expect(t.weekly[9]!.medianDaysToReviewed).toBe(11);
    expect(t.medianDaysToReviewed).toBe(11);
    expect(t.weekly[0]!.medianDaysToReviewed).toBeNull();
  });

  it('takes the project and manager filters but not the date range', () => {
    const items = [
      rItem({ statusCategory: 'done', dueDate: '2026-03-16', resolutionDate: '2026-03-16T10:00:00Z' }),
      rItem({ projectKey: 'WEB', statusCategory: 'done', dueDate: '2026-03-16', resolutionDate: '2026-03-17T10:00:00Z' }),
    ];
    const ops = buildReport(input({ items, filters: { projectKeys: ['OPS'], from: '2027-01-01' } }));
    expect(ops.trends.weekly[11]).toMatchObject({ closedOnTime: 1, closedLate: 0 });
  });
});
