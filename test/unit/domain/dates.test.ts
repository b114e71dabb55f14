import fc from 'fast-check';
import {
  addDays,
  dateOfInstant,
  dayOfWeek,
  daysBetween,
  describeDue,
  dueState,
  isIsoDate,
  parseIsoDate,
  todayIn,
} from '../../../src/domain/dates';

describe('calendar dates', () => {
  it('rejects impossible dates and other shapes', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate('tomorrow')).toBe(false);
  });
  it('answers the same for a date asked again, past the memory of dates already read', () => {
    const dates = Array.from({ length: 5000 }, (_, i) => addDays('2020-01-01', i));
    const counted = () => dates.map((d) => daysBetween('2020-01-01', d));
    const impossible = () => dates.filter((d) => isIsoDate(d.replace(/-\d\d$/, '-32')));
    const first = counted();
    expect(first).toEqual(dates.map((_, i) => i));
    expect(counted()).toEqual(first);
    expect(impossible()).toEqual([]);
    expect(impossible()).toEqual([]);
    expect(addDays(dates[0]!, 1)).toBe(dates[1]);
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

describe('years 0000–0099 (Date.UTC maps them to the 1900s)', () => {
  it('are calendar dates like any other: parsed, added to, counted, never thrown on', () => {
    expect(isIsoDate('0050-01-01')).toBe(true);
    expect(isIsoDate('0000-02-29')).toBe(true); // year 0 is a leap year in the proleptic calendar
    expect(isIsoDate('0050-02-29')).toBe(false);
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(addDays('0050-03-01', -1)).toBe('0050-02-28');
    expect(daysBetween('0050-01-01', '0051-01-01')).toBe(365);
    expect(dueState('0050-01-01', '2026-03-10')).toEqual({ kind: 'overdue', days: daysBetween('0050-01-01', '2026-03-10') });
    expect(describeDue(dueState('0012-05-06', '2026-03-10'))).toMatch(/^overdue by \d+ days$/);
    expect(parseIsoDate('1970-01-02')).toBe(86_400_000);
    expect(dayOfWeek('0001-01-01')).toBe(1); // a Monday, as 2001-01-01 (400-year cycle: 0001 + 2000)
    expect(dayOfWeek('2026-03-09')).toBe(1);
  });
  it('day arithmetic agrees with counting, for any two dates 0000–9999', () => {
    const date = fc
      .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -100_000, max: 100_000 }), (d, n) => {
        expect(isIsoDate(d)).toBe(true);
        const later = addDays(d, n);
        if (!/^\d{4}-/.test(later)) return; // beyond year 9999 or before 0000
        expect(daysBetween(d, later)).toBe(n);
        expect(addDays(later, -n)).toBe(d);
      }),
      { numRuns: 300 },
    );
  });
});
