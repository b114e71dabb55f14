/**
 * Sweep run summaries in app storage (through the storage gateway) (the admin page shows them): one key per run plus an index
 * of the last SWEEP_RUNS_KEPT run ids, newest first. Every read is zod-parsed; a summary that no
 * longer parses is left out rather than failing the page.
 */
import { z } from 'zod';
import * as storage from './storage';
import { SWEEP_RUNS_KEPT, SweepRunSummary } from '../contracts/sweep';

const INDEX_KEY = 'sweep-runs:index';
const RUN_PREFIX = 'sweep-run:';

const RunIndex = z.array(z.string().min(1).max(100)).max(SWEEP_RUNS_KEPT * 2);

function runKey(runId: string): string {
  return `${RUN_PREFIX}${runId}`;
}

/** The run ids the index holds, newest first. */
export async function readRunIndex(): Promise<string[]> {
  const parsed = RunIndex.safeParse(await storage.get(INDEX_KEY));
  return parsed.success ? parsed.data : [];
}

export async function writeRunIndex(runIds: readonly string[]): Promise<void> {
  await storage.set(INDEX_KEY, RunIndex.parse(runIds.slice(0, SWEEP_RUNS_KEPT)));
}

/** One run's summary, or undefined. */
export async function readRun(runId: string): Promise<SweepRunSummary | undefined> {
  const parsed = SweepRunSummary.safeParse(await storage.get(runKey(runId)));
  return parsed.success ? parsed.data : undefined;
}

export async function writeRun(run: SweepRunSummary): Promise<void> {
  await storage.set(runKey(run.runId), SweepRunSummary.parse(run));
}

export async function deleteRuns(runIds: readonly string[]): Promise<void> {
  await storage.removeMany(runIds.map(runKey));
}

/** The last SWEEP_RUNS_KEPT runs, newest first (for the admin page). Two to three storage calls. */
export async function readSweepRuns(): Promise<SweepRunSummary[]> {
  const ids = (await readRunIndex()).slice(0, SWEEP_RUNS_KEPT);
  const byId = new Map<string, SweepRunSummary>();
  for (const value of (await storage.getMany(ids.map(runKey))).values()) {
    const parsed = SweepRunSummary.safeParse(value);
    if (parsed.success) byId.set(parsed.data.runId, parsed.data);
  }
  return ids.flatMap((id) => {
    const run = byId.get(id);
    return run ? [run] : [];
  });
}
