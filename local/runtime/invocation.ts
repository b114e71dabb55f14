/**
 * One function invocation, as Forge runs it: who invoked it (or nobody, for triggers and
 * consumers), which function and module, and its deadline. Every invocation runs inside an
 * AsyncLocalStorage so that `__forge_runtime__` and `__forge_fetch__`, which the app's
 * unmodified @forge packages call without saying who they are, can find it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ForgeCallHandler {
  /** Answers one `__forge_fetch__(meta, path, init)` call made inside an invocation. */
  forgeFetch(invocation: Invocation, meta: unknown, path: string, init: unknown): Promise<Response>;
}

export interface Invocation {
  id: string;
  /** The invoking user, or undefined for scheduled triggers and queue consumers. */
  accountId: string | undefined;
  functionKey: string;
  moduleKey: string;
  /** Wall-clock deadline (ms since epoch) after which the invocation has timed out. */
  deadline: number;
  timedOut: boolean;
  /** The site that runs this invocation (several sites may share one process in tests). */
  site: ForgeCallHandler;
  cloudId: string;
  appId: string;
  environmentId: string;
  installationId: string;
  scopes: readonly string[];
  /** The site clock's now in ms: what `Date.now()` answers inside this invocation. */
  clockNow?: () => number;
  /** Real time (ms since epoch) the invocation started. */
  startedAt?: number;
  /** Its time limit in ms, counted in platform time (real time plus accounted latency). */
  limitMs?: number;
  /**
   * Latency accounted to this invocation by the site's latency profile, in ms: time the platform
   * would have spent waiting on product and storage calls, added to its clock instead of slept
   * (docs/platform.md, "Async events (queues) and function limits").
   */
  accountedMs?: number;
  /** Pushes made so far by the chain of invocations this one belongs to (the cyclic invocation limit). */
  chain?: { pushes: number };
  /** Ends the invocation now with `failure` (time or memory limit reached at a call). */
  kill?: (failure: Error) => void;
}

/** Platform time elapsed in an invocation: real time since it started plus the latency accounted to it. */
export function platformElapsed(inv: Invocation, realNowMs: number): number {
  return realNowMs - (inv.startedAt ?? realNowMs) + (inv.accountedMs ?? 0);
}

const storage = new AsyncLocalStorage<Invocation>();

export function currentInvocation(): Invocation | undefined {
  return storage.getStore();
}

export function runInInvocation<T>(invocation: Invocation, fn: () => Promise<T>): Promise<T> {
  return storage.run(invocation, fn);
}
