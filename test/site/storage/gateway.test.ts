/**
 * The storage gateway (src/adapters/storage.ts) through the local site: reads retry like writes,
 * so one 503 from app storage while the sweep or the macro reads the settings costs a retry, not
 * the day's mail or the macro; a storage outage is retried a bounded number of times and then
 * told to the person plainly.
 */
import { PostmortemSite, U, type LoggedCall } from '../postmortem/support';

jest.setTimeout(120_000);

let site: PostmortemSite;
let seedToday = '';

beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});
beforeEach(async () => {
  const reset = await site.post('/__site/reset', { seed: 'demo' });
  seedToday = String((reset.json as { now: string }).now).slice(0, 10);
  await site.faults([]);
  const clock = await fetch(`${site.url}/__site/clock`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: `${seedToday}T09:00:00.000Z` }),
  });
  expect(clock.status).toBe(200);
});

function storageCalls(calls: LoggedCall[], functionKey: string): LoggedCall[] {
  return calls.filter((c) => c.target === 'kvs' && c.functionKey === functionKey);
}

function lastRun(): { status: string; reminders: number; failures: number } {
  const kvs = site.running.site.runtime.kvs;
  const get = (key: string) => (JSON.parse(kvs.handle('/api/v1/get', JSON.stringify({ key })).body) as { value: unknown }).value;
  const [id] = get('sweep-runs:index') as string[];
  return get(`sweep-run:${id}`) as { status: string; reminders: number; failures: number };
}

test('one 503 while the sweep reads its settings: the read is retried and the day goes on as usual', async () => {
  site.setSettings({});
  await site.faults([{ target: 'kvs', pathPattern: '/api/v1/get', status: 503, count: 1 }]);
  const res = await site.post('/__site/scheduled/postmortem-sweep', {});
  expect(res.status).toBe(200);
  const trigger = storageCalls(await site.requests(), 'sweep-trigger');
  // The first storage call of the sweep is its settings read: refused once, then answered.
  expect(trigger.slice(0, 2).map((c) => [c.path, c.status])).toEqual([
    ['/api/v1/get', 503],
    ['/api/v1/get', 200],
  ]);
  expect(lastRun()).toMatchObject({ status: 'completed', failures: 0 });
  expect(lastRun().reminders).toBeGreaterThan(0);
  const outbox = (await (await fetch(`${site.url}/__site/outbox`)).json()) as unknown[];
  expect(outbox.length).toBeGreaterThan(0);
});

test('one 503 while the macro reads the settings: the macro still answers', async () => {
  site.setSettings({});
  await site.faults([{ target: 'kvs', pathPattern: '/api/v1/get', status: 503, count: 1 }]);
  const answer = await site.macro('getOverview', U.marcus, site.demoPageId());
  expect(answer.error).toBeUndefined();
  expect(answer.ok).toBe(true);
  const calls = storageCalls(await site.requests(), 'macro-resolver');
  expect(calls.map((c) => c.status).slice(0, 2)).toEqual([503, 200]);
});

test('storage that keeps failing is tried 4 times in all, then the person is told plainly', async () => {
  await site.faults([{ target: 'kvs', pathPattern: '/api/v1/get', status: 503 }]);
  const answer = await site.macro('getOverview', U.marcus, site.demoPageId());
  expect(answer.ok).toBe(false);
  expect(answer.error).toMatchObject({ code: 'product-error', message: expect.stringContaining('App storage is not answering') });
  expect(storageCalls(await site.requests(), 'macro-resolver').map((c) => c.status)).toEqual([503, 503, 503, 503]);
});

test('a storage answer that is not transient (400) is not retried', async () => {
  await site.faults([{ target: 'kvs', pathPattern: '/api/v1/get', status: 400, count: 1 }]);
  const answer = await site.macro('getOverview', U.marcus, site.demoPageId());
  expect(answer.ok).toBe(false);
  expect(storageCalls(await site.requests(), 'macro-resolver').map((c) => c.status)).toEqual([400]);
});

test('a rate-limited store (429 RATE_LIMIT_EXCEEDED) is retried, then reported as rate limiting', async () => {
  await site.faults([{ target: 'kvs', pathPattern: '/api/v1/get', status: 429 }]);
  const answer = await site.macro('getOverview', U.marcus, site.demoPageId());
  expect(answer.error).toMatchObject({ code: 'rate-limited', message: expect.stringContaining('App storage is rate-limiting') });
  expect(storageCalls(await site.requests(), 'macro-resolver')).toHaveLength(4);
});

test('a creation key another request holds (FAIL_IF_EXISTS answered 409 KEY_CONFLICT) is reported per item, not as a storage failure', async () => {
  site.setSettings({ actionItems: { projectKeys: ['PAY'], defaultProjectKey: 'PAY', issueType: 'Task' } });
  const key = 'held-by-another-request-1';
  const claimedAt = Date.parse(`${seedToday}T09:00:00.000Z`);
  const held = site.running.site.runtime.kvs.handle(
    '/api/v1/set',
    JSON.stringify({
      key: `action-create:${key}`,
      value: { accountId: U.marcus, incidentKey: 'INC-3', claimedAt },
      options: { ttl: { value: 1, unit: 'DAYS' } },
    }),
  );
  expect(held.status).toBe(204);
  // Two weeks out: inside the due-date policy for a High item (4 weeks), so only the claim decides.
  const dueDate = new Date(Date.parse(`${seedToday}T00:00:00.000Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  const answer = await site.macro<{ outcomes: Array<{ outcome: string; message?: string }> }>(
    'createActionItems',
    U.marcus,
    site.demoPageId(),
    {
      incidentKey: 'INC-3',
      drafts: [
        {
          creationKey: key,
          summary: 'Add a circuit breaker',
          description: '',
          kind: 'prevent',
          assigneeAccountId: U.sofia,
          dueDate,
          priority: 'High',
          projectKey: 'PAY',
        },
      ],
    },
  );
  expect(answer.error).toBeUndefined();
  expect(answer.data?.outcomes).toEqual([
    expect.objectContaining({ outcome: 'failed', message: expect.stringContaining('another request is creating this item') }),
  ]);
  const conflicts = storageCalls(await site.requests(), 'macro-resolver').filter((c) => c.status === 409);
  expect(conflicts).toHaveLength(1);
});

test('over a storage quota the app sees 429 RATE_LIMIT_EXCEEDED through @forge/kvs, retries, then says it is rate-limited', async () => {
  const kvs = site.running.site.runtime.kvs;
  // Spend this minute's read budget as the app would (45 batch reads of 25 keys are allowed, then none).
  for (let i = 0; i < 45; i++) expect(kvs.answer('/api/v1/batch/get', JSON.stringify([{ key: `k${i}` }])).status).toBe(200);
  const batches = await site.macro('getOverview', U.marcus, site.demoPageId());
  expect(batches.ok).toBe(true); // single reads are not batch operations
  const big = 'x'.repeat(200 * 1024);
  site.running.site.runtime.kvs.handle('/api/v1/set', JSON.stringify({ key: 'big', value: big }));
  for (let i = 0; i < 200; i++) kvs.answer('/api/v1/get', JSON.stringify({ key: 'big' })); // reads of 21 units each
  for (let i = 0; i < 100 && kvs.answer('/api/v1/get', JSON.stringify({ key: 'missing' })).status !== 429; i++); // and the last few units
  expect(kvs.quotas.usage().readUnits).toBe(4000);
  const answer = await site.macro('getOverview', U.marcus, site.demoPageId());
  expect(answer.error).toMatchObject({ code: 'rate-limited' });
  const refused = storageCalls(await site.requests(), 'macro-resolver').filter((c) => c.status === 429);
  expect(refused).toHaveLength(4);
});
