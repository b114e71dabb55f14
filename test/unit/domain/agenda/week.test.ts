import { agendaDue, agendaTitle, isoWeekday, mondayOf } from '../../../../src/domain/agenda';
import { longDate } from '../../../../src/domain/dates';

describe('the agenda week', () => {
  it('runs Monday to Sunday', () => {
    expect(isoWeekday('2026-12-07')).toBe(1);
    expect(isoWeekday('2026-12-13')).toBe(7);
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
    expect(mondayOf('2026-12-09')).toBe('2026-12-07');
    expect(mondayOf('2026-12-13')).toBe('2026-12-07');
    expect(mondayOf('2026-12-14')).toBe('2026-12-14');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });

  it('is titled by its Monday, day first', () => {
    expect(longDate('2026-12-07')).toBe('7 December 2026');
    expect(agendaTitle('2026-12-07')).toBe('Postmortem review, week of 7 December 2026');
    expect(agendaTitle('2027-01-04')).toBe('Postmortem review, week of 4 January 2027');
  });
});

describe('when the agenda page is written', () => {
  const at = (iso: string, weekday = 3, sendHour = 9, timeZone = 'UTC') => agendaDue({ now: new Date(iso), timeZone, weekday, sendHour });

  it('not before the agenda weekday', () => {
    // 2026-12-08 is a Tuesday; the agenda is on Wednesdays.
    expect(at('2026-12-08T12:00:00Z')).toEqual({
      due: false,
      today: '2026-12-08',
      monday: '2026-12-07',
      reason: 'The agenda page is written on Wednesdays from 09:00 (UTC); today is Tuesday.',
    });
  });

  it('on the weekday only from the send hour', () => {
    expect(at('2026-12-09T08:59:00Z')).toMatchObject({ due: false, reason: 'The agenda page is written today from 09:00 (UTC).' });
    expect(at('2026-12-09T09:00:00Z')).toEqual({
      due: true,
      today: '2026-12-09',
      monday: '2026-12-07',
      title: 'Postmortem review, week of 7 December 2026',
    });
  });

  it('on the later days of the same week, for a week not written yet', () => {
    expect(at('2026-12-10T01:00:00Z')).toMatchObject({ due: true, monday: '2026-12-07' });
    expect(at('2026-12-13T23:59:00Z')).toMatchObject({ due: true, monday: '2026-12-07' });
    expect(at('2026-12-14T10:00:00Z')).toMatchObject({ due: false, monday: '2026-12-14' });
  });

  it('reads the day, the hour and the week in the site’s time zone', () => {
    // Monday 7 December 2026 00:30 in Tokyo is still Sunday 6 December in UTC.
    expect(at('2026-12-06T15:30:00Z', 1, 0, 'Asia/Tokyo')).toMatchObject({ due: true, today: '2026-12-07', monday: '2026-12-07' });
    expect(at('2026-12-06T15:30:00Z', 1, 0, 'UTC')).toMatchObject({ due: true, today: '2026-12-06', monday: '2026-11-30' });
    expect(at('2026-12-06T23:30:00Z', 1, 9, 'Asia/Tokyo')).toMatchObject({
      due: false,
      reason: 'The agenda page is written today from 09:00 (Asia/Tokyo).',
    });
  });

  it('a Sunday agenda is written on Sundays only', () => {
    expect(at('2026-12-12T10:00:00Z', 7)).toMatchObject({ due: false });
    expect(at('2026-12-13T10:00:00Z', 7)).toMatchObject({ due: true, monday: '2026-12-07' });
  });
});
