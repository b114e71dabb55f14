/** Pure parts of the local site: fault matching, KVS rules on a store, ADF rendering, macro config. */
import { renderAdf } from '../../../local/host/adf';
import { macroNodeInfo, setMacroConfig } from '../../../local/host/forge-macro';
import { createClock } from '../../../local/runtime/clock';
import { FaultRules } from '../../../local/runtime/faults';
import { KvsService } from '../../../local/runtime/kvs';
import { parseManifest } from '../../../local/runtime/manifest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoryStore } from './support/memory-store';

describe('fault rules', () => {
  test('a glob matches with or without the query string; a count runs out; method and target filter', () => {
    const f = new FaultRules();
    f.set([{ method: 'post', pathPattern: '/rest/api/3/search/*', status: 503, count: 1, target: 'jira' }]);
    expect(f.match('jira', 'GET', '/rest/api/3/search/jql?jql=x')).toBeUndefined();
    expect(f.match('confluence', 'POST', '/rest/api/3/search/jql')).toBeUndefined();
    expect(f.match('jira', 'POST', '/rest/api/3/search/jql?jql=x')?.response?.status).toBe(503);
    expect(f.match('jira', 'POST', '/rest/api/3/search/jql?jql=x')).toBeUndefined();
  });

  test('a regex matches the whole path with query; latency-only rules pass the call on', () => {
    const f = new FaultRules();
    f.set([{ pathPattern: 're:jql=.*duedate', latencyMs: 5 }]);
    expect(f.match('jira', 'GET', '/rest/api/3/search/jql?jql=status')).toBeUndefined();
    expect(f.match('jira', 'GET', '/rest/api/3/search/jql?jql=x&duedate')).toEqual({ latencyMs: 5 });
  });
});

describe('KVS on the store', () => {
  test('TTL values disappear when the site clock passes their expiry; FAIL_IF_EXISTS refuses overwrite', () => {
    const store = memoryStore();
    const clock = createClock(store);
    const kvs = new KvsService(store, clock);
    clock.set(new Date('2026-03-01T00:00:00Z'));
    expect(kvs.handle('/api/v1/set', JSON.stringify({ key: 'lock', value: 1, options: { ttl: { value: 1, unit: 'HOURS' } } })).status).toBe(
      204,
    );
    expect(kvs.handle('/api/v1/get', JSON.stringify({ key: 'lock' })).status).toBe(200);
    // A taken key under FAIL_IF_EXISTS: 409 KEY_CONFLICT, as Forge answers (docs/platform.md), and nothing written.
    const taken = kvs.handle('/api/v1/set', JSON.stringify({ key: 'lock', value: 2, options: { keyPolicy: 'FAIL_IF_EXISTS' } }));
    expect(taken.status).toBe(409);
    expect(JSON.parse(taken.body)).toMatchObject({ code: 'KEY_CONFLICT' });
    expect(JSON.parse(kvs.handle('/api/v1/get', JSON.stringify({ key: 'lock' })).body)).toMatchObject({ value: 1 });
    clock.set(new Date('2026-03-01T02:00:00Z'));
    expect(kvs.handle('/api/v1/get', JSON.stringify({ key: 'lock' })).status).toBe(404);
  });

  test('secrets live apart from plain values (kvs.getSecret/setSecret) and honour FAIL_IF_EXISTS', () => {
    const kvs = new KvsService(memoryStore(), createClock(memoryStore()));
    const set = (value: string) =>
      kvs.handle('/api/v1/secret/set', JSON.stringify({ key: 'waiver-seal-key', value, options: { keyPolicy: 'FAIL_IF_EXISTS' } }));
    expect(set('first').status).toBe(204);
    expect(set('second').status).toBe(409);
    expect(JSON.parse(kvs.handle('/api/v1/secret/get', JSON.stringify({ key: 'waiver-seal-key' })).body)).toMatchObject({ value: 'first' });
    // A plain get of the same key finds nothing: the secret is only read as one.
    expect(kvs.handle('/api/v1/get', JSON.stringify({ key: 'waiver-seal-key' })).status).toBe(404);
  });

  test('keys and values follow Forge rules', () => {
    const kvs = new KvsService(memoryStore(), createClock(memoryStore()));
    expect(kvs.handle('/api/v1/set', JSON.stringify({ key: 'a'.repeat(501), value: 1 })).status).toBe(400);
    expect(kvs.handle('/api/v1/set', JSON.stringify({ key: 'ledger:OPS-1#2026-03-01 x_y.z', value: 1 })).status).toBe(204);
    expect(kvs.handle('/api/v1/set', JSON.stringify({ key: 'big', value: 'x'.repeat(240 * 1024) })).status).toBe(413);
    expect(kvs.handle('/api/v1/set', '{oops').status).toBe(400);
  });

  test('a transaction whose condition fails writes nothing', () => {
    const store = memoryStore();
    const kvs = new KvsService(store, createClock(store));
    kvs.handle('/api/v1/entity/set', JSON.stringify({ entityName: 'ledger', key: 'k', value: { n: 1 } }));
    const failed = kvs.handle(
      '/api/v1/transaction',
      JSON.stringify({
        set: [{ key: 'other', value: 1 }],
        check: [{ key: 'k', entityName: 'ledger', conditions: { and: [{ property: 'n', condition: 'EQUAL_TO', values: [2] }] } }],
      }),
    );
    expect(failed.status).toBe(409);
    expect(kvs.handle('/api/v1/get', JSON.stringify({ key: 'other' })).status).toBe(404);
  });
});

describe('ADF and the macro node', () => {
  const macroKeys = ['postmortem-macro'];
  const node = {
    type: 'extension',
    attrs: {
      extensionType: 'com.atlassian.ecosystem',
      extensionKey: 'app/env/static/postmortem-macro',
      localId: 'L1',
      parameters: { guestParams: { incidentKey: 'OPS-1' } },
    },
  };

  test('text is escaped, links are limited to safe schemes, extensions go to the callback', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '<script>x</script>' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'link', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
        node,
      ],
    };
    const html = renderAdf(doc, (n) => (macroNodeInfo(n, macroKeys) ? '<MACRO>' : undefined));
    expect(html).toContain('<h2>&lt;script&gt;x&lt;/script&gt;</h2>');
    expect(html).toContain('<a href="#">link</a>');
    expect(html).toContain('<MACRO>');
  });

  test('setMacroConfig rewrites guestParams of the macro with that localId only', () => {
    const doc = { type: 'doc', content: [structuredClone(node)] };
    expect(setMacroConfig(doc, macroKeys, 'other', { a: 1 })).toBe(false);
    expect(setMacroConfig(doc, macroKeys, 'L1', { incidentKey: 'OPS-2' })).toBe(true);
    expect(macroNodeInfo(doc.content[0] as Record<string, unknown>, macroKeys)).toEqual({
      moduleKey: 'postmortem-macro',
      localId: 'L1',
      config: { incidentKey: 'OPS-2' },
    });
  });
});

test('the project manifest parses: resolvers, trigger, consumer, resources, scopes', () => {
  const m = parseManifest(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'manifest.yml'), 'utf8'));
  expect(m.uiModules.map((u) => u.key)).toEqual([
    'postmortem-macro',
    'postmortem-agenda',
    'postmortem-panel',
    'postmortem-context',
    'postmortem-report',
    'postmortem-settings',
  ]);
  expect(m.uiModules.find((u) => u.key === 'postmortem-context')).toMatchObject({
    type: 'jira:issueContext',
    label: 'Postmortem status',
    resolverFunction: 'panel-resolver',
  });
  expect(m.uiModules[0]?.configResource).toBe('macro-config');
  expect(m.scheduledTriggers).toEqual([
    { key: 'postmortem-sweep', functionKey: 'sweep-trigger', interval: 'hour' },
    { key: 'postmortem-sweep-retry', functionKey: 'sweep-retry', interval: 'hour' },
  ]);
  expect(m.consumers).toEqual([{ key: 'postmortem-sweep-consumer', queue: 'postmortem-sweep-queue', functionKey: 'sweep-consumer' }]);
  expect(m.functions.get('sweep-consumer')?.timeoutSeconds).toBe(900);
  expect(m.resources.get('macro')).toBe('static/macro/build');
});
