/** The report page's pure logic (static/report/src/report-logic.ts): no DOM, no bridge. */
import {
  ariaSort,
  closedBars,
  describeFilters,
  factorCountsNote,
  factorOptionText,
  dueText,
  EMPTY_FILTERS,
  instantText,
  itemColumns,
  linePath,
  nextSort,
  niceMax,
  offsetForPage,
  pageInfo,
  postmortemColumns,
  SECTIONS,
  shortDate,
  toFilters,
  validateFilters,
  waivedColumns,
} from '../../../static/report/src/report-logic';

describe('filters', () => {
  test('valid drafts pass and become ReportFilters without empty fields', () => {
    expect(validateFilters(EMPTY_FILTERS)).toEqual({});
    expect(toFilters(EMPTY_FILTERS)).toEqual({ projectKeys: [] });
    const d = { projectKeys: ['PAY'], managerAccountId: 'abc', from: '2026-03-01', to: '2026-03-31' };
    expect(validateFilters(d)).toEqual({});
    expect(toFilters(d)).toEqual({ projectKeys: ['PAY'], managerAccountId: 'abc', from: '2026-03-01', to: '2026-03-31' });
  });

  test('bad and reversed dates get a message on the field at fault', () => {
    expect(validateFilters({ ...EMPTY_FILTERS, from: '2026-02-30' })).toEqual({
      from: 'Enter the start date as YYYY-MM-DD, e.g. 2026-03-01.',
    });
    expect(validateFilters({ ...EMPTY_FILTERS, to: 'tomorrow' })).toEqual({ to: 'Enter the end date as YYYY-MM-DD, e.g. 2026-03-31.' });
    expect(validateFilters({ ...EMPTY_FILTERS, from: '2026-03-10', to: '2026-03-01' })).toEqual({
      to: 'The end date must be on or after the start date.',
    });
    expect(validateFilters({ ...EMPTY_FILTERS, projectKeys: Array.from({ length: 51 }, (_, i) => `P${i}`) }).projectKeys).toBe(
      'Pick at most 50 projects.',
    );
  });

  test('the filter line says what applies', () => {
    const labels = { projects: { PAY: 'Payments (PAY)' }, managers: { m1: 'Marcus Chen' } };
    expect(describeFilters({ projectKeys: [] }, labels)).toBe('No filters: everything you can see in Jira.');
    expect(describeFilters({ projectKeys: ['PAY'], managerAccountId: 'm1', from: '2026-03-01' }, labels)).toBe(
      'Filtered by projects Payments (PAY); manager Marcus Chen; due from 2026-03-01.',
    );
  });
});

describe('sorting', () => {
  const overdue = itemColumns('overdue');
  const days = overdue.find((c) => c.id === 'overdue')!;
  const key = overdue.find((c) => c.id === 'key')!;
  const pm = overdue.find((c) => c.id === 'postmortem')!;

  test('first click sorts the column its natural way, the next click flips it', () => {
    expect(nextSort(undefined, days)).toEqual({ by: 'daysOverdue', direction: 'desc' });
    expect(nextSort({ by: 'daysOverdue', direction: 'desc' }, days)).toEqual({ by: 'daysOverdue', direction: 'asc' });
    expect(nextSort({ by: 'daysOverdue', direction: 'desc' }, key)).toEqual({ by: 'key', direction: 'asc' });
    expect(nextSort({ by: 'key', direction: 'asc' }, pm)).toEqual({ by: 'key', direction: 'asc' }); // not sortable
  });

  test('aria-sort reflects the current sort', () => {
    expect(ariaSort(undefined, key)).toBe('none');
    expect(ariaSort({ by: 'key', direction: 'asc' }, key)).toBe('ascending');
    expect(ariaSort({ by: 'key', direction: 'desc' }, key)).toBe('descending');
    expect(ariaSort({ by: 'key', direction: 'desc' }, pm)).toBeUndefined();
  });

  test('each section has the columns that mean something there', () => {
    expect(itemColumns('due-soon').map((c) => c.id)).not.toContain('overdue');
    expect(postmortemColumns('review-queue').map((c) => c.id)).toEqual([
      'incident',
      'title',
      'owner',
      'due',
      'requested',
      'waiting',
      'findings',
      'repeats',
    ]);
    expect(waivedColumns().every((c) => c.sortKey === undefined)).toBe(true);
    expect(postmortemColumns('postmortems-late').map((c) => c.sortKey)).toContain('daysLate');
    expect(SECTIONS.map((s) => s.section)).toEqual([
      'overdue',
      'due-soon',
      'no-due-date',
      'unassigned',
      'waived',
      'postmortems-late',
      'review-queue',
      'recently-reviewed',
    ]);
    for (const s of SECTIONS) expect(s.empty.length).toBeGreaterThan(10);
  });
});

describe('paging', () => {
  test('labels and bounds', () => {
    expect(pageInfo(0, 0, 50)).toMatchObject({ pages: 1, page: 1, hasPrev: false, hasNext: false, label: 'No rows' });
    expect(pageInfo(10_000, 0, 50)).toMatchObject({ pages: 200, page: 1, hasNext: true, label: 'Rows 1–50 of 10000' });
    expect(pageInfo(120, 100, 50)).toMatchObject({ page: 3, first: 101, last: 120, hasPrev: true, hasNext: false });
    expect(offsetForPage(3, 120, 50)).toBe(100);
    expect(offsetForPage(99, 120, 50)).toBe(100);
    expect(offsetForPage(0, 120, 50)).toBe(0);
  });
});

describe('wording', () => {
  test('due text', () => {
    expect(dueText({ dueDate: null, daysOverdue: null, daysUntilDue: null })).toBe('no due date');
    expect(dueText({ dueDate: '2026-03-01', daysOverdue: 1, daysUntilDue: null })).toBe('1 day overdue');
    expect(dueText({ dueDate: '2026-03-01', daysOverdue: 12, daysUntilDue: null })).toBe('12 days overdue');
    expect(dueText({ dueDate: '2026-03-01', daysOverdue: null, daysUntilDue: 0 })).toBe('due today');
    expect(dueText({ dueDate: '2026-03-01', daysOverdue: null, daysUntilDue: 3 })).toBe('due in 3 days');
  });
  test('instants and short dates', () => {
    expect(instantText('2026-03-01T09:30:00+01:00')).toBe('2026-03-01 08:30 UTC');
    expect(instantText(null)).toBe('—');
    expect(shortDate('2026-03-02')).toBe('2 Mar');
  });
});

describe('chart geometry', () => {
  test('niceMax rounds up to 1, 2, 5 × 10ⁿ', () => {
    expect([0, 1, 3, 7, 12, 51, 999].map(niceMax)).toEqual([1, 1, 5, 10, 20, 100, 1000]);
  });

  test('stacked bars fit the box, late on top of on time', () => {
    const weeks = [
      { weekStart: '2026-01-05', closedOnTime: 3, closedLate: 1, closedWithoutDueDate: 0, medianDaysToReviewed: null },
      { weekStart: '2026-01-12', closedOnTime: 0, closedLate: 0, closedWithoutDueDate: 0, medianDaysToReviewed: null },
    ];
    const { bars, max } = closedBars(weeks, 200, 100);
    expect(max).toBe(5);
    expect(bars[0]!.onTime).toEqual({ y: 40, height: 60, value: 3 });
    expect(bars[0]!.late).toEqual({ y: 20, height: 20, value: 1 });
    expect(bars[1]!.onTime.height).toBe(0);
    for (const b of bars) expect(b.x + b.width).toBeLessThanOrEqual(200);
  });

  test('a line restarts after a gap', () => {
    const { d, points } = linePath([1, null, 2, 4], 300, 100);
    expect(points).toHaveLength(3);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(linePath([], 300, 100).d).toBe('');
  });
});

describe('the factor counts’ wording', () => {
  it('says "at least" when the read was bounded, and nothing more when it was complete', () => {
    expect(factorOptionText('capacity', 2, true)).toBe('capacity (2 postmortems)');
    expect(factorOptionText('change', 1, true)).toBe('change (1 postmortem)');
    expect(factorOptionText('capacity', 1000, false)).toBe('capacity (at least 1000 postmortems)');
  });
  it('gives the time the counts are true as of and, when bounded, what they are counted from and what to do', () => {
    expect(factorCountsNote('2026-03-01T09:30:00Z', 3, true)).toBe('Counted as of 2026-03-01 09:30 UTC.');
    expect(factorCountsNote('2026-03-01T09:30:00Z', 1000, false)).toBe(
      'Counted as of 2026-03-01 09:30 UTC, from the newest 1,000 tagged incidents only: Jira holds more, so each count is “at least”. Filter by project to count them all.',
    );
  });
});
