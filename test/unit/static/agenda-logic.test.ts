/** The agenda macro's pure words and figures (static/agenda/src/agenda-logic.ts): no DOM, no bridge. */
import {
  dayText,
  instantInZone,
  managersText,
  plural,
  shownText,
  teamHeading,
  timeInZone,
  weekText,
} from '../../../static/agenda/src/agenda-logic';

const person = (displayName: string) => ({ accountId: `id-${displayName}`, displayName });

describe('the agenda’s week and times', () => {
  test('the week is written out for the reader, with the site’s time zone', () => {
    expect(weekText({ start: '2026-11-30', end: '2026-12-06' }, 'Europe/Berlin', 'en-US')).toBe(
      'Week of Monday, November 30, 2026 to Sunday, December 6, 2026 (Europe/Berlin)',
    );
    expect(dayText('2026-11-30', 'en-US')).toBe('Monday, November 30, 2026');
    expect(dayText('not a date', 'en-US')).toBe('not a date');
  });

  test('the lists’ as-of time is in the site’s time zone, named; an unknown zone falls back to UTC and says so', () => {
    expect(timeInZone('2026-12-02T09:14:05.000Z', 'Europe/Berlin', 'en-GB')).toBe('10:14:05 (Europe/Berlin)');
    expect(timeInZone('2026-12-02T09:14:05.000Z', 'UTC', 'en-GB')).toBe('09:14:05 (UTC)');
    expect(timeInZone('2026-12-02T09:14:05.000Z', 'Not/AZone', 'en-GB')).toBe('09:14:05 (UTC)');
  });

  test('a review request’s instant as a date and time in the site’s time zone (the day can differ from UTC’s)', () => {
    expect(instantInZone('2026-12-01T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-12-02 00:30');
    expect(instantInZone('2026-12-01T23:30:00.000Z', 'UTC')).toBe('2026-12-01 23:30');
    expect(instantInZone('2026-12-01T23:30:00.000Z', 'Not/AZone')).toBe('2026-12-01 23:30 UTC');
    expect(instantInZone(null, 'UTC')).toBe('—');
  });
});

describe('how much of a list is shown', () => {
  test('all of it, or the first rows and where the rest are', () => {
    expect(shownText(1, 1)).toBe('The only one is shown.');
    expect(shownText(3, 3)).toBe('All 3 are shown.');
    expect(shownText(20, 34)).toBe('The first 20 of 34 are shown; the Postmortem report has them all.');
  });

  test('plural', () => {
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(2, 'day')).toBe('2 days');
    expect(plural(2, 'more team has', 'more teams have')).toBe('2 more teams have');
  });
});

describe('a team in words: its project and its managers', () => {
  test('one manager, several, none', () => {
    expect(teamHeading({ projectKey: 'PAY', projectName: 'Payments', managers: [person('Marcus Chen')] })).toBe(
      'Payments (PAY), manager Marcus Chen',
    );
    expect(teamHeading({ projectKey: 'PLAT', projectName: 'Platform', managers: [person('Grace Okafor'), person('Priya Raman')] })).toBe(
      'Platform (PLAT), managers Grace Okafor and Priya Raman',
    );
    expect(teamHeading({ projectKey: 'OPS', projectName: 'OPS', managers: [] })).toBe('OPS, no manager or project lead');
    expect(managersText([person('A'), person('B'), person('C')])).toBe('A, B and C');
  });
});
