import { addDays, dateOfInstant, daysBetween, describeDue, dueState, isIsoDate, todayIn } from '../../../src/domain/dates';

describe('calendar dates', () => {
  it('rejects impossible dates and other shapes', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate('tomorrow')).toBe(false);
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('counts days between dates, signed', () => {
    expect(daysBetween('2026-03-01', '2026-03-08')).toBe(7);
    expect(daysBetween('2026-03-08', '2026-03-01')).toBe(-7);
    // across a DST change in Europe the count is still whole days
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
  it('reads today in the configured time zone at midnight boundaries', () => {
    const now = new Date('2026-03-01T23:30:00Z');
    expect(todayIn('UTC', now)).toBe('2026-03-01');
    expect(todayIn('Europe/Paris', now)).toBe('2026-03-02');
    expect(todayIn('America/New_York', new Date('2026-03-02T04:59:00Z'))).toBe('2026-03-01');
    expect(dateOfInstant('2026-03-01T23:30:00Z', 'Asia/Tokyo')).toBe('2026-03-02');
  });
  it('describes due states in words', () => {
    expect(describeDue(dueState('2026-03-04', '2026-03-01'))).toBe('due in 3 days');
    expect(describeDue(dueState('2026-03-02', '2026-03-01'))).toBe('due in 1 day');
    expect(describeDue(dueState('2026-03-01', '2026-03-01'))).toBe('due today');
    expect(describeDue(dueState('2026-02-28', '2026-03-01'))).toBe('overdue by 1 day');
    expect(describeDue(dueState('2026-02-20', '2026-03-01'), 'late by')).toBe('late by 9 days');
    expect(describeDue(dueState(null, '2026-03-01'))).toBe('needs a due date');
  });
});
