/**
 * A stand-in for src/index.ts that exercises the real @forge packages through the local runtime:
 * resolvers (asUser/asApp product calls, KVS, authorize's runtime), a scheduled trigger that
 * pushes queue events, and the consumer that receives them. It exports the handlers manifest.yml names.
 */
import Resolver from '@forge/resolver';
import { asApp, asUser, getAppContext, route, __getRuntime } from '@forge/api';
import { kvs, WhereConditions } from '@forge/kvs';
import { Queue } from '@forge/events';

export const received: Array<{ event: unknown; runtimeAaid: unknown }> = [];
export const triggerCalls: Array<{ event: unknown; context: unknown; aaid: unknown }> = [];

const resolver = new Resolver();
resolver.define('whoami', async ({ payload, context }) => {
  const res = await asUser().requestJira(route`/rest/api/3/myself`);
  return { payload, context, myself: await res.json(), aaid: __getRuntime().aaid, moduleKey: getAppContext().moduleKey };
});
resolver.define('app-issue', async () => {
  const res = await asApp().requestJira(route`/rest/api/3/issue/OPS-1`);
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
});
resolver.define('kvs-set', async ({ payload }) => {
  const p = payload as { key: string; value: unknown };
  await kvs.set(p.key, p.value);
  return kvs.get(p.key);
});
resolver.define('kvs-get', async ({ payload }) => kvs.get((payload as { key: string }).key) ?? null);
resolver.define('kvs-delete', async ({ payload }) => {
  await kvs.delete((payload as { key: string }).key);
  return kvs.get((payload as { key: string }).key) ?? null;
});
resolver.define('kvs-query', async ({ payload }) => {
  const p = payload as { prefix: string; limit: number };
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    let q = kvs.query().where('key', WhereConditions.beginsWith(p.prefix)).limit(p.limit);
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany();
    pages.push(page.results.map((r) => r.key));
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
});
resolver.define('kvs-bad-key', async () => {
  try {
    await kvs.set('bad/key', 1);
    return 'stored';
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
});
resolver.define('kvs-transaction', async () => {
  await kvs.transact().set('tx:a', 1).set('tx:b', 2).delete('tx:gone').execute();
  return [await kvs.get('tx:a'), await kvs.get('tx:b')];
});
resolver.define('hang', () => new Promise(() => undefined));
resolver.define('boom', () => {
  throw new Error('resolver exploded');
});

export const macroResolver = resolver.getDefinitions();
export const panelResolver = resolver.getDefinitions();
export const reportResolver = resolver.getDefinitions();
export const adminResolver = resolver.getDefinitions();
export const macroExport = async () => ({ type: 'doc', version: 1, content: [] });

export const sweepTrigger = async (event: unknown, context: unknown) => {
  triggerCalls.push({ event, context, aaid: __getRuntime().aaid });
  const queue = new Queue({ key: 'postmortem-sweep-queue' });
  await queue.push([{ body: { issueKey: 'OPS-1' } }, { body: { issueKey: 'OPS-2' }, delayInSeconds: 30 }]);
  return { statusCode: 204 };
};

export const sweepConsumer = async (event: { body: { issueKey: string; chained?: boolean } }) => {
  received.push({ event, runtimeAaid: __getRuntime().aaid });
  await asApp().requestJira(route`/rest/api/3/issue/${event.body.issueKey}/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subject: `Reminder for ${event.body.issueKey}` }),
  });
  if (event.body.issueKey === 'OPS-2' && !event.body.chained) {
    await new Queue({ key: 'postmortem-sweep-queue' }).push({ body: { issueKey: 'OPS-3', chained: true } });
  }
};
