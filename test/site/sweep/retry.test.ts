/**
 * The same day, again: a sweep that failed (a storage error before it started) or left mails unsent
 * (a Jira outage) is run again by the hourly retry trigger until everything due went out or the
 * day ends; a "due today" reminder that failed all day is made up the next day, not silently
 * replaced by the escalation.
 */
import { addDays } from '../../../src/domain/dates';
import { DEMO_SECOND_TIER, Expectations, byKey, comparable, type ExpectedMail } from './support/expectations';
import { startSweepSite, type SweepSite } from './support/site';

interface Run {
  status: string;
  failures: number;
  failureSamples: Array<{ message: string }>;
}

describe('the sweep retried the same day', () => {
  let site: SweepSite;
  let seedToday = '';
  let mailsSeen = 0;
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });
  beforeEach(async () => {
    seedToday = await site.resetSeedToday();
    mailsSeen = 0;
    await site.setClock(`${seedToday}T09:00:00.000Z`);
  });

  const retry = () => site.call('POST', '/__site/scheduled/postmortem-sweep-retry');
  const status = (r: { json: unknown }) => (r.json as { result: { status: string } }).result.status;
  async function newMails(): Promise<ExpectedMail[]> {
    const all = await site.outbox();
    const fresh = all.slice(mailsSeen);
    mailsSeen = all.length;
    return fresh.map(comparable).sort(byKey);
  }
  function runs(): Run[] {
    return ((site.stored('sweep-runs:index') as string[] | undefined) ?? []).map((id) => site.stored(`sweep-run:${id}`) as Run);
  }

  test('a storage error while reading the settings is recorded as a failed run, and the hourly retry sends the day’s mails', async () => {
    await site.faults([{ target: 'kvs', pathPattern: '/api/v1/get', status: 503, count: 4 }]);
    expect(status(await site.sweep())).toBe('failed');
    expect(await newMails()).toEqual([]);
    const [failed] = runs();
    expect(failed).toMatchObject({ status: 'failed', failures: 1 });
    expect(failed?.failureSamples[0]?.message).toMatch(/settings could not be read/);

    await site.setClock(`${seedToday}T10:00:00.000Z`);
    expect(status(await retry())).toBe('started');
    expect(await newMails()).toEqual(new Expectations(seedToday, DEMO_SECOND_TIER).day(seedToday).sort(byKey));
    expect(runs()[0]).toMatchObject({ status: 'completed' });
    // Nothing left to do: the next hour's retry does nothing.
    await site.setClock(`${seedToday}T11:00:00.000Z`);
    expect(status(await retry())).toBe('not-needed');
    expect(await newMails()).toEqual([]);
  });

  test('a reminder lost to a Jira outage is retried hourly until it goes out; a due-day reminder that failed all day comes late the next day', async () => {
    const expected = new Expectations(seedToday, DEMO_SECOND_TIER);
    const day0 = expected.day(seedToday).sort(byKey);
    // PAY-2's reminder fails all morning; PLAT-1's "due today" fails all day.
    await site.faults([
      { method: 'POST', pathPattern: '/rest/api/3/issue/PAY-2/notify', status: 503 },
      { method: 'POST', pathPattern: '/rest/api/3/issue/PLAT-1/notify', status: 503 },
    ]);
    await site.sweep();
    expect(await newMails()).toEqual(day0.filter((m) => m.issueKey !== 'PAY-2' && m.issueKey !== 'PLAT-1'));
    await site.setClock(`${seedToday}T10:00:00.000Z`);
    expect(status(await retry())).toBe('started');
    expect(await newMails()).toEqual([]);

    await site.faults([{ method: 'POST', pathPattern: '/rest/api/3/issue/PLAT-1/notify', status: 503 }]);
    await site.setClock(`${seedToday}T11:00:00.000Z`);
    await retry();
    expect(await newMails()).toEqual(day0.filter((m) => m.issueKey === 'PAY-2'));

    // The day ends with PLAT-1's reminder never delivered. The next day: it comes late, beside the escalation.
    await site.faults([]);
    const day1 = addDays(seedToday, 1);
    await site.setClock(`${day1}T09:00:00.000Z`);
    expect(status(await retry())).toBe('not-needed'); // no run yet today: the daily trigger runs it
    await site.sweep();
    const mails = await newMails();
    const late = mails.filter((m) => m.issueKey === 'PLAT-1');
    expect(late).toEqual([
      expect.objectContaining({ to: [expect.any(String)], subject: expect.stringMatching(/^PLAT-1 is overdue by 1 day/) }),
    ]);
    expect(mails.filter((m) => m.issueKey !== 'PLAT-1')).toEqual(expected.day(day1).sort(byKey));
  });
});
