/**
 * Forge's storage quotas in the local KVS (docs/platform.md, "Forge storage (`@forge/kvs`) limits
 * and errors"), one test per quota, on a clock the test moves: over a quota the app's call is
 * refused whole with 429 RATE_LIMIT_EXCEEDED (what @forge/kvs turns into the error the app sees),
 * and the window frees up as the site's clock moves on.
 */
import { KvsService } from '../../../local/runtime/kvs';
import { unitsOf } from '../../../local/runtime/kvs-quotas';
import type { Clock } from '../../../local/site-api';
import { memoryStore } from './support/memory-store';

function setup(quotas = true) {
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  const clock: Clock = { now: () => new Date(now), set: (d) => void (now = d.getTime()) };
  const kvs = new KvsService(memoryStore(), clock, { quotas });
  return {
    kvs,
    tick: (ms: number) => void (now += ms),
    call: (path: string, body: unknown) => kvs.answer(path, JSON.stringify(body)),
  };
}

const keys = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}` }));

function expectRateLimited(answer: { status: number; body: string }, says: RegExp): void {
  expect(answer.status).toBe(429);
  const body = JSON.parse(answer.body) as { code: string; message: string };
  expect(body.code).toBe('RATE_LIMIT_EXCEEDED');
  expect(body.message).toMatch(says);
}

test('45 batch operations a minute; the 46th is refused and does nothing; a minute on, batches go again', () => {
  const { call, tick } = setup();
  for (let i = 0; i < 45; i++) {
    expect(call('/api/v1/batch/get', keys(25)).status).toBe(200);
    tick(1000);
  }
  expectRateLimited(call('/api/v1/batch/set', [{ key: 'x', value: 1 }]), /45 batch operations a minute/);
  expect(call('/api/v1/get', { key: 'x' }).status).toBe(404); // the refused batch wrote nothing
  // Single calls are not batch operations.
  expect(call('/api/v1/set', { key: 'y', value: 1 }).status).toBe(204);
  tick(15_000); // the first batch left the window
  expect(call('/api/v1/batch/set', [{ key: 'x', value: 1 }]).status).toBe(200);
  expectRateLimited(call('/api/v1/batch/delete', [{ key: 'x' }]), /batch operations/);
});

test('a batch takes at most 25 keys, and fails whole when it names a key twice', () => {
  const { call } = setup();
  const tooMany = call(
    '/api/v1/batch/set',
    keys(26).map((k) => ({ ...k, value: 1 })),
  );
  expect(tooMany.status).toBe(400);
  expect(JSON.parse(tooMany.body).message).toMatch(/at most 25 keys; this one has 26/);
  expect(call('/api/v1/get', { key: 'k0' }).status).toBe(404);

  const twice = call('/api/v1/batch/set', [
    { key: 'a', value: 1 },
    { key: 'b', value: 2 },
    { key: 'a', value: 3 },
  ]);
  expect(twice.status).toBe(400);
  expect(JSON.parse(twice.body).message).toMatch(/names "a" more than once; nothing was done/);
  expect(call('/api/v1/get', { key: 'a' }).status).toBe(404);
  expect(call('/api/v1/get', { key: 'b' }).status).toBe(404);
  expect(call('/api/v1/batch/get', [{ key: 'a' }, { key: 'a' }]).status).toBe(400);
  expect(
    call(
      '/api/v1/batch/set',
      keys(25).map((k) => ({ ...k, value: 1 })),
    ).status,
  ).toBe(200);
});

test('1,000 storage calls a second; the next one waits for the second to pass', () => {
  const { call, tick } = setup();
  for (let i = 0; i < 1000; i++) expect(call('/api/v1/get', { key: 'missing' }).status).toBe(404);
  expectRateLimited(call('/api/v1/set', { key: 'x', value: 1 }), /1000 storage calls a second/);
  expect(call('/api/v1/get', { key: 'x' }).status).toBe(429);
  tick(1000);
  expect(call('/api/v1/set', { key: 'x', value: 1 }).status).toBe(204);
});

test('4,000 reads a minute counted per 10 KB of what is read', () => {
  const { kvs, call, tick } = setup();
  // A value of about 95 KB: each read of it counts 10.
  kvs.handle('/api/v1/set', JSON.stringify({ key: 'big', value: 'x'.repeat(95 * 1024) }));
  expect(unitsOf(Buffer.byteLength(kvs.handle('/api/v1/get', JSON.stringify({ key: 'big' })).body))).toBe(10);
  for (let i = 0; i < 400; i++) {
    expect(call('/api/v1/get', { key: 'big' }).status).toBe(200);
    tick(100);
  }
  expect(kvs.quotas.usage().readUnits).toBe(4000);
  expectRateLimited(call('/api/v1/get', { key: 'small' }), /4000 reads a minute/);
  expectRateLimited(call('/api/v1/query', { limit: 1 }), /reads a minute/);
  // Writes have their own budget.
  expect(call('/api/v1/set', { key: 'small', value: 1 }).status).toBe(204);
  tick(20_000); // the first reads (at 0–1 s of the minute) left the window
  expect(call('/api/v1/get', { key: 'small' }).status).toBe(200);
});

test('4,000 writes a minute counted per 10 KB of what is sent; a transaction is one write', () => {
  const { kvs, call, tick } = setup();
  const value = 'x'.repeat(65 * 1024); // 65 KB counts 7
  for (let i = 0; i < 571; i++) {
    expect(call('/api/v1/set', { key: `w${i % 10}`, value }).status).toBe(204);
    tick(100);
  }
  expect(kvs.quotas.usage().writeUnits).toBe(3997);
  expectRateLimited(call('/api/v1/set', { key: 'w0', value }), /4000 writes a minute \(counted per 10 KB; this one counts 7\)/);
  expectRateLimited(call('/api/v1/transaction', { set: [{ key: 'a', value }] }), /writes a minute/);
  expect(
    call('/api/v1/transaction', {
      set: [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ],
    }).status,
  ).toBe(204);
  expect(kvs.quotas.usage().writeUnits).toBe(3998);
  expect(call('/api/v1/delete', { key: 'a' }).status).toBe(204);
  expect(call('/api/v1/delete', { key: 'b' }).status).toBe(204);
  expectRateLimited(call('/api/v1/delete', { key: 'w1' }), /writes a minute/);
  // Reads have their own budget.
  expect(call('/api/v1/get', { key: 'w1' }).status).toBe(200);
});

test('moving the site clock back (a reset to a seed) forgets what lay ahead; quotas can be off for huge seeds', () => {
  const quota = setup();
  for (let i = 0; i < 45; i++) quota.call('/api/v1/batch/get', keys(1));
  expect(quota.call('/api/v1/batch/get', keys(1)).status).toBe(429);
  quota.tick(-3_600_000);
  expect(quota.call('/api/v1/batch/get', keys(1)).status).toBe(200);

  const off = setup(false);
  for (let i = 0; i < 100; i++) expect(off.call('/api/v1/batch/get', keys(1)).status).toBe(200);
});

test('invocations on their own platform clocks (delayed events): a call later in platform time neither hides nor frees an earlier minute', () => {
  const { kvs } = setup();
  const t0 = Date.parse('2026-03-02T09:00:00.000Z');
  const batch = (at: number) => kvs.answer('/api/v1/batch/get', JSON.stringify(keys(1)), at);
  // 45 batch operations at 09:05 (an invocation whose event was delayed five minutes) ...
  for (let i = 0; i < 45; i++) expect(batch(t0 + 5 * 60_000).status).toBe(200);
  // ... leave 09:00 free (another invocation, earlier in platform time, runs at the same moment) ...
  for (let i = 0; i < 45; i++) expect(batch(t0).status).toBe(200);
  // ... and count at 09:05 still: the 46th there is refused, as is the 46th at 09:00.
  expectRateLimited(batch(t0 + 5 * 60_000 + 1000), /45 batch operations a minute/);
  expectRateLimited(batch(t0 + 30_000), /45 batch operations a minute/);
  expect(batch(t0 + 2 * 60_000).status).toBe(200);
});
