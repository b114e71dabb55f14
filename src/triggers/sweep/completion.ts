/**
 * Step 4, completion: each chunk takes a completion ticket with its counters; the chunk that takes
 * the last one finishes the run (summary, clean-up, lease released) (./PROTOCOL.md).
 */
import * as clock from '../../adapters/clock';
import * as store from '../../adapters/ledger';
import * as runs from '../../adapters/sweep-runs';
import type { SweepRunCounts } from '../../contracts/sweep';
import { addToRun, finishRun, startRun } from '../../domain/sweep';
import { ChunkResult, RunTotal, ScanResult, type ChunkEvent } from './events';
import { deferredGroups, pushMerge } from './merge';
import { LEASE_KEY, Lease, RUN_MARKER_TTL_DAYS, doneKey, finishedKey, mergeKey, mergeRun, scanKey, ticketKey, totalKey } from './shell';

// ------------------------------------------------------------------ finishing a run

export interface TicketPorts {
  /** Whether ticket n (1-based) is taken. */
  taken(n: number): Promise<boolean>;
  /** Takes ticket n if free; false when someone else has it. */
  take(n: number): Promise<boolean>;
}

/**
 * Takes the next completion ticket of a run (1, 2, 3, … in completion order). Tickets are taken
 * only right after the highest taken one, so the taken ones are always 1..m: a binary search over
 * `[1, limit]` finds m + 1 in log₂(limit) reads, and a conflict moves on by one. The chunk that
 * takes ticket `chunks` is the run's last and finishes it.
 */
export async function takeTicket(limit: number, ports: TicketPorts): Promise<number> {
  let lo = 1;
  let hi = Math.max(1, limit);
  // Smallest free n in [1, hi]. When the limit is only a lower bound of the run's chunks (a
  // segmented scan), gallop past it: double hi until a free ticket is found.
  while (await ports.taken(hi)) {
    lo = hi + 1;
    hi *= 2;
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await ports.taken(mid)) lo = mid + 1;
    else hi = mid;
  }
  for (let n = lo; ; n++) {
    if (await ports.take(n)) return n;
  }
}

/**
 * Whether the chunk that took `ticket` is the run's last. A chunk of the final segment knows the
 * total (`chunks`); an earlier segment's chunk needs the stored `RunTotal` (undefined while the
 * last segment has not yet stored it: then a later completion, or that segment, finishes the run).
 */
export function isLastTicket(ticket: number, ev: Pick<ChunkEvent, 'chunks' | 'final'>, total: RunTotal | undefined): boolean {
  if (ev.final !== false) return ticket === ev.chunks;
  return total !== undefined && ticket === total.chunks;
}

/** Whether an earlier segment's chunk must read the stored total to know if it is last (only once it passed its own count). */
export function needsTotal(ticket: number, ev: Pick<ChunkEvent, 'chunks' | 'final'>): boolean {
  return ev.final === false && ticket >= ev.chunks;
}

/** Adds counters (missing ones are 0). */
export function addCounts(a: Partial<SweepRunCounts>, b: Partial<SweepRunCounts>): Partial<SweepRunCounts> {
  const out: Partial<SweepRunCounts> = { ...a };
  for (const [k, v] of Object.entries(b) as Array<[keyof SweepRunCounts, number | undefined]>) out[k] = (out[k] ?? 0) + (v ?? 0);
  return out;
}

/**
 * Finishes the run: every chunk's and scan segment's counters into the summary, lease released
 * (the markers expire on their own). The last segment's chunks know the total, and only one takes the last ticket;
 * an earlier segment's chunk and the last segment (when it had no chunks) may both see the run
 * complete, so they finish it `once` (a claim-once marker).
 */
export async function finishRunFrom(runId: string, today: string, total: RunTotal, once: boolean): Promise<void> {
  if (once && !(await store.claim(finishedKey(runId), { at: clock.now().toISOString() }, { ttlDays: RUN_MARKER_TTL_DAYS }))) return;
  const ticketKeys = Array.from({ length: total.chunks }, (_, i) => ticketKey(runId, i + 1));
  const scanKeys = Array.from({ length: total.segments }, (_, i) => scanKey(runId, i));
  // Plain gets, one each: batch operations are 45 a minute, read units 4,000 (docs/decisions/0012-sweep-within-storage-quotas.md).
  const results = await store.readEach(ticketKeys, ChunkResult);
  const scans = await store.readEach(scanKeys, ScanResult);
  const nowIso = clock.now().toISOString();
  let run = (await runs.readRun(runId)) ?? startRun(runId, nowIso, today);
  let endedAt = nowIso;
  for (const r of scans.values()) run = addToRun(run, r.counts, r.failures);
  for (const r of results.values()) {
    run = addToRun(run, r.counts, r.failures, r.notes ?? []);
    if (r.endedAt > endedAt) endedAt = r.endedAt;
  }
  if (results.size < total.chunks) {
    run = addToRun(run, {}, [{ message: `${total.chunks - results.size} of ${total.chunks} chunk results could not be read.` }]);
  }
  // Incidents whose escalation the chunks deferred: the merge phase escalates each once, then
  // finishes the run (finishMergeFrom). The run stays running, holding the lease, until then.
  const deferred = deferredGroups(results.values());
  if (deferred.length > 0) {
    if (!(await store.claim(mergeKey(runId), { at: nowIso }, { ttlDays: RUN_MARKER_TTL_DAYS }))) return;
    await runs.writeRun({ ...run, status: 'running' });
    const siteUrl = [...results.values()].find((r) => r.siteUrl)?.siteUrl ?? '';
    await pushMerge({ runId, today, siteUrl }, deferred);
    return;
  }
  await runs.writeRun(finishRun({ ...run, status: 'running' }, endedAt));
  // The run's markers (tickets, done claims, segments, total) are not deleted one by one: they
  // expire after RUN_MARKER_TTL_DAYS, which costs no storage call at all.
  const lease = await store.readValue(LEASE_KEY, Lease);
  if (lease?.runId === runId) await store.deleteValue(LEASE_KEY);
}

/**
 * Finishes a run after its merge phase (./merge.ts): the merge events' counters (under their own
 * tickets) added to the summary the chunks left, the run finished and the lease released.
 */
export async function finishMergeFrom(runId: string, today: string, events: number): Promise<void> {
  const keys = Array.from({ length: events }, (_, i) => ticketKey(mergeRun(runId), i + 1));
  const results = await store.readEach(keys, ChunkResult);
  const nowIso = clock.now().toISOString();
  let run = (await runs.readRun(runId)) ?? startRun(runId, nowIso, today);
  let endedAt = nowIso;
  for (const r of results.values()) {
    run = addToRun(run, r.counts, r.failures, r.notes ?? []);
    if (r.endedAt > endedAt) endedAt = r.endedAt;
  }
  if (results.size < events) {
    run = addToRun(run, {}, [{ message: `${events - results.size} of ${events} merge results could not be read.` }]);
  }
  await runs.writeRun(finishRun({ ...run, status: 'running' }, endedAt));
  const lease = await store.readValue(LEASE_KEY, Lease);
  if (lease?.runId === runId) await store.deleteValue(LEASE_KEY);
}

/** Records a finished chunk (or merge event); the one that completes the run (or its merge phase) finishes it. */
export async function completeChunk(
  ev: ChunkEvent,
  counts: Partial<SweepRunCounts>,
  failures: ChunkResult['failures'],
  notes: NonNullable<ChunkResult['notes']> = [],
  deferred: NonNullable<ChunkResult['deferred']> = [],
): Promise<void> {
  // A merge event completes under the run's merge markers, a chunk under the run's.
  const markers = ev.merge ? mergeRun(ev.runId) : ev.runId;
  // Once per chunk, even when Forge delivers the event again.
  if (!(await store.claim(doneKey(markers, ev.chunk), { at: clock.now().toISOString() }, { ttlDays: RUN_MARKER_TTL_DAYS }))) return;
  const result: ChunkResult = {
    chunk: ev.chunk,
    endedAt: clock.now().toISOString(),
    counts,
    failures: failures.slice(0, 50),
    notes: notes.slice(0, 50),
    ...(deferred.length > 0 ? { deferred, siteUrl: ev.siteUrl } : {}),
  };
  const ticket = await takeTicket(ev.chunks, {
    taken: (n) => store.exists(ticketKey(markers, n)),
    take: (n) => store.claim(ticketKey(markers, n), result, { ttlDays: RUN_MARKER_TTL_DAYS }),
  });
  if (ev.merge) {
    // The merge phase's events were all pushed at once: each knows their number.
    if (ticket === ev.chunks) await finishMergeFrom(ev.runId, ev.today, ev.chunks);
    return;
  }
  // Ticket first, total second; the last segment writes the total first, reads the ticket second:
  // whichever comes later sees the other, so the run is always finished (the claim keeps it to once).
  const total = needsTotal(ticket, ev) ? await store.readValue(totalKey(ev.runId), RunTotal) : undefined;
  if (isLastTicket(ticket, ev, total)) {
    if (ev.final !== false) await finishRunFrom(ev.runId, ev.today, { chunks: ev.chunks, segments: ev.segments ?? 1 }, false);
    else if (total) await finishRunFrom(ev.runId, ev.today, total, true);
  }
}
