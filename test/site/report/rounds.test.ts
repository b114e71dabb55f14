/**
 * The report's first answer in few rounds of product calls one after another (issue #12: under
 * 3 s at any size with 300 ms a call). Under a latency profile where a Jira or Confluence call
 * costs 10 s and storage nothing, the invocation's platform time is its rounds of calls times
 * 10 s plus the app's own work (well under one round here), so it counts the rounds. Over the demo
 * seed (postmortems confirmed by their pages, a review queue, overdue items of several assignees)
 * getReport takes at most 6: projects; waiver claims beside the postmortem storage reads; the
 * counts, section pages and postmortem search side by side; the postmortems' page properties
 * beside the overdue page's assignees' counts; the pages' titles; then names and the review
 * queue's repeated items side by side. (Before, the postmortems waited for the waiver claims and
 * the assignees' counts, names and repeated items for the postmortems, one after another: 9.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite } from '../../../local/main';
import { DEMO } from '../../../local/products';

const ROUND_MS = 10_000;

describe('the report’s rounds of calls', () => {
  let running: RunningSite;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-rounds-'));
    running = await startSite({
      port: 0,
      dataDir,
      seed: 'demo',
      latency: { productMs: ROUND_MS, storageMs: 0, queueMs: 0 },
      timeLimits: { resolverMs: 40 * ROUND_MS },
    });
  });
  afterAll(async () => {
    await running.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('getReport as a manager who browses every project: at most 6 rounds, every section answered', async () => {
    const runtime = running.site.runtime;
    const result = (await runtime.invokeResolver({
      functionKey: 'report-resolver',
      resolver: 'report.getReport',
      accountId: DEMO.users.priya.accountId,
      payload: { filters: {} },
    })) as { ok: boolean; data?: { sections: Array<{ section: string; rows: unknown[] }>; productCalls: number } };
    const inv = runtime.invocations.filter((i) => i.functionKey === 'report-resolver').at(-1);
    expect(inv?.outcome).toBe('ok');
    expect(result.ok).toBe(true);
    const sections = result.data?.sections ?? [];
    expect(sections.find((s) => s.section === 'overdue')?.rows.length).toBeGreaterThan(0);
    expect(sections.find((s) => s.section === 'review-queue')?.rows.length).toBeGreaterThan(0);
    const t0 = Date.parse(inv?.platformStart ?? '');
    if (process.env.ROUNDS_DEBUG)
      console.log(
        runtime.requestLog
          .list()
          .filter((c) => c.invocationId === inv?.id)
          .map(
            (c) => `${Math.round((Date.parse(c.platformTime ?? c.siteTime) - t0) / 1000)}\t${c.target} ${c.method} ${c.path.slice(0, 90)}`,
          )
          .join('\n'),
      );
    const rounds = Math.floor((inv?.platformMs ?? Infinity) / ROUND_MS);
    expect(rounds).toBeLessThanOrEqual(6);
    expect(rounds).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
