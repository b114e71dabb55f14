/**
 * The sweep shell's settings and bookkeeping: time budgets, the lease and run-marker keys, and the
 * run history (./PROTOCOL.md).
 */
import { z } from 'zod';
import * as store from '../../adapters/ledger';
import * as runs from '../../adapters/sweep-runs';
import type { SweepRunSummary } from '../../contracts/sweep';
import { finishRun, keepLastRuns } from '../../domain/sweep';

// ------------------------------------------------------------------ settings of the shell

export const LEASE_KEY = 'sweep:lease';
/** The lease outlives any healthy run; consumers renew it. A dead run's lease frees itself. */
export const LEASE_TTL_SECONDS = 3600;
/** Run-scoped markers (chunk done, tickets) clean themselves up after a week. */
export const RUN_MARKER_TTL_DAYS = 7;
/** Parts in a row a chunk may stop on a failed ledger write before it gives up recording (and says so). */
export const LEDGER_RETRIES = 5;

export interface SweepBudgets {
  /** After this long a consumer checkpoints (Forge gives 900 s with timeoutSeconds: 900). */
  consumerMs: number;
  /** The trigger (and a scan segment in the consumer) stops paging after this long and continues in a new event. */
  triggerMs: number;
  /**
   * Storage units (reads and writes, one per started 10 KB) one merge invocation uses before it
   * continues in a paced event (docs/decisions/0018-sweep-merge-in-pages.md).
   */
  mergeUnits: number;
}
export const DEFAULT_BUDGETS: SweepBudgets = { consumerMs: 600_000, triggerMs: 600_000, mergeUnits: 1000 };
export let budgets: SweepBudgets = { ...DEFAULT_BUDGETS };

/** Tests shorten the budgets to exercise checkpoints; returns a restore function. */
export function setSweepBudgetsForTests(b: Partial<SweepBudgets>): () => void {
  const previous = budgets;
  budgets = { ...budgets, ...b };
  return () => {
    budgets = previous;
  };
}

export const Lease = z.object({ runId: z.string(), takenAt: z.string() });

export const doneKey = (runId: string, chunk: number) => `sweep-run:${runId}:done:${chunk}`;
export const ticketKey = (runId: string, n: number) => `sweep-run:${runId}:ticket:${n}`;
export const scanKey = (runId: string, segment: number) => `sweep-run:${runId}:scan:${segment}`;
export const totalKey = (runId: string) => `sweep-run:${runId}:total`;
export const finishedKey = (runId: string) => `sweep-run:${runId}:finished`;
/** A chunk's overdue subjects of one incident, for the merge phase. */
export const partKey = (runId: string, group: string, chunk: number) => `sweep-run:${runId}:esc:${group}:${chunk}`;
/** The merge phase's running state of one incident (./merge.ts). */
export const mergeStateKey = (runId: string, group: string) => `sweep-run:${runId}:m:state:${group}`;
/** The incidents of merge event k (k ≥ 1; the first event carries its own). */
export const mergePackKey = (runId: string, k: number) => `sweep-run:${runId}:m:pack:${k}`;
/** Claimed by the merge invocation (event k, part p) that pushes the next one: a redelivered invocation pushes nothing twice. */
export const mergePushKey = (runId: string, k: number, part: number) => `sweep-run:${runId}:m:push:${k}:${part}`;
/** Claimed by the invocation that starts the run's merge phase (once). */
export const mergeKey = (runId: string) => `sweep-run:${runId}:merge`;
/** The merge phase's events complete under their own done and ticket markers (`sweep-run:<id>:m:…`). */
export const mergeRun = (runId: string) => `${runId}:m`;

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ------------------------------------------------------------------ the trigger

export type SweepTriggerResult =
  | { status: 'skipped'; reason: string }
  | {
      status: 'started' | 'completed' | 'failed';
      runId: string;
      today: string;
      chunks: number;
      subjects: number;
      productCalls: number;
      error?: string;
    };

export const STALE_RUN = 'The run did not finish (an invocation stopped or its lease expired); what it did not send, the next sweep sends.';

/**
 * Records a new run in the history (last SWEEP_RUNS_KEPT kept). Runs still marked running are
 * dead (we hold the lease now), so they are closed as failed.
 */
export async function recordNewRun(run: SweepRunSummary): Promise<void> {
  const index = await runs.readRunIndex();
  const history: SweepRunSummary[] = [];
  for (const r of await runs.readSweepRuns()) {
    if (r.status !== 'running') history.push(r);
    else {
      const closed = finishRun(r, run.startedAt, STALE_RUN);
      await runs.writeRun(closed);
      history.push(closed);
    }
  }
  await runs.writeRun(run);
  const keptIds = keepLastRuns(history, run).map((r) => r.runId);
  await runs.writeRunIndex(keptIds);
  const dropped = index.filter((id) => !keptIds.includes(id));
  if (dropped.length > 0) await runs.deleteRuns(dropped);
}

/** Whether this run still holds the lease (renewing it when it does). */
export async function holdsLease(runId: string): Promise<boolean> {
  const lease = await store.readValue(LEASE_KEY, Lease);
  if (lease?.runId !== runId) return false;
  await store.writeValue(LEASE_KEY, lease, { ttlSeconds: LEASE_TTL_SECONDS });
  return true;
}

export type SweepChunkResult =
  | { status: 'ignored' }
  | { status: 'superseded' | 'done' | 'checkpoint'; runId: string; chunk: number; sent: number; failed: number }
  | { status: 'scanned' | 'scan-stopped' | 'scan-repeated'; runId: string; segment: number; chunks: number; final: boolean };
