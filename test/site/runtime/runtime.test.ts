/**
 * The local Forge runtime, exercised through the control API with the real @forge/api,
 * @forge/kvs, @forge/events and @forge/resolver (the fixture app stands in for src/index.ts).
 */
import { ALICE, BOB } from './support/fake-products';
import * as fixtureApp from './support/fixture-app';
import { startTestSite, type TestSite } from './support/site';

type Json = Record<string, unknown>;
function obj(v: unknown): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v as Json;
}
function arr(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${JSON.stringify(v)}`);
  return v;
}

describe('local Forge runtime', () => {
  let site: TestSite;
  beforeEach(async () => {
    site = await startTestSite({ seed: 'demo' });
  });
  afterEach(async () => {
    await site.stop();
  });

  test('a resolver invoked through /__site/invoke gets Forge context and its asUser calls carry the invoking user', async () => {
    const res = await site.post('/__site/invoke/panel-resolver', {
      accountId: BOB,
      resolver: 'whoami',
      payload: { hello: 'world' },
      context: {
        extension: {
          type: 'jira:issuePanel',
          issue: { key: 'OPS-7', id: '10007', type: 'Incident' },
          project: { key: 'OPS', id: '10000' },
        },
      },
    });
    expect(res.status).toBe(200);
    const result = obj(obj(res.json).result);
    expect(result.payload).toEqual({ hello: 'world' });
    expect(result.aaid).toBe(BOB);
    expect(result.moduleKey).toBe('postmortem-panel');
    expect(result.myself).toEqual({ accountId: BOB, displayName: 'Bob Builder' });
    const context = obj(result.context);
    expect(context.accountId).toBe(BOB);
    expect(context.moduleKey).toBe('postmortem-panel');
    expect(typeof context.cloudId).toBe('string');
    expect(typeof context.localId).toBe('string');
    expect(obj(context.extension)).toMatchObject({
      type: 'jira:issuePanel',
      issue: { key: 'OPS-7', id: '10007', type: 'Incident' },
      project: { key: 'OPS', id: '10000' },
    });

    const call = site.products.received.find((r) => r.path === '/rest/api/3/myself');
    expect(call?.actor).toEqual({ kind: 'user', accountId: BOB });
    expect(call?.scopes).toEqual(expect.arrayContaining(['read:jira-work', 'storage:app']));
  });

  test('a macro resolver sees the page, the space and the macro config in context.extension', async () => {
    const res = await site.post('/__site/invoke/macro-resolver', {
      accountId: ALICE,
      resolver: 'whoami',
      localId: 'macro-1',
      context: {
        extension: { type: 'macro', content: { id: '65537' }, space: { key: 'ENG', id: '98305' }, config: { incidentKey: 'OPS-7' } },
      },
    });
    expect(res.status).toBe(200);
    const context = obj(obj(obj(res.json).result).context);
    expect(context.localId).toBe('macro-1');
    expect(context.moduleKey).toBe('postmortem-macro');
    expect(obj(context.extension)).toMatchObject({
      type: 'macro',
      content: { id: '65537' },
      space: { key: 'ENG', id: '98305' },
      config: { incidentKey: 'OPS-7' },
    });
  });

  test('a scheduled trigger runs with no user and its queue events reach the consumer, chained pushes included', async () => {
    fixtureApp.received.length = 0;
    fixtureApp.triggerCalls.length = 0;
    const res = await site.post('/__site/scheduled/postmortem-sweep');
    expect(res.status).toBe(200);
    const run = obj(res.json);
    expect(run.ok).toBe(true);
    expect(fixtureApp.triggerCalls).toHaveLength(1);
    expect(fixtureApp.triggerCalls[0]?.aaid).toBeUndefined();
    expect(obj(obj(fixtureApp.triggerCalls[0]?.event).context).moduleKey).toBe('postmortem-sweep');

    const keys = fixtureApp.received.map((r) => obj(obj(r.event).body).issueKey).sort();
    expect(keys).toEqual(['OPS-1', 'OPS-2', 'OPS-3']);
    for (const r of fixtureApp.received) {
      expect(r.runtimeAaid).toBeUndefined();
      expect(obj(r.event)).toMatchObject({ queueName: 'postmortem-sweep-queue', jobId: expect.any(String), eventId: expect.any(String) });
    }
    expect(arr(run.deliveries)).toHaveLength(3);

    const outbox = await site.get('/__site/outbox');
    expect(
      arr(outbox.json)
        .map((m) => obj(m).issueKey)
        .sort(),
    ).toEqual(['OPS-1', 'OPS-2', 'OPS-3']);
    const notifies = site.products.received.filter((r) => r.path.endsWith('/notify'));
    expect(notifies.every((r) => r.actor.kind === 'app')).toBe(true);
  });

  test('KVS: set, get, delete, paged prefix query and transactions round-trip through @forge/kvs', async () => {
    const invoke = (resolver: string, payload?: unknown) =>
      site.post('/__site/invoke/admin-resolver', { accountId: ALICE, resolver, payload });
    expect(obj((await invoke('kvs-set', { key: 'settings', value: { days: 7 } })).json).result).toEqual({ days: 7 });
    expect(obj((await invoke('kvs-get', { key: 'settings' })).json).result).toEqual({ days: 7 });
    expect(obj((await invoke('kvs-get', { key: 'missing' })).json).result).toBeNull();
    expect(obj((await invoke('kvs-delete', { key: 'settings' })).json).result).toBeNull();

    for (let i = 0; i < 25; i++) await invoke('kvs-set', { key: `ledger:${String(i).padStart(2, '0')}`, value: i });
    await invoke('kvs-set', { key: 'other', value: 1 });
    const pages = arr(obj((await invoke('kvs-query', { prefix: 'ledger:', limit: 20 })).json).result);
    expect(pages.map((p) => arr(p).length)).toEqual([20, 5]);
    expect(arr(pages[0])[0]).toBe('ledger:00');

    const tooMany = await invoke('kvs-query', { prefix: 'ledger:', limit: 21 });
    expect(tooMany.status).toBe(500);
    expect(JSON.stringify(tooMany.json)).toContain('limit must be between 1 and 20');

    expect(obj((await invoke('kvs-bad-key')).json).result).toEqual({ error: 'INVALID_KEY' });
    expect(obj((await invoke('kvs-transaction')).json).result).toEqual([1, 2]);
  });

  test('KVS values persist across a restart of the site', async () => {
    await site.post('/__site/invoke/admin-resolver', {
      accountId: ALICE,
      resolver: 'kvs-set',
      payload: { key: 'glossary', value: ['db01'] },
    });
    await site.stop();
    site = await startTestSite({ dataDir: site.dataDir, products: site.products });
    const res = await site.post('/__site/invoke/admin-resolver', { accountId: ALICE, resolver: 'kvs-get', payload: { key: 'glossary' } });
    expect(obj(res.json).result).toEqual(['db01']);
  });

  test('fault rules answer 429 with Retry-After the set number of times, then pass', async () => {
    const put = await site.put('/__site/faults', {
      rules: [{ method: 'GET', pathPattern: '/rest/api/3/issue/*', status: 429, retryAfter: 7, count: 2 }],
    });
    expect(put.status).toBe(200);
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(obj((await site.post('/__site/invoke/panel-resolver', { accountId: ALICE, resolver: 'app-issue' })).json).result);
    }
    expect(results).toEqual([
      { status: 429, retryAfter: '7' },
      { status: 429, retryAfter: '7' },
      { status: 200, retryAfter: null },
    ]);
    expect(site.products.received.filter((r) => r.path === '/rest/api/3/issue/OPS-1')).toHaveLength(1);
    const rules = arr(obj((await site.get('/__site/faults')).json).rules);
    expect(obj(rules[0]).applied).toBe(2);
  });

  test('the request log records product and storage calls with actor, status and function', async () => {
    await site.post('/__site/invoke/panel-resolver', { accountId: BOB, resolver: 'whoami' });
    await site.post('/__site/invoke/admin-resolver', { accountId: ALICE, resolver: 'kvs-set', payload: { key: 'k', value: 1 } });
    const log = arr((await site.get('/__site/requests')).json).map(obj);
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          target: 'jira',
          method: 'GET',
          path: '/rest/api/3/myself',
          actor: 'user',
          accountId: BOB,
          status: 200,
          functionKey: 'panel-resolver',
        }),
        expect.objectContaining({
          target: 'kvs',
          method: 'POST',
          path: '/api/v1/set',
          actor: 'app',
          status: 204,
          functionKey: 'admin-resolver',
        }),
        expect.objectContaining({ target: 'kvs', method: 'POST', path: '/api/v1/get', actor: 'app', status: 200 }),
      ]),
    );
    const last = Number(log[log.length - 1]?.seq);
    expect(arr((await site.get(`/__site/requests?since=${last}`)).json)).toHaveLength(0);
  });

  test('a resolver that exceeds its time limit fails with FUNCTION_TIME_OUT; one that throws fails with its message', async () => {
    await site.stop();
    site = await startTestSite({ seed: 'demo', timeLimits: { resolverMs: 50 } });
    const hang = await site.post('/__site/invoke/panel-resolver', { accountId: ALICE, resolver: 'hang' });
    expect(hang.status).toBe(504);
    expect(obj(obj(hang.json).error).code).toBe('FUNCTION_TIME_OUT');
    const boom = await site.post('/__site/invoke/panel-resolver', { accountId: ALICE, resolver: 'boom' });
    expect(boom.status).toBe(500);
    expect(obj(obj(boom.json).error).message).toContain('resolver exploded');
  });

  test('the clock can be read and set, and reset picks the seed', async () => {
    const put = await site.put('/__site/clock', { now: '2026-03-01T09:00:00Z' });
    expect(put.status).toBe(200);
    const now = Date.parse(String(obj((await site.get('/__site/clock')).json).now));
    expect(now).toBeGreaterThanOrEqual(Date.parse('2026-03-01T09:00:00Z'));
    expect(now).toBeLessThan(Date.parse('2026-03-01T10:00:00Z'));
    const reset = await site.post('/__site/reset', { seed: 'empty' });
    expect(reset.status).toBe(200);
    expect(site.products.seed).toBe('empty');
  });
});

describe('control API refuses malformed requests with 400 and a clear error', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({ seed: 'demo' });
  });
  afterAll(async () => {
    await site.stop();
  });

  test.each([
    ['POST', '/__site/reset', '{"seed":"nope"}'],
    ['POST', '/__site/reset', '{not json'],
    ['PUT', '/__site/clock', '{"now":"yesterday"}'],
    ['PUT', '/__site/faults', '{"rules":[{"pathPattern":"/x"}]}'],
    ['PUT', '/__site/faults', '{"rules":[{"pathPattern":"re:(","status":500}]}'],
    ['POST', '/__site/invoke/panel-resolver', '{"accountId":"nobody","resolver":"whoami"}'],
    ['POST', '/__site/invoke/panel-resolver', '{"payload":{}}'],
    ['POST', '/__site/invoke/panel-resolver', '{"resolver":"whoami","unknown":1}'],
    ['GET', '/__site/requests?since=-1', undefined],
  ])('%s %s %s', async (method, path, body) => {
    const res = await fetch(site.url + path, { method, ...(body !== undefined ? { body } : {}) });
    expect(res.status).toBe(400);
    const json = obj(await res.json());
    expect(typeof obj(json.error).message).toBe('string');
  });

  test('unknown functions and triggers answer 404; the site keeps serving', async () => {
    expect((await site.post('/__site/invoke/no-such-function', {})).status).toBe(404);
    expect((await site.post('/__site/scheduled/no-such-trigger')).status).toBe(404);
    expect((await site.get('/__site/health')).status).toBe(200);
  });
});
