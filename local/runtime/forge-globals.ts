/**
 * Installs the two globals the app's unmodified @forge packages call:
 *
 * - `__forge_runtime__`: read by @forge/api (`authorize()` takes `aaid`, `getAppContext()` takes
 *   `appContext` and `lambdaContext`, every call takes `metrics`) and @forge/kvs (at load).
 *   It is a getter: each read answers for the invocation running in the current async context.
 * - `__forge_fetch__(meta, path, init)`: every product, storage and queue call. It finds the
 *   current invocation and lets that invocation's site answer.
 *
 * Installed once per global object; several sites may share a process, because the routing is by
 * invocation, not by a global "current site".
 */
import { currentInvocation, platformElapsed, type Invocation } from './invocation';
import { installVirtualDate, realNow } from './virtual-date';

const INSTALLED = Symbol.for('local-site.forge-globals');

const noopMetrics = {
  counter: () => ({ incr: () => undefined, decr: () => undefined }),
  timing: () => ({ measure: () => ({ stop: () => undefined }) }),
  gauge: () => ({ set: () => undefined }),
};

/** The runtime object Forge's sandbox provides, for one invocation (or none, at module load). */
export function runtimeObject(inv: Invocation | undefined): Record<string, unknown> {
  return {
    aaid: inv?.accountId,
    appContext: {
      appId: inv?.appId,
      appVersion: '1.0.0',
      environmentId: inv?.environmentId,
      environmentType: 'DEVELOPMENT',
      invocationId: inv?.id,
      installationId: inv?.installationId,
      moduleKey: inv?.moduleKey,
      license: undefined,
      installation: undefined,
      permissions: { scopes: inv ? [...inv.scopes] : [], external: {} },
    },
    lambdaContext: {
      getRemainingTimeInMillis: () =>
        inv
          ? Math.max(0, (inv.limitMs ?? inv.deadline - realNow()) - (inv.limitMs === undefined ? 0 : platformElapsed(inv, realNow())))
          : 0,
    },
    metrics: noopMetrics,
    proxy: { token: 'local-site', url: 'http://local-site.invalid' },
    tracing: { traceId: inv?.id ?? 'none', spanId: '0' },
    container: { appCodeDir: process.cwd() },
    externalAuth: [],
  };
}

export function installForgeGlobals(): void {
  installVirtualDate();
  const g = globalThis as typeof globalThis & { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  Object.defineProperty(globalThis, '__forge_runtime__', {
    configurable: true,
    enumerable: false,
    get: () => runtimeObject(currentInvocation()),
  });
  Object.defineProperty(globalThis, '__forge_fetch__', {
    configurable: true,
    enumerable: false,
    writable: false,
    value: async (meta: unknown, path: unknown, init: unknown): Promise<Response> => {
      const inv = currentInvocation();
      if (!inv) {
        throw new Error(
          '__forge_fetch__ was called outside a Forge invocation: the local site only answers calls made by a function it invoked.',
        );
      }
      if (typeof path !== 'string') throw new TypeError('__forge_fetch__: path must be a string');
      return inv.site.forgeFetch(inv, meta, path, init);
    },
  });
  g[INSTALLED] = true;
}
