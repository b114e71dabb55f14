/** When the hourly trigger starts the day's sweep (src/domain/sweep/send-hour.ts). */
import { hourIn, scheduledSweep, type RunStart } from '../../../../src/domain/sweep';

const LEASE_MS = 3_600_000;
const run = (startedAt: string, status: RunStart['status']): RunStart => ({ startedAt, status });

describe('the send hour', () => {
  test('the hour is the site’s, not UTC’s', () => {
    expect(hourIn('UTC', new Date('2026-03-10T08:59:59Z'))).toBe(8);
    expect(hourIn('Europe/Paris', new Date('2026-03-10T08:00:00Z'))).toBe(9);
    expect(hourIn('America/Los_Angeles', new Date('2026-03-10T16:30:00Z'))).toBe(9);
    expect(() => hourIn('Not/AZone', new Date())).toThrow(RangeError);
  });

  const at = (iso: string, runs: RunStart[] = [], timeZone = 'UTC', sendHour = 9) =>
    scheduledSweep({ now: new Date(iso), timeZone, sendHour, runs, leaseMs: LEASE_MS });

  test('before the send hour nothing starts; from it, the day’s first run starts', () => {
    expect(at('2026-03-10T08:59:00Z')).toMatchObject({
      start: false,
      today: '2026-03-10',
      reason: expect.stringMatching(/starts at 09:00/),
    });
    expect(at('2026-03-10T09:00:00Z')).toEqual({ start: true, today: '2026-03-10' });
    expect(at('2026-03-10T23:30:00Z')).toEqual({ start: true, today: '2026-03-10' });
    // yesterday's run does not count
    expect(at('2026-03-10T10:00:00Z', [run('2026-03-09T09:05:00Z', 'completed')])).toEqual({ start: true, today: '2026-03-10' });
  });

  test('once a day: not after today’s run completed or while it runs; again while it failed or left mails unsent', () => {
    expect(at('2026-03-10T10:00:00Z', [run('2026-03-10T09:05:00Z', 'completed')])).toMatchObject({
      start: false,
      reason: expect.stringMatching(/sent everything/),
    });
    expect(at('2026-03-10T09:30:00Z', [run('2026-03-10T09:05:00Z', 'running')])).toMatchObject({
      start: false,
      reason: expect.stringMatching(/still running/),
    });
    // a run marked running past its lease died: sweep again
    expect(at('2026-03-10T10:30:00Z', [run('2026-03-10T09:05:00Z', 'running')])).toMatchObject({ start: true });
    expect(at('2026-03-10T10:00:00Z', [run('2026-03-10T09:05:00Z', 'failed')])).toMatchObject({ start: true });
    expect(at('2026-03-10T10:00:00Z', [run('2026-03-10T09:05:00Z', 'completed-with-failures')])).toMatchObject({ start: true });
    // a failed run then a completed one: done for the day
    expect(at('2026-03-10T11:00:00Z', [run('2026-03-10T10:00:00Z', 'completed'), run('2026-03-10T09:05:00Z', 'failed')])).toMatchObject({
      start: false,
    });
  });

  test('the day and the hour are the site time zone’s: 09:00 in Tokyo is 00:00 UTC', () => {
    expect(at('2026-03-09T23:59:00Z', [], 'Asia/Tokyo')).toMatchObject({ start: false, today: '2026-03-10' });
    expect(at('2026-03-10T00:00:00Z', [], 'Asia/Tokyo')).toEqual({ start: true, today: '2026-03-10' });
    // a run at 23:00 UTC the day before is 08:00 on the 10th in Tokyo: today's run there
    expect(at('2026-03-10T01:00:00Z', [run('2026-03-09T23:00:00Z', 'completed')], 'Asia/Tokyo')).toMatchObject({ start: false });
    // midnight as the send hour: the first run of the site's day starts it
    expect(at('2026-03-10T00:10:00Z', [], 'UTC', 0)).toEqual({ start: true, today: '2026-03-10' });
  });
});
