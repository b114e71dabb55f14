/**
 * Run in a process of its own by limits.test.ts: starts a local site with the limits app, invokes
 * a resolver that holds 64 MB and one that holds 600 MB, and prints what the site answered and
 * recorded as JSON. In its own process the heap the site measures is the invocation's alone, not
 * shared with whatever a test worker ran before (which made the measure unreliable there).
 */
import { collectGarbage } from '../../../../local/runtime/memory';
import { ALICE } from './fake-products';
import * as limitsApp from './limits-app';
import { startTestSite } from './site';

async function main(): Promise<void> {
  const site = await startTestSite({ seed: 'demo', loadApp: () => limitsApp });
  try {
    const invoke = (mb: number) =>
      site.post('/__site/invoke/panel-resolver', { accountId: ALICE, resolver: 'hold-memory', payload: { mb } });
    collectGarbage();
    const small = await invoke(64);
    const smallRecord = site.site.runtime.invocations.at(-1);
    collectGarbage();
    const big = await invoke(600);
    const bigRecord = site.site.runtime.invocations.at(-1);
    await site.stop();
    // One invocation at a time (the benchmark's site): two started together are each charged their own 64 MB.
    collectGarbage();
    const isolated = await startTestSite({ seed: 'demo', loadApp: () => limitsApp, isolateInvocations: true });
    let pair: Array<{ status: number; peakHeapMB?: number; start: number; end: number }> = [];
    try {
      const own = () =>
        isolated.post('/__site/invoke/panel-resolver', { accountId: ALICE, resolver: 'hold-own-memory', payload: { mb: 64 } });
      const answers = await Promise.all([own(), own()]);
      pair = isolated.site.runtime.invocations.slice(-2).map((r, i) => ({
        status: answers[i]?.status ?? 0,
        peakHeapMB: r.peakHeapMB,
        start: Date.parse(r.startedAt),
        end: Date.parse(r.startedAt) + r.durationMs,
      }));
    } finally {
      await isolated.stop();
    }
    process.stdout.write(
      JSON.stringify({
        small: { status: small.status, memoryMB: smallRecord?.memoryMB, peakHeapMB: smallRecord?.peakHeapMB },
        big: { status: big.status, json: big.json, outcome: bigRecord?.outcome },
        pair,
      }),
    );
  } finally {
    await site.stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e));
    process.exit(1);
  },
);
