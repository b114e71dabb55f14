import vm from 'node:vm';
import { bundleBackend } from '../../scripts/bundle-backend';

describe('backend bundle (as Forge builds it)', () => {
  it('bundles src/index.ts for nodejs22.x, without frontend code, and exports every handler', async () => {
    const bundle = await bundleBackend();
    expect(bundle.errors).toEqual([]);
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((f) => f.startsWith('static/'))).toBe(false);
    expect(inputs.some((f) => /node_modules\/(react|react-dom|preact)\//.test(f))).toBe(false);
    // load the bundle in a fresh context and list what it exports
    const module = { exports: {} as Record<string, unknown> };
    const g = globalThis as Record<string, unknown>;
    const names = ['process', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'fetch', 'Headers', 'Request', 'Response', 'performance', 'structuredClone'];
    const sandbox: Record<string, unknown> = { module, exports: module.exports, require };
    for (const n of names) sandbox[n] = g[n];
    sandbox.global = sandbox;
    sandbox.globalThis = sandbox;
    let loadError: string | undefined;
    try {
      vm.runInNewContext(bundle.code, sandbox);
    } catch (err) {
      loadError = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : 'unknown error';
    }
    expect(loadError).toBeUndefined();
    expect(Object.keys(module.exports).sort()).toEqual(
      ['adminResolver', 'macroExport', 'macroResolver', 'panelResolver', 'reportResolver', 'sweepConsumer', 'sweepTrigger'].sort(),
    );
  });
});
