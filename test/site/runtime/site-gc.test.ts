/**
 * Which full garbage collections the local site leaves out of an invocation's platform time under a
 * latency profile (local/runtime/site-gc.ts): those that start while the app runs, times the share
 * of the live heap that is not the app's. Fed with recorded pauses, so nothing here is timed.
 */
import { constants } from 'node:perf_hooks';
import { SiteGcLedger } from '../../../local/runtime/site-gc';

const MAJOR = constants.NODE_PERFORMANCE_GC_MAJOR;
const INCREMENTAL = constants.NODE_PERFORMANCE_GC_INCREMENTAL;
const MINOR = constants.NODE_PERFORMANCE_GC_MINOR;

describe('the site share of full collections', () => {
  test('a full collection while the app runs is left out but for the app share of the heap', () => {
    const gc = new SiteGcLedger();
    const seq = gc.lastSeq;
    gc.record({ start: 100, duration: 400, kind: MAJOR });
    gc.record({ start: 150, duration: 40, kind: INCREMENTAL });
    expect(gc.siteShare(seq, 0, 0).ms).toBe(440);
    expect(gc.siteShare(seq, 0, 0.25).ms).toBe(330);
    expect(gc.siteShare(seq, 0, 1).ms).toBe(0);
  });

  test('scavenges are the app cost; collections inside the site own work are already left out', () => {
    const gc = new SiteGcLedger();
    const seq = gc.lastSeq;
    gc.siteRan(1_000, 1_500);
    gc.record({ start: 200, duration: 30, kind: MINOR });
    gc.record({ start: 1_200, duration: 300, kind: MAJOR });
    expect(gc.siteShare(seq, 0, 0).ms).toBe(0);
  });

  test('each collection is left out once, and only those after the invocation started', () => {
    const gc = new SiteGcLedger();
    gc.record({ start: 50, duration: 100, kind: MAJOR });
    const started = { seq: gc.lastSeq, since: 60 };
    gc.record({ start: 70, duration: 200, kind: MAJOR });
    const first = gc.siteShare(started.seq, started.since, 0);
    expect(first.ms).toBe(200);
    expect(gc.siteShare(first.seq, started.since, 0).ms).toBe(0);
    gc.record({ start: 900, duration: 10, kind: MAJOR });
    expect(gc.siteShare(first.seq, started.since, 0).ms).toBe(10);
  });
});
