/**
 * Memory per invocation (docs/platform.md, "Async events (queues) and function limits"): Forge
 * gives each invocation 512 MB unless manifest.yml sets `runtime.memoryMB`. The local site runs
 * every invocation in its own process's heap, so it charges an invocation with the growth of the
 * live V8 heap since it started, sampled at every product, storage and queue call it makes and
 * when it returns. A sample over the limit, or over REPORT_MB (the figure the benchmark holds the
 * app to), forces a full garbage collection and is taken again, so garbage never counts there; if
 * the live heap is still over, the invocation fails as out of memory.
 *
 * What the platform holds is not the invocation's: the events it pushed wait in the local queue as
 * JSON text until their consumer starts (on Forge they are outside the app), and that text is
 * left out of the figure (`held`). With `isolateInvocations` (the benchmark), the site runs one
 * invocation at a time, so nothing else allocates while one runs and the figure is that
 * invocation's own live memory plus what the site keeps of its calls (the request log, bounded;
 * app storage and the products' records it wrote), measured after full collections (`exact`),
 * so garbage V8 has not collected yet is not counted either, and with the local store's cache of
 * parsed values (up to 50,000 issues a search walked through: the site's working set, made again
 * on the next read) dropped before each of them. Without it, invocations running at the same
 * time are charged each other's growth, and garbage left from before an invocation started and
 * collected while it runs lowers its figure.
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

/** Below this growth a sample is taken as it is (garbage included); above it, in exact mode, only after a full collection. */
export const EXACT_FLOOR_MB = 32;

/** Garbage a sample may hold before it is taken again after a full collection: a tenth of the live memory, at least EXACT_FLOOR_MB. */
export function garbageSlack(liveBytes: number): number {
  return Math.max(EXACT_FLOOR_MB * MB, liveBytes * 0.1);
}

export class HeapMeter {
  private readonly baseline: number;
  private readonly heldAtStart: number;
  /**
   * Largest growth seen, in bytes. Above REPORT_MB only after a full collection; in exact mode a
   * sample counts as it is only within GARBAGE_SLACK of the largest growth measured right after a
   * full collection (`liveBytes`), so garbage adds at most that slack to the figure.
   */
  peakBytes = 0;
  /** Largest growth measured right after a full collection, in bytes. */
  private liveBytes = 0;
  /** Full collections this meter forced. */
  collections = 0;

  /**
   * `held`: bytes the platform holds outside the app (events waiting in the queue), left out of the
   * figure. `exact` (with isolateInvocations): the baseline is taken after a full collection, and a
   * sample more than `garbageSlack` over the live memory measured so far is taken again after
   * one, so the peak is the invocation's live memory (within that slack), not garbage V8 has not
   * yet collected.
   */
  constructor(
    readonly limitMB: number,
    private readonly held: () => number = () => 0,
    readonly exact = false,
    /** Frees what the site keeps for itself and can make again (the store's parsed values), before an exact collection. */
    private readonly release: () => void = () => undefined,
    /** The V8 heap as the meter reads and collects it (tests give a simulated one). */
    private readonly heap: { used(): number; collect(): void } = { used: liveHeapBytes, collect: collectGarbage },
  ) {
    if (exact) {
      release();
      heap.collect();
    }
    this.baseline = heap.used();
    this.heldAtStart = held();
  }

  private grown(): number {
    return this.heap.used() - this.baseline - (this.held() - this.heldAtStart);
  }

  /** Samples the heap; true when the invocation is over its memory even after a full collection. */
  overLimit(): boolean {
    let grown = this.grown();
    // Measured against the live memory, not the peak so far: a peak raised by garbage must not let
    // the next sample hold a tenth more garbage, and so on up to REPORT_MB (the figure used to climb
    // to 255 MB that way in a trigger paging through 100,000 items).
    const unproven = this.exact && grown > Math.max(EXACT_FLOOR_MB * MB, this.liveBytes + garbageSlack(this.liveBytes));
    if (unproven || grown > Math.min(this.limitMB, REPORT_MB) * MB) {
      if (this.exact) this.release();
      this.heap.collect();
      this.collections++;
      grown = this.grown();
      this.liveBytes = Math.max(this.liveBytes, grown);
    }
    this.peakBytes = Math.max(this.peakBytes, grown);
    return grown > this.limitMB * MB;
  }

  /** The invocation's share of the live heap now (0 to 1): its growth since it started over the whole heap. */
  liveShare(): number {
    const total = this.heap.used();
    return total > 0 ? Math.min(1, Math.max(0, this.grown()) / total) : 0;
  }

  get peakMB(): number {
    return Math.round((this.peakBytes / MB) * 10) / 10;
  }
}
