/**
 * Memory per invocation (docs/platform.md, "Async events (queues) and function limits"): Forge
 * gives each invocation 512 MB unless manifest.yml sets `runtime.memoryMB`. The local site runs
 * every invocation in its own process's heap, so it charges an invocation with the growth of the
 * live V8 heap since it started, sampled at every product, storage and queue call it makes and
 * when it returns. A sample over the limit, or over REPORT_MB (the figure the benchmark holds the
 * app to), forces a full garbage collection and is taken again, so garbage never counts there; if the live heap is still over, the invocation fails as out of memory.
 * Invocations running at the same time are charged each other's growth too, and garbage left
 * from before an invocation started and collected while it runs lowers its figure: the measure
 * is the process's growth while it ran, which the benchmark takes in a process of its own.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

const MB = 1024 * 1024;

let gcFn: (() => void) | undefined;

/** A full, synchronous garbage collection (V8's `gc`, exposed once on demand). */
export function collectGarbage(): void {
  if (!gcFn) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
}

export function liveHeapBytes(): number {
  return v8.getHeapStatistics().used_heap_size;
}

/** Growth past which a sample is taken again after a full collection, so the peak reported is of live memory. */
export const REPORT_MB = 256;

export class HeapMeter {
  private readonly baseline = liveHeapBytes();
  /** Largest growth seen, in bytes (above REPORT_MB: after a full collection, so garbage never counts there). */
  peakBytes = 0;

  constructor(readonly limitMB: number) {}

  /** Samples the heap; true when the invocation is over its memory even after a full collection. */
  overLimit(): boolean {
    let grown = liveHeapBytes() - this.baseline;
    if (grown > Math.min(this.limitMB, REPORT_MB) * MB) {
      collectGarbage();
      grown = liveHeapBytes() - this.baseline;
    }
    this.peakBytes = Math.max(this.peakBytes, grown);
    return grown > this.limitMB * MB;
  }

  get peakMB(): number {
    return Math.round((this.peakBytes / MB) * 10) / 10;
  }
}
