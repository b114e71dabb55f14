/**
 * The trigger's scan checkpointed into segments (docs/architecture.md, "The daily sweep": near its
 * time budget an invocation checkpoints and continues in a new event): with a paging budget of zero every invocation reads one page of
 * the search, fans out its chunks and pushes the next scan event, so the demo seed plus a few
 * hundred bulk items are scanned in several segments. The outbox must equal an unsegmented run's:
 * every reminder and notice exactly once, every item's escalation stage exactly once and one
 * escalation mail per incident and reader (an incident whose items straddle two segments is
 * escalated once, by the merge phase),
 * the summary counting every item once, the lease released (the run's markers expire within a
 * week), and a second sweep sending nothing. Storage quotas are on, as on Forge.
 */
import { DEMO, seedActionItems, type LocalProducts } from '../../../local/products';
import type { OutboxEntry } from '../../../local/site-api';
import { setSweepBudgetsForTests } from '../../../src/triggers/sweep';
import { startSweepSite, type SweepSite } from './support/site';

const EXTRA_ITEMS = 450;
const users = DEMO.users;

interface Run {
  runId: string;
  status: string;
  itemsScanned: number;
  reminders: number;
  escalations: number;
  notices: number;
  failures: number;
}

/** A mail as (issue, subject, recipients), the items an escalation lists taken out of it. */
function mailKey(m: OutboxEntry): string {
  return `${m.issueKey} | ${m.subject} | ${[...m.to].sort().join(',')}`;
}
// First-tier and second-tier escalations alike (the demo's settings name a second tier).
const isEscalation = (m: OutboxEntry) => /^(Second-tier escalation|Escalation) for /.test(m.subject);
/** The action items an escalation mail lists (one line per item, starting with its key). */
function listedItems(m: OutboxEntry): string[] {
  return [...m.textBody.matchAll(/^\s*-?\s*([A-Z][A-Z0-9]+-\d+)\b/gm)].map((x) => x[1] ?? '').filter((k) => k !== m.issueKey);
}

describe('the sweep scan in segments', () => {
  let site: SweepSite;
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });

  const runs = () => (site.stored('sweep-runs:index') as string[]).map((id) => site.stored(`sweep-run:${id}`) as Run);

  /** Demo seed at 09:00 of its day plus EXTRA_ITEMS open action items over three incidents. */
  async function reset(): Promise<string> {
    const today = await site.resetSeedToday();
    await site.setClock(`${today}T09:00:00.000Z`);
    const db = (site.running.site.products as LocalProducts).db;
    const now = site.running.site.clock.now();
    const per = EXTRA_ITEMS / 3;
    for (const incidentKey of ['INC-1', 'INC-2', 'INC-4']) {
      seedActionItems(db, {
        projectKey: 'PAY',
        incidentKey,
        count: per,
        assignees: [users.sofia.accountId, users.liam.accountId, null],
        reporter: users.marcus.accountId,
        now,
        spreadDays: 20,
      });
    }
    return today;
  }

  async function sweepOnce(): Promise<{ mails: OutboxEntry[]; run: Run; consumerSearches: number }> {
    const before = (await site.outbox()).length;
    const seq = (await site.requests()).at(-1)?.seq ?? 0;
    expect((await site.sweep()).status).toBe(200);
    const calls = await site.requests(seq);
    const [run] = runs();
    if (!run) throw new Error('no run recorded');
    return {
      mails: (await site.outbox()).slice(before),
      run,
      consumerSearches: calls.filter((c) => c.functionKey === 'sweep-consumer' && c.path === '/rest/api/3/search/jql').length,
    };
  }

  test('a scan over several segments sends what one unsegmented scan sends, each stage once, and the run adds up', async () => {
    await reset();
    const baseline = await sweepOnce();
    expect(baseline.consumerSearches).toBe(0);
    expect(baseline.run).toMatchObject({ status: 'completed', failures: 0 });
    expect(baseline.run.itemsScanned).toBeGreaterThan(300);

    const today = await reset();
    const restore = setSweepBudgetsForTests({ triggerMs: 0, consumerMs: 0 });
    let segmented: Awaited<ReturnType<typeof sweepOnce>>;
    try {
      segmented = await sweepOnce();
    } finally {
      restore();
    }
    // One page per invocation: the trigger's page, then one scan segment per further page.
    expect(segmented.consumerSearches).toBeGreaterThanOrEqual(3);

    // Reminders and notices: exactly the baseline's, each once.
    const plain = (ms: OutboxEntry[]) =>
      ms
        .filter((m) => !isEscalation(m))
        .map(mailKey)
        .sort();
    expect(plain(segmented.mails)).toEqual(plain(baseline.mails));

    // Escalations: the same (incident, recipients) mails, one each however the segments cut an
    // incident's items, listing the baseline's items, none twice.
    const listed = (ms: OutboxEntry[]) => {
      const out = new Map<string, string[]>();
      for (const m of ms.filter(isEscalation)) {
        const key = `${m.issueKey} | ${[...m.to].sort().join(',')}`;
        out.set(key, [...(out.get(key) ?? []), ...listedItems(m)]);
      }
      return out;
    };
    const want = listed(baseline.mails);
    const got = listed(segmented.mails);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    expect([...want.values()].flat().length).toBeGreaterThan(200);
    for (const [key, items] of got) {
      expect({ key, twice: items.filter((k, i) => items.indexOf(k) !== i) }).toEqual({ key, twice: [] });
      expect({ key, items: [...items].sort() }).toEqual({ key, items: [...(want.get(key) ?? [])].sort() });
    }
    expect(segmented.mails.filter(isEscalation).length).toBe(baseline.mails.filter(isEscalation).length);

    // The summary: every item scanned once, every mail counted, nothing failed; lease and markers gone.
    expect(segmented.run).toMatchObject({
      status: 'completed',
      failures: 0,
      today,
      itemsScanned: baseline.run.itemsScanned,
      reminders: baseline.run.reminders,
      notices: baseline.run.notices,
      escalations: segmented.mails.filter(isEscalation).length,
    });
    expect(site.stored('sweep:lease')).toBeUndefined();
    // The run's markers are not deleted call by call (storage quotas): they expire within a week.
    const markers = ['total', 'scan:1', 'ticket:1'].map((m) => `sweep-run:${segmented.run.runId}:${m}`);
    for (const key of markers) expect(site.stored(key)).toBeDefined();

    // A second sweep the same day (segmented again) sends nothing and completes. The hourly trigger
    // starts one only when the day has no completed run: here the run history is lost (as when its
    // write failed), so only the ledger stands between the day's mails and a second copy.
    site.running.site.runtime.kvs.handle('/api/v1/delete', JSON.stringify({ key: 'sweep-runs:index' }));
    await site.setClock(`${today}T10:00:00.000Z`);
    const restore2 = setSweepBudgetsForTests({ triggerMs: 0, consumerMs: 0 });
    try {
      const again = await sweepOnce();
      expect(again.mails).toEqual([]);
      expect(again.consumerSearches).toBeGreaterThanOrEqual(3);
      expect(again.run).toMatchObject({ status: 'completed', failures: 0, itemsScanned: baseline.run.itemsScanned });
      expect(site.stored('sweep:lease')).toBeUndefined();
    } finally {
      restore2();
    }
    await site.setClock(new Date(Date.parse(`${today}T10:00:00.000Z`) + 8 * 86_400_000).toISOString());
    for (const key of markers) expect(site.stored(key)).toBeUndefined();
    // One invocation per page and per mail: minutes on a machine shared with other test files.
  }, 180_000);

  test('two segmented sweeps at once: one runs, the other does nothing; every mail once', async () => {
    await reset();
    const baseline = await sweepOnce();
    await reset();
    const restore = setSweepBudgetsForTests({ triggerMs: 0 });
    try {
      await site.faults([{ method: 'POST', pathPattern: '/rest/api/3/search/jql', latencyMs: 30 }]);
      const before = (await site.outbox()).length;
      const results = await Promise.all([site.sweep(), site.sweep()]);
      const statuses = results.map((r) => (r.json as { result: { status: string } }).result.status).sort();
      expect(statuses).toEqual(['skipped', 'started']);
      const mails = (await site.outbox()).slice(before);
      const plain = (ms: OutboxEntry[]) =>
        ms
          .filter((m) => !isEscalation(m))
          .map(mailKey)
          .sort();
      expect(plain(mails)).toEqual(plain(baseline.mails));
      expect(runs()[0]).toMatchObject({ status: 'completed', failures: 0, itemsScanned: baseline.run.itemsScanned });
      expect(site.stored('sweep:lease')).toBeUndefined();
    } finally {
      await site.faults([]);
      restore();
    }
  });
});
