/**
 * A stand-in for src/index.ts that reaches Forge's limits on purpose, through the real
 * @forge/api and @forge/events: pushes of any size and count, chains of pushes, many product
 * calls (sequential or parallel), a resolver that holds a lot of memory and one that starts a full
 * garbage collection between two calls.
 */
import Resolver from '@forge/resolver';
import { asApp, route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { Queue } from '@forge/events';
import { collectGarbage } from '../../../../local/runtime/memory';

const queue = () => new Queue({ key: 'postmortem-sweep-queue' });

/** What a push threw: the @forge/events error class name and message, or "ok". */
async function tryPush(events: Array<{ body: Record<string, unknown> }>): Promise<string> {
  try {
    await queue().push(events);
    return 'ok';
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

const myself = () => asApp().requestJira(route`/rest/api/3/myself`);

const resolver = new Resolver();
resolver.define('push', async ({ payload }) => {
  const p = payload as { events: number; bytes: number; times: number };
  const outcomes: string[] = [];
  for (let t = 0; t < p.times; t++) {
    outcomes.push(await tryPush(Array.from({ length: p.events }, (_, i) => ({ body: { i, pad: 'x'.repeat(p.bytes) } }))));
  }
  return outcomes;
});
resolver.define('sequential-calls', async ({ payload }) => {
  const n = (payload as { n: number }).n;
  const before = Date.now();
  for (let i = 0; i < n; i++) await myself();
  await kvs.set('k', 1);
  return { elapsed: Date.now() - before };
});
resolver.define('full-collection-between-calls', async () => {
  // A full collection while the app runs, as V8 starts one when the shared heap asks for it.
  await myself();
  collectGarbage();
  await myself();
  return { ok: true };
});
resolver.define('parallel-calls', async ({ payload }) => {
  const n = (payload as { n: number }).n;
  const before = Date.now();
  await Promise.all(Array.from({ length: n }, () => myself()));
  return { elapsed: Date.now() - before };
});
let held: unknown[] = [];
resolver.define('hold-memory', async ({ payload }) => {
  const mb = (payload as { mb: number }).mb;
  held = [];
  for (let i = 0; i < mb; i++) held.push(new Array<number>(128 * 1024).fill(i + 0.5)); // ~1 MB of doubles each
  await myself(); // the site samples the heap at each call
  const n = held.length;
  held = [];
  return { held: n };
});

/** Holds `mb` MB of its own (not shared with other invocations) across two calls, then lets it go. */
resolver.define('hold-own-memory', async ({ payload }) => {
  const mb = (payload as { mb: number }).mb;
  const mine: number[][] = [];
  for (let i = 0; i < mb; i++) mine.push(new Array<number>(128 * 1024).fill(i + 0.5));
  await myself();
  await myself();
  return { held: mine.length };
});

export const macroResolver = resolver.getDefinitions();
export const panelResolver = resolver.getDefinitions();
export const reportResolver = resolver.getDefinitions();
export const adminResolver = resolver.getDefinitions();
export const macroExport = async () => ({ type: 'doc', version: 1, content: [] });

/** Outcome of the push each consumer made, by depth, for the chain test. */
export const chainOutcomes: string[] = [];

export const sweepTrigger = async () => {
  chainOutcomes.length = 0;
  await queue().push({ body: { depth: 1 } });
  return { statusCode: 204 };
};

/** Each event pushes the next: a chain of pushes from one trigger, until the platform refuses one. */
export const sweepConsumer = async (event: { body: { depth: number } }) => {
  const outcome = await tryPush([{ body: { depth: event.body.depth + 1 } }]);
  chainOutcomes.push(outcome);
};
