/**
 * Forge's async-event and function limits as the local site enforces them, seen through the real
 * @forge/events and @forge/api (docs/platform.md, "Async events (queues) and function limits").
 * Time is platform time (the latency profile accounts it), so nothing here waits or is timed.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ALICE } from './support/fake-products';
import * as limitsApp from './support/limits-app';
import { startTestSite, type TestSite } from './support/site';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => v as Json;

let site: TestSite;
/** Sites the tests started and must stop (the memory test starts its own in another process). */
const started = new Set<TestSite>();
afterEach(async () => {
  for (const s of started) await s.stop();
  started.clear();
});

const invoke = (resolver: string, payload: unknown) => site.post('/__site/invoke/panel-resolver', { accountId: ALICE, resolver, payload });

describe('async events limits', () => {
  beforeEach(async () => {
    site = await startTestSite({ seed: 'demo', loadApp: () => limitsApp });
    started.add(site);
  });

  test('an event over 100 KB for a consumer with a timeout over 55 s is refused with PayloadTooBigError; 99 KB passes', async () => {
    const res = await invoke('push', { events: 1, bytes: 101 * 1024, times: 1 });
    expect(obj(res.json).result).toEqual([
      expect.stringMatching(/^PayloadTooBigError: The maximum payload size is 100KB per event .* event 0 is 101\.\dKB\.$/),
    ]);
    expect((await invoke('push', { events: 1, bytes: 99 * 1024, times: 1 })).json).toMatchObject({ result: ['ok'] });
    await site.site.runtime.queue.drain();
    expect(site.site.runtime.queue.peaks.eventBytes).toBeLessThanOrEqual(100 * 1024);
  });

  test('a push over 200 KB or 50 events is refused', async () => {
    const big = await invoke('push', { events: 3, bytes: 70 * 1024, times: 1 });
    expect(obj(big.json).result).toEqual(['PayloadTooBigError: The maximum payload size is 200KB.']);
    const many = await invoke('push', { events: 51, bytes: 1, times: 1 });
    expect(obj(many.json).result).toEqual(['TooManyEventsError: This push contains more than the 50 events allowed.']);
  });

  test('the 501st event of a minute is refused with RateLimitError; the next minute takes events again', async () => {
    const res = await invoke('push', { events: 50, bytes: 10, times: 11 });
    const outcomes = obj(res.json).result as string[];
    expect(outcomes.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(outcomes[10]).toBe('RateLimitError: Too many requests.');
    await site.site.runtime.queue.drain();
    expect(site.site.runtime.queue.peaks.eventsPerMinute).toBe(500);
    const now = Date.parse(String(obj((await site.get('/__site/clock')).json).now));
    await site.put('/__site/clock', { now: new Date(now + 60_000).toISOString() });
    expect((await invoke('push', { events: 50, bytes: 10, times: 1 })).json).toMatchObject({ result: ['ok'] });
    await site.site.runtime.queue.drain();
  });

  test('a chain of invocations may make 1,000 pushes; the 1,001st gets InvocationLimitReachedError', async () => {
    // Each minute of platform time takes 500 events: spread the chain over the minutes as the platform's would be.
    const runtime = site.site.runtime;
    const clock = site.site.clock;
    const handle = runtime.queue.handle.bind(runtime.queue);
    let pushes = 0;
    runtime.queue.handle = (path, body, caller) => {
      if (path.startsWith('/webhook/queue/publish/') && ++pushes % 400 === 0) clock.set(new Date(clock.now().getTime() + 60_000));
      return handle(path, body, caller && { ...caller, nowMs: clock.now().getTime() });
    };
    const run = await site.post('/__site/scheduled/postmortem-sweep');
    expect(obj(run.json).ok).toBe(true);
    // The trigger's push is the first; consumers 1..999 push the 2nd..1,000th; consumer 1,000 is refused.
    expect(limitsApp.chainOutcomes).toHaveLength(1000);
    expect(limitsApp.chainOutcomes.slice(0, 999).every((o) => o === 'ok')).toBe(true);
    expect(limitsApp.chainOutcomes[999]).toBe('InvocationLimitReachedError: The limit on cyclic invocation has been reached.');
    expect(runtime.queue.peaks.chainPushes).toBe(1000);
  });
});

describe('function limits under the latency profile', () => {
  beforeEach(async () => {
    site = await startTestSite({ seed: 'demo', loadApp: () => limitsApp });
    started.add(site);
    expect((await site.put('/__site/latency', { productMs: 300, storageMs: 30 })).status).toBe(200);
  });

  test('each call is accounted on the invocation clock: Date.now() moves 300 ms per Jira call, 30 ms per storage call', async () => {
    const res = await invoke('sequential-calls', { n: 10 });
    expect(res.status).toBe(200);
    const elapsed = Number(obj(obj(res.json).result).elapsed);
    // 10 × 300 ms + 30 ms accounted; real time adds a little on top.
    expect(elapsed).toBeGreaterThanOrEqual(3030);
    const inv = (site.site.runtime.invocations.at(-1) ?? {}) as Json;
    expect(Number(inv.platformMs)).toBeGreaterThanOrEqual(3030);
  });

  test('parallel calls overlap, as on the platform', async () => {
    const res = await invoke('parallel-calls', { n: 20 });
    const elapsed = Number(obj(obj(res.json).result).elapsed);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(20 * 300);
  });

  test('a resolver whose calls add up past 25 s fails with FUNCTION_TIME_OUT at the call that crosses it', async () => {
    const res = await invoke('sequential-calls', { n: 90 });
    expect(res.status).toBe(504);
    expect(obj(obj(res.json).error).code).toBe('FUNCTION_TIME_OUT');
    expect(obj(obj(res.json).error).message).toContain('time limit of 25 s');
    // 25 s / 300 ms: the 84th call crosses the limit and is the last one answered.
    const calls = site.products.received.filter((r) => r.path === '/rest/api/3/myself');
    expect(calls).toHaveLength(84);
    expect(site.site.runtime.invocations.at(-1)?.outcome).toBe('timeout');
  });

  test("a full garbage collection between calls is left out of platform time but for the invocation's share of the heap", async () => {
    const res = await invoke('full-collection-between-calls', {});
    expect(res.status).toBe(200);
    const inv = site.site.runtime.invocations.at(-1)!;
    // The app holds almost none of the shared heap (the site and the test runner hold the rest),
    // so nearly all of the collection is the site's: left out, and said on the record.
    expect(inv.siteGcMs).toBeGreaterThan(0);
    expect(inv.platformMs).toBeGreaterThanOrEqual(600);
    // Real time plus the two calls' latency, less what was left out (siteGcMs is rounded, and
    // durationMs and platformMs are read a moment apart: 1 ms of slack).
    expect(inv.platformMs).toBeLessThanOrEqual(inv.durationMs + 600 - inv.siteGcMs! + 1);
  });

  test('GET /__site/latency answers the profile; a bad one is refused', async () => {
    expect((await site.get('/__site/latency')).json).toEqual({ productMs: 300, storageMs: 30, queueMs: 0 });
    expect((await site.put('/__site/latency', { productMs: -1, storageMs: 30 })).status).toBe(400);
  });
});

test('without a latency profile, real time is platform time: no collection is left out', async () => {
  site = await startTestSite({ seed: 'demo', loadApp: () => limitsApp });
  started.add(site);
  expect((await invoke('full-collection-between-calls', {})).status).toBe(200);
  expect(site.site.runtime.invocations.at(-1)!.siteGcMs).toBeUndefined();
});

describe('memory per invocation', () => {
  test('a resolver holding more than 512 MB fails with FUNCTION_OUT_OF_MEMORY; one holding 64 MB is measured and passes; isolated, two at once are each charged their own', () => {
    // In a process of its own, so the heap measured is the invocation's alone (support/memory-probe.ts).
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'support', 'memory-probe.ts')], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    const r = JSON.parse(out) as {
      small: { status: number; memoryMB: number; peakHeapMB: number };
      big: { status: number; json: unknown; outcome: string };
      pair: Array<{ status: number; peakHeapMB: number; start: number; end: number }>;
    };
    expect(r.small.status).toBe(200);
    expect(r.small.memoryMB).toBe(512);
    expect(r.small.peakHeapMB).toBeGreaterThanOrEqual(40);
    expect(r.small.peakHeapMB).toBeLessThan(512);
    expect(r.big.status).toBe(500);
    const error = obj(obj(r.big.json).error);
    expect(error.code).toBe('FUNCTION_OUT_OF_MEMORY');
    expect(error.message).toContain('more than its 512 MB');
    expect(r.big.outcome).toBe('out-of-memory');
    // With isolateInvocations two invocations started together run one after the other, and each
    // is charged its own 64 MB, not the other's too (local/runtime/memory.ts).
    const [first, second] = r.pair;
    expect(r.pair.map((p) => p.status)).toEqual([200, 200]);
    expect(second?.start).toBeGreaterThanOrEqual(first?.end ?? Infinity);
    for (const p of r.pair) {
      expect(p.peakHeapMB).toBeGreaterThanOrEqual(40);
      expect(p.peakHeapMB).toBeLessThan(100);
    }
  }, 300_000);
});
