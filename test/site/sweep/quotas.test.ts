/**
 * The sweep within Forge's quotas (docs/decisions/0012-sweep-within-storage-quotas.md): a few
 * thousand open action items over the demo seed, swept under the latency profile with the local
 * site enforcing every quota. What the site counted must stay within each: app-storage batch
 * operations, read and write units a minute, calls a second (none refused with 429); queue events
 * under 100 KB, under 500 a minute, chained pushes under 1,000; and the run completes, its chunks
 * delayed so that their storage use is spread over time.
 */
import { DEMO, seedActionItems, type LocalProducts } from '../../../local/products';
import { REALISTIC_LATENCY } from '../../../local/runtime/latency';
import { storagePeaks } from '../../../local/runtime/quota-use';
import { recordStorageCalls, startSweepSite, type SweepSite } from './support/site';

const ITEMS = 4000;
const users = DEMO.users;

describe('the sweep within Forge’s quotas', () => {
  let site: SweepSite;
  beforeAll(async () => {
    site = await startSweepSite(undefined, { latency: REALISTIC_LATENCY });
  });
  afterAll(async () => {
    await site.stop();
  });

  test(`${ITEMS} open items: storage, events and pushes within every quota, the run completed`, async () => {
    const today = await site.resetSeedToday();
    await site.setClock(`${today}T09:00:00.000Z`);
    const db = (site.running.site.products as LocalProducts).db;
    const now = site.running.site.clock.now();
    for (const incidentKey of ['INC-1', 'INC-2', 'INC-4', 'INC-5']) {
      seedActionItems(db, {
        projectKey: 'PAY',
        incidentKey,
        count: ITEMS / 4,
        assignees: [users.sofia.accountId, users.liam.accountId, null],
        reporter: users.marcus.accountId,
        now,
      });
    }
    const runtime = site.running.site.runtime;
    const { calls: storage, stop: stopRecording } = recordStorageCalls(site);
    runtime.queue.resetPeaks();
    const invocationsBefore = runtime.invocations.length;
    try {
      expect((await site.sweep()).status).toBe(200);
    } finally {
      stopRecording();
    }

    const peaks = storagePeaks(storage);
    expect(peaks.refused).toBe(0);
    expect(peaks.batchPerMinute).toBeLessThanOrEqual(45);
    expect(peaks.readUnitsPerMinute).toBeLessThanOrEqual(4000);
    expect(peaks.writeUnitsPerMinute).toBeLessThanOrEqual(4000);
    expect(peaks.callsPerSecond).toBeLessThanOrEqual(1000);
    // The sweep wrote and read its ledger: the figures are of a real run, not of one that did nothing.
    expect(peaks.calls).toBeGreaterThan(500);

    const q = runtime.queue.peaks;
    expect(q.attemptedEventBytes).toBeGreaterThan(0);
    expect(q.attemptedEventBytes).toBeLessThanOrEqual(100 * 1024);
    expect(q.eventsPerMinute).toBeLessThanOrEqual(500);
    expect(q.chainPushes).toBeLessThanOrEqual(1000);

    const invocations = runtime.invocations.slice(invocationsBefore);
    expect(invocations.filter((i) => i.outcome !== 'ok')).toEqual([]);
    // Chunks were paced: they start spread over platform time, not all at once.
    const starts = invocations.filter((i) => i.functionKey === 'sweep-consumer').map((i) => Date.parse(i.platformStart));
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThan(10_000);

    const [runId] = site.stored('sweep-runs:index') as string[];
    expect(site.stored(`sweep-run:${runId}`)).toMatchObject({ status: 'completed', failures: 0 });
  });
});
