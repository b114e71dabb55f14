/**
 * The day's mail at a set hour, through the local site: the scheduled trigger runs every hour
 * (manifest.yml), and starts the day's sweep only from the settings' send hour in the site's time
 * zone, once a day; a later hour that day starts nothing once the day's run completed.
 */
import { DEMO_SECOND_TIER, Expectations, byKey, comparable, type ExpectedMail } from './support/expectations';
import { startSweepSite, type SweepSite } from './support/site';
import { addDays } from '../../../src/domain/dates';

describe('the send hour', () => {
  let site: SweepSite;
  let seedToday = '';
  let mailsSeen = 0;
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });

  const kvs = () => site.running.site.runtime.kvs;
  function patchSettings(patch: Record<string, unknown>): void {
    const current = (
      JSON.parse(kvs().handle('/api/v1/get', JSON.stringify({ key: 'settings:v1' })).body) as { value: Record<string, unknown> }
    ).value;
    const r = kvs().handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value: { ...current, ...patch } }));
    if (r.status >= 300) throw new Error(r.body);
  }
  const result = (r: { json: unknown }) => (r.json as { result: { status: string; reason?: string } }).result;
  async function newMails(): Promise<ExpectedMail[]> {
    const all = await site.outbox();
    const fresh = all.slice(mailsSeen);
    mailsSeen = all.length;
    return fresh.map(comparable).sort(byKey);
  }
  const runCount = () =>
    ((JSON.parse(kvs().handle('/api/v1/get', JSON.stringify({ key: 'sweep-runs:index' })).body) as { value?: string[] }).value ?? [])
      .length;

  test('nothing before the hour; the day’s mails at it; nothing more that day; the next day again at the hour', async () => {
    seedToday = await site.resetSeedToday();
    mailsSeen = (await site.outbox()).length;
    patchSettings({ sendHour: 14 }); // the demo's time zone is UTC
    const expected = new Expectations(seedToday, DEMO_SECOND_TIER);

    await site.setClock(`${seedToday}T13:59:00.000Z`);
    expect(result(await site.sweep())).toEqual({ status: 'skipped', reason: "It is 13:xx in UTC; the day's sweep starts at 14:00." });
    expect(await newMails()).toEqual([]);
    expect(runCount()).toBe(0);

    await site.setClock(`${seedToday}T14:00:00.000Z`);
    expect(result(await site.sweep()).status).toBe('started');
    expect(await newMails()).toEqual(expected.day(seedToday).sort(byKey));

    for (const hour of ['15', '23']) {
      await site.setClock(`${seedToday}T${hour}:00:00.000Z`);
      expect(result(await site.sweep())).toEqual({ status: 'skipped', reason: "Today's sweep has run and sent everything that was due." });
    }
    expect(await newMails()).toEqual([]);
    expect(runCount()).toBe(1);

    const next = addDays(seedToday, 1);
    await site.setClock(`${next}T09:00:00.000Z`);
    expect(result(await site.sweep()).status).toBe('skipped');
    await site.setClock(`${next}T14:07:00.000Z`);
    expect(result(await site.sweep()).status).toBe('started');
    expect(await newMails()).toEqual(expected.day(next).sort(byKey));
  });

  test('the hour is the site’s: with Asia/Tokyo and 09:00, the day’s sweep starts at 00:00 UTC', async () => {
    await site.call('POST', '/__site/reset', { seed: 'demo' });
    mailsSeen = (await site.outbox()).length;
    patchSettings({ timeZone: 'Asia/Tokyo', sendHour: 9 });
    const day = ((await site.call('GET', '/__site/clock')).json as { now: string }).now.slice(0, 10);
    await site.setClock(`${day}T23:30:00.000Z`); // 08:30 the next day in Tokyo
    expect(result(await site.sweep())).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^It is 08:xx in Asia\/Tokyo/) });
    await site.setClock(`${addDays(day, 1)}T00:00:00.000Z`); // 09:00 in Tokyo
    expect(result(await site.sweep()).status).toBe('started');
    expect((await newMails()).length).toBeGreaterThan(0);
  });
});
