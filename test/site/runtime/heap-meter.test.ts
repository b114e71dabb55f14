/**
 * The heap meter's figure is live memory within a bounded slack of garbage (local/runtime/memory.ts),
 * on a simulated heap: nothing here allocates or is timed.
 */
import { garbageSlack, HeapMeter } from '../../../local/runtime/memory';

const MB = 1024 * 1024;

/** A heap of `base` plus `live` the invocation holds, plus garbage that only a collection removes. */
function simulatedHeap(base: number) {
  const h = { live: 0, garbage: 0, collections: 0 };
  return {
    h,
    heap: {
      used: () => base + h.live + h.garbage,
      collect: () => {
        h.garbage = 0;
        h.collections++;
      },
    },
  };
}

/** An exact meter (as with isolateInvocations) with a 512 MB limit on a simulated heap. */
function exactMeter(base: number) {
  const { h, heap } = simulatedHeap(base);
  return {
    h,
    meter: new HeapMeter(
      512,
      () => 0,
      true,
      () => undefined,
      heap,
    ),
  };
}

describe('peak heap of an invocation, measured alone', () => {
  test('garbage that grows a little between samples does not climb the figure up to REPORT_MB', () => {
    const { h, meter } = exactMeter(500 * MB);
    h.live = 40 * MB;
    // Each sample holds 9% more garbage-inclusive growth than the one before: under a tenth each time.
    for (let i = 0; i < 200; i++) {
      h.garbage += Math.max(1, (h.live + h.garbage) * 0.09);
      expect(meter.overLimit()).toBe(false);
    }
    expect(meter.peakBytes).toBeLessThanOrEqual(40 * MB + garbageSlack(40 * MB) + 1);
    expect(meter.peakBytes).toBeGreaterThanOrEqual(40 * MB);
    expect(meter.collections).toBeGreaterThan(1);
  });

  test('live memory that grows is measured, and over the limit after a collection is out of memory', () => {
    const { h, meter } = exactMeter(500 * MB);
    h.live = 100 * MB;
    h.garbage = 50 * MB;
    meter.overLimit();
    expect(meter.peakMB).toBe(100);
    h.live = 600 * MB;
    expect(meter.overLimit()).toBe(true);
  });
});
