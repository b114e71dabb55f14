/**
 * Sweep run summaries: start one, add what each chunk did, finish it, keep the last 30.
 * Pure: callers pass the instants.
 */
import {
  SWEEP_FAILURE_SAMPLES,
  SWEEP_RUNS_KEPT,
  type SweepFailure,
  type SweepReachNote,
  type SweepRunCounts,
  type SweepRunSummary,
} from '../../contracts/sweep';

const COUNT_FIELDS = [
  'itemsScanned',
  'postmortemsScanned',
  'reminders',
  'escalations',
  'notices',
  'overdueItems',
  'latePostmortems',
  'skipped',
  'failures',
  'productCalls',
  'rerouted',
  'unreachable',
] as const satisfies readonly (keyof SweepRunCounts)[];

export function emptyCounts(): SweepRunCounts {
  return {
    itemsScanned: 0,
    postmortemsScanned: 0,
    reminders: 0,
    escalations: 0,
    notices: 0,
    overdueItems: 0,
    latePostmortems: 0,
    skipped: 0,
    failures: 0,
    productCalls: 0,
    rerouted: 0,
    unreachable: 0,
  };
}

export function startRun(runId: string, startedAt: string, today: string): SweepRunSummary {
  return { runId, startedAt, endedAt: null, today, status: 'running', ...emptyCounts(), failureSamples: [], reachSamples: [] };
}

/**
 * Adds a chunk's counters (and failure details) to a run. `failures` counts every failure;
 * at most SWEEP_FAILURE_SAMPLES are kept in detail. A failure listed in `failureDetails` but not
 * counted in `delta.failures` is counted too.
 */
export function addToRun(
  run: SweepRunSummary,
  delta: Partial<SweepRunCounts>,
  failureDetails: readonly SweepFailure[] = [],
  reachNotes: readonly SweepReachNote[] = [],
): SweepRunSummary {
  const next: SweepRunSummary = { ...run, failureSamples: [...run.failureSamples], reachSamples: [...run.reachSamples] };
  for (const n of reachNotes) {
    if (next.reachSamples.length >= SWEEP_FAILURE_SAMPLES) break;
    next.reachSamples.push({ issueKey: n.issueKey.slice(0, 64), message: n.message.slice(0, 500) });
  }
  for (const f of COUNT_FIELDS) next[f] = run[f] + Math.max(0, Math.trunc(delta[f] ?? 0));
  const uncounted = Math.max(0, failureDetails.length - (delta.failures ?? 0));
  next.failures += uncounted;
  for (const f of failureDetails) {
    if (next.failureSamples.length >= SWEEP_FAILURE_SAMPLES) break;
    next.failureSamples.push({ ...f, message: f.message.slice(0, 500) });
  }
  return next;
}

/** Merges two partial summaries of the same run (e.g. written by two chunk invocations). */
export function mergeRuns(a: SweepRunSummary, b: SweepRunSummary): SweepRunSummary {
  if (a.runId !== b.runId) throw new RangeError(`Cannot merge runs ${a.runId} and ${b.runId}`);
  const merged = addToRun(a, b, []);
  merged.failureSamples = [...a.failureSamples, ...b.failureSamples].slice(0, SWEEP_FAILURE_SAMPLES);
  merged.reachSamples = [...a.reachSamples, ...b.reachSamples].slice(0, SWEEP_FAILURE_SAMPLES);
  merged.startedAt = earlier(a.startedAt, b.startedAt);
  merged.endedAt = a.endedAt === null || b.endedAt === null ? null : later(a.endedAt, b.endedAt);
  merged.status = a.status === 'running' || b.status === 'running' ? 'running' : worse(a.status, b.status);
  return merged;
}

const RANK: Record<SweepRunSummary['status'], number> = {
  running: 0,
  completed: 1,
  'completed-with-failures': 2,
  failed: 3,
};

function worse(a: SweepRunSummary['status'], b: SweepRunSummary['status']): SweepRunSummary['status'] {
  return RANK[a] >= RANK[b] ? a : b;
}

function ms(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

function earlier(a: string, b: string): string {
  return ms(a) <= ms(b) ? a : b;
}

function later(a: string, b: string): string {
  return ms(a) >= ms(b) ? a : b;
}

/** Ends a run: `failed` when `error` is given, else completed (with failures when any). */
export function finishRun(run: SweepRunSummary, endedAt: string, error?: string): SweepRunSummary {
  if (error !== undefined) {
    return addToRun({ ...run, endedAt, status: 'failed' }, { failures: 1 }, [{ message: error.slice(0, 500) }]);
  }
  return { ...run, endedAt, status: run.failures > 0 ? 'completed-with-failures' : 'completed' };
}

/**
 * The history with `run` added (or replacing the entry with the same runId), newest first by
 * start time, cut to the last `keep` runs.
 */
export function keepLastRuns(history: readonly SweepRunSummary[], run: SweepRunSummary, keep: number = SWEEP_RUNS_KEPT): SweepRunSummary[] {
  const others = history.filter((r) => r.runId !== run.runId);
  const all = [run, ...others];
  all.sort((a, b) => ms(b.startedAt) - ms(a.startedAt) || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  return all.slice(0, Math.max(0, keep));
}

/** The report's "overdue over time" points from the history, oldest first (finished runs only). */
export function overdueSeries(history: readonly SweepRunSummary[]): { at: string; overdueCount: number }[] {
  return history
    .filter((r) => r.status !== 'running')
    .map((r) => ({ at: r.startedAt, overdueCount: r.overdueItems }))
    .sort((a, b) => ms(a.at) - ms(b.at));
}

/** Counters of a plan, for `addToRun` (what was planned; callers count what was actually sent). */
export function planCounts(
  stats: {
    itemsScanned: number;
    postmortemsScanned: number;
    overdueItems: number;
    latePostmortems: number;
    unreachable?: number;
  },
  skipped: number,
): Partial<SweepRunCounts> {
  return {
    unreachable: stats.unreachable ?? 0,
    itemsScanned: stats.itemsScanned,
    postmortemsScanned: stats.postmortemsScanned,
    overdueItems: stats.overdueItems,
    latePostmortems: stats.latePostmortems,
    skipped,
  };
}
