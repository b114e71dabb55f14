import { SweepRunHistory, SweepRunSummary } from '../../../../src/contracts/sweep';
import { addToRun, finishRun, keepLastRuns, mergeRuns, overdueSeries, planCounts, startRun } from '../../../../src/domain/sweep/summary';

const at = (day: number, hour = 9) => `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe('sweep run summaries', () => {
  it('starts empty and running, and is valid against the contract', () => {
    const run = startRun('run-1', at(1), '2026-03-01');
    expect(SweepRunSummary.parse(run)).toEqual(run);
    expect(run).toMatchObject({ status: 'running', endedAt: null, itemsScanned: 0, failures: 0 });
  });

  it('adds chunk counters and keeps at most 20 failure samples while counting all', () => {
    let run = startRun('run-1', at(1), '2026-03-01');
    run = addToRun(run, {
      reminders: 3,
      productCalls: 7,
      ...planCounts({ itemsScanned: 100, postmortemsScanned: 2, overdueItems: 4, latePostmortems: 1 }, 1),
    });
    const failures = Array.from({ length: 25 }, (_, i) => ({ issueKey: `OPS-${i + 1}`, status: 503, message: 'Service unavailable' }));
    run = addToRun(run, { failures: 25 }, failures);
    expect(run).toMatchObject({
      itemsScanned: 100,
      postmortemsScanned: 2,
      overdueItems: 4,
      skipped: 1,
      reminders: 3,
      productCalls: 7,
      failures: 25,
    });
    expect(run.failureSamples).toHaveLength(20);
    run = addToRun(run, {}, [{ message: 'one more' }]);
    expect(run.failures).toBe(26);
  });

  it('finishes as completed, completed with failures, or failed', () => {
    const run = startRun('r', at(1), '2026-03-01');
    expect(finishRun(run, at(1, 10)).status).toBe('completed');
    expect(finishRun(addToRun(run, { failures: 1 }), at(1, 10)).status).toBe('completed-with-failures');
    const failed = finishRun(run, at(1, 10), 'lease lost');
    expect(failed).toMatchObject({ status: 'failed', failures: 1, endedAt: at(1, 10) });
    expect(failed.failureSamples[0]?.message).toBe('lease lost');
  });

  it('merges two partial summaries of one run', () => {
    const a = finishRun(addToRun(startRun('r', at(1, 9), '2026-03-01'), { itemsScanned: 5 }), at(1, 10));
    const b = finishRun(addToRun(startRun('r', at(1, 8), '2026-03-01'), { itemsScanned: 7, failures: 1 }, [{ message: 'x' }]), at(1, 11));
    const m = mergeRuns(a, b);
    expect(m).toMatchObject({ itemsScanned: 12, failures: 1, startedAt: at(1, 8), endedAt: at(1, 11), status: 'completed-with-failures' });
    expect(m.failureSamples).toHaveLength(1);
    expect(() => mergeRuns(a, { ...b, runId: 'other' })).toThrow(RangeError);
  });

  it('keeps the last 30 runs, newest first, replacing a run by id', () => {
    let history: SweepRunSummary[] = [];
    for (let d = 1; d <= 31; d++)
      history = keepLastRuns(history, finishRun(startRun(`run-${d}`, at(d), `2026-03-${String(d).padStart(2, '0')}`), at(d, 10)));
    expect(history).toHaveLength(30);
    expect(history[0]?.runId).toBe('run-31');
    expect(history.at(-1)?.runId).toBe('run-2');
    expect(SweepRunHistory.safeParse(history).success).toBe(true);
    const updated = keepLastRuns(history, { ...history[5]!, reminders: 9 });
    expect(updated).toHaveLength(30);
    expect(updated[5]?.reminders).toBe(9);
    // an older run than everything kept falls off
    expect(keepLastRuns(history, startRun('ancient', '2025-01-01T00:00:00Z', '2025-01-01')).map((r) => r.runId)).not.toContain('ancient');
  });

  it('gives the overdue series oldest first, finished runs only', () => {
    const r1 = finishRun(addToRun(startRun('a', at(2), '2026-03-02'), { overdueItems: 4 }), at(2, 10));
    const r2 = finishRun(addToRun(startRun('b', at(1), '2026-03-01'), { overdueItems: 6 }), at(1, 10));
    const running = startRun('c', at(3), '2026-03-03');
    expect(overdueSeries([r1, running, r2])).toEqual([
      { at: at(1), overdueCount: 6 },
      { at: at(2), overdueCount: 4 },
    ]);
  });
});
