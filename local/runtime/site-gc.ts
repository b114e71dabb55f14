/**
 * Full garbage collections that are the local site's cost, not the app's, under a latency profile.
 *
 * The app and the local site share one V8 heap here. The site holds every issue, page and stored
 * value (gigabytes at a million items), and its answers leave garbage behind, so V8's full
 * collections (mark-compact and its incremental marking) take as long as that heap is large, and
 * they often land while the app's own code runs, between two calls. On Forge an invocation's heap
 * is its own: its full collections walk what it holds, not the site's. Under a latency profile a
 * call already costs exactly its latency (site-runtime.ts, forgeFetch); this ledger does the same
 * for those collections: each full collection that starts while the app (not the site) is running
 * is charged to the invocation in proportion to the invocation's share of the live heap, and the
 * rest is left out of its platform time. Scavenges (young-generation collections, proportional to
 * what was allocated lately, mostly by the app between its calls) are charged whole.
 *
 * V8 reports a collection through `perf_hooks` a turn of the event loop after it ends, so an
 * invocation is charged at its next call and once more when it returns.
 */
import { constants, performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** A collection as V8 reported it: start and duration in `performance.now()` ms. */
export interface GcPause {
  start: number;
  duration: number;
  /** `perf_hooks` constants: NODE_PERFORMANCE_GC_MAJOR, _MINOR, _INCREMENTAL, _WEAKCB. */
  kind: number;
}

const FULL = new Set<number>([constants.NODE_PERFORMANCE_GC_MAJOR, constants.NODE_PERFORMANCE_GC_INCREMENTAL]);

/** How long pauses and the site's work spans are kept for an invocation to be charged (real ms). */
const KEEP_MS = 120_000;

export class SiteGcLedger {
  private readonly pauses: Array<GcPause & { seq: number }> = [];
  private readonly siteWork: Array<[number, number]> = [];
  private seq = 0;
  private observer: PerformanceObserver | undefined;

  /** Starts listening to V8's collections (once). */
  listen(): void {
    if (this.observer) return;
    this.observer = new PerformanceObserver((list) => this.take(list.getEntries()));
    this.observer.observe({ entryTypes: ['gc'] });
  }

  private take(entries: readonly PerformanceEntry[]): void {
    for (const e of entries) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? 0;
      this.record({ start: e.startTime, duration: e.duration, kind });
    }
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** A collection V8 reported (the observer calls this; tests may too). */
  record(p: GcPause): void {
    this.pauses.push({ ...p, seq: ++this.seq });
    this.prune(p.start);
  }

  /** A span (performance.now() ms) in which the site itself ran: its answers, its heap samples. */
  siteRan(start: number, end: number): void {
    this.siteWork.push([start, end]);
    this.prune(end);
  }

  /** The last collection recorded, for an invocation to start charging after it. */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * The time (ms) to leave out of an invocation's platform time for the full collections recorded
   * after `afterSeq` that started at or after `since` and outside the site's own work: each times
   * the share of the live heap that is not the invocation's (`appShare`, 0 to 1). Answers the
   * amount and the last collection seen, for the next call to start after it.
   */
  siteShare(afterSeq: number, since: number, appShare: number): { ms: number; seq: number } {
    // What V8 has reported but the observer not yet delivered.
    if (this.observer) this.take(this.observer.takeRecords());
    const share = Math.min(1, Math.max(0, appShare));
    let ms = 0;
    for (const p of this.pauses) {
      if (p.seq <= afterSeq || p.start < since || !FULL.has(p.kind)) continue;
      if (this.siteWork.some(([a, z]) => p.start >= a && p.start <= z)) continue; // already the site's time
      ms += p.duration * (1 - share);
    }
    return { ms, seq: this.seq };
  }

  private prune(now: number): void {
    while (this.pauses.length > 0 && this.pauses[0]!.start < now - KEEP_MS) this.pauses.shift();
    while (this.siteWork.length > 0 && this.siteWork[0]![1] < now - KEEP_MS) this.siteWork.shift();
  }
}

export const now = (): number => performance.now();
