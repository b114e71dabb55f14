/**
 * The daily sweep (manifest `scheduledTrigger` postmortem-sweep → function `sweep-trigger`) and its
 * queue consumer (`sweep-consumer`). Thin shells: the decisions are the planner's
 * (src/domain/sweep), the rest is in ./sweep-work (pure) and the adapters.
 *
 * Trigger: settings → today → lease (KVS `FAIL_IF_EXISTS`, with expiry: a second sweep at the same
 * time does nothing) → one JQL for action items and draft postmortems, page by page, only the
 * fields used → project leads, one call per 50 projects, only where an escalation to a lead is due →
 * chunks (an incident's items together) pushed ≤ 50 events and ≪ 200 KB a push → the run summary.
 *
 * Consumer, per chunk: ledger keys (batch get) → plan → notify as the app, writing each ledger key
 * as soon as every mail carrying it went out → near the time budget, push the rest as a new event →
 * the chunk's counters go with a completion ticket; the chunk taking the last ticket finishes the
 * run (summary, clean-up, lease released).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import * as clock from '../adapters/clock';
import * as jira from '../adapters/jira';
import * as store from '../adapters/ledger';
import { ConsumerEvent, pushAll } from '../adapters/queue';
import { readSettings } from '../adapters/storage';
import * as runs from '../adapters/sweep-runs';
import type { SweepRunCounts, SweepRunSummary } from '../contracts/sweep';
import { todayIn } from '../domain/dates';
import { addToRun, finishRun, keepLastRuns, notifyRequestBody, planCounts, planSweep, ledgerKeysToCheck, startRun, sweepSelection } from '../domain/sweep';
import {
  ChunkEvent,
  ChunkResult,
  SEARCH_PAGE_SIZE,
  SWEEP_FIELDS,
  SWEEP_PROPERTIES,
  addCounts,
  chunkEvents,
  leadLedgerKeys,
  ledgerWrite,
  packPushes,
  projectsNeedingLead,
  sendPlan,
  siteUrlFromSelf,
  subjectsOf,
  sweepJql,
  takeTicket,
  type SweepSubjects,
} from './sweep-work';

// ------------------------------------------------------------------ settings of the shell

const LEASE_KEY = 'sweep:lease';
/** The lease outlives any healthy run; consumers renew it. A dead run's lease frees itself. */
const LEASE_TTL_SECONDS = 3600;
/** Run-scoped markers (chunk done, tickets) clean themselves up after a week. */
const RUN_MARKER_TTL_DAYS = 7;

export interface SweepBudgets {
  /** After this long a consumer checkpoints (Forge gives 900 s with timeoutSeconds: 900). */
  consumerMs: number;
  /** The trigger stops paging after this long (the rest is swept tomorrow; the run says so). */
  triggerMs: number;
}
const DEFAULT_BUDGETS: SweepBudgets = { consumerMs: 600_000, triggerMs: 600_000 };
let budgets: SweepBudgets = { ...DEFAULT_BUDGETS };

/** Tests shorten the budgets to exercise checkpoints; returns a restore function. */
export function setSweepBudgetsForTests(b: Partial<SweepBudgets>): () => void {
  const previous = budgets;
  budgets = { ...budgets, ...b };
  return () => {
    budgets = previous;
  };
}

const Lease = z.object({ runId: z.string(), takenAt: z.string() });

const doneKey = (runId: string, chunk: number) => `sweep-run:${runId}:done:${chunk}`;
const ticketKey = (runId: string, n: number) => `sweep-run:${runId}:ticket:${n}`;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ------------------------------------------------------------------ the trigger

export type SweepTriggerResult =
  | { status: 'skipped'; reason: string }
  | { status: 'started' | 'completed' | 'failed'; runId: string; today: string; chunks: number; subjects: number; productCalls: number; error?: string };

const STALE_RUN = 'The run did not finish (an invocation stopped or its lease expired); what it did not send, the next sweep sends.';

/**
 * Records a new run in the history (last SWEEP_RUNS_KEPT kept). Runs still marked running are
 * dead (we hold the lease now), so they are closed as failed.
 */
async function recordNewRun(run: SweepRunSummary): Promise<void> {
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

/** Scheduled trigger: select, fan out through the queue, record the run. Runs with no user. */
export async function sweepTrigger(): Promise<SweepTriggerResult> {
  const startedAt = clock.now();
  const startedMs = Date.now();
  const { settings } = await readSettings();
  const today = todayIn(settings.timeZone, startedAt);
  const runId = `${startedAt.toISOString()}-${randomUUID().slice(0, 8)}`;

  if (!(await store.claim(LEASE_KEY, { runId, takenAt: startedAt.toISOString() }, { ttlSeconds: LEASE_TTL_SECONDS }))) {
    console.log('sweep-trigger: another sweep holds the lease; this one does nothing.');
    return { status: 'skipped', reason: 'Another sweep is running.' };
  }

  let run = startRun(runId, startedAt.toISOString(), today);
  await recordNewRun(run);

  const counter: jira.CallCounter = { calls: 0 };
  let pushed = false;
  try {
    const selection = sweepSelection(settings, today);
    const jql = sweepJql(selection);
    // Each page becomes compact subjects at once: the raw issues (all fields and properties) are
    // dropped page by page, so memory grows with what the planner needs, not with Jira's answers.
    const subjects: SweepSubjects = { items: [], postmortems: [] };
    let token: string | undefined;
    let siteUrl: string | undefined;
    let truncated = false;
    do {
      const page = await jira.sweepSearchPage(counter, jql, SWEEP_FIELDS, SWEEP_PROPERTIES, token, SEARCH_PAGE_SIZE);
      const first = page.issues[0];
      if (first) siteUrl ??= siteUrlFromSelf(first.self);
      const some = subjectsOf(page.issues, selection);
      for (const item of some.items) subjects.items.push(item);
      for (const pm of some.postmortems) subjects.postmortems.push(pm);
      token = page.nextPageToken;
      if (token && Date.now() - startedMs > budgets.triggerMs) truncated = true;
    } while (token && !truncated);

    const leadKeys = leadLedgerKeys(subjects, settings, today);
    const needLeads = leadKeys.length > 0 ? projectsNeedingLead(subjects, leadKeys, await store.existingKeys(leadKeys)) : [];
    const projects = needLeads.length > 0 ? await jira.sweepProjectLeads(counter, needLeads) : {};

    const events = chunkEvents(subjects, { runId, today, siteUrl: siteUrl ?? '', projects });
    run = addToRun(run, { productCalls: counter.calls }, truncated ? [{ message: 'The search took longer than the trigger may run; the items not reached are swept next time.' }] : []);

    if (events.length === 0) {
      run = finishRun(run, clock.now().toISOString());
      await runs.writeRun(run);
      await store.deleteValue(LEASE_KEY);
      return { status: 'completed', runId, today, chunks: 0, subjects: 0, productCalls: counter.calls };
    }
    await runs.writeRun(run);
    for (const push of packPushes(events)) {
      await pushAll(push);
      pushed = true;
    }
    return { status: 'started', runId, today, chunks: events.length, subjects: subjects.items.length + subjects.postmortems.length, productCalls: counter.calls };
  } catch (e) {
    console.error('sweep-trigger failed:', message(e));
    run = finishRun(addToRun(run, { productCalls: counter.calls }), clock.now().toISOString(), message(e));
    await runs.writeRun(run);
    // Chunks already pushed still run and need the lease; otherwise free it for the next sweep.
    if (!pushed) await store.deleteValue(LEASE_KEY);
    return { status: 'failed', runId, today, chunks: 0, subjects: 0, productCalls: counter.calls, error: message(e) };
  }
}

// ------------------------------------------------------------------ the consumer

async function holdsLease(runId: string): Promise<boolean> {
  const lease = await store.readValue(LEASE_KEY, Lease);
  if (lease?.runId !== runId) return false;
  await store.writeValue(LEASE_KEY, lease, { ttlSeconds: LEASE_TTL_SECONDS });
  return true;
}

/** Records sent keys (the adapter retries transient storage errors); throws when some stay unwritten. */
async function writeLedger(writes: store.KvsWrite[]): Promise<void> {
  const failed = await store.writeAll(writes);
  if (failed.length > 0) throw new Error(`The ledger could not record ${failed.length} key(s): ${failed.slice(0, 3).join(', ')}.`);
}

/** Finishes the run: every chunk's counters into the summary, markers removed, lease released. */
async function finishRunFrom(ev: ChunkEvent): Promise<void> {
  const ticketKeys = Array.from({ length: ev.chunks }, (_, i) => ticketKey(ev.runId, i + 1));
  const results = await store.readValues(ticketKeys, ChunkResult);
  const nowIso = clock.now().toISOString();
  let run = (await runs.readRun(ev.runId)) ?? startRun(ev.runId, nowIso, ev.today);
  let endedAt = nowIso;
  for (const r of results.values()) {
    run = addToRun(run, r.counts, r.failures);
    if (r.endedAt > endedAt) endedAt = r.endedAt;
  }
  if (results.size < ev.chunks) {
    run = addToRun(run, {}, [{ message: `${ev.chunks - results.size} of ${ev.chunks} chunk results could not be read.` }]);
  }
  await runs.writeRun(finishRun({ ...run, status: 'running' }, endedAt));
  await store.deleteAll([...ticketKeys, ...Array.from({ length: ev.chunks }, (_, i) => doneKey(ev.runId, i))]);
  const lease = await store.readValue(LEASE_KEY, Lease);
  if (lease?.runId === ev.runId) await store.deleteValue(LEASE_KEY);
}

/** Records a finished chunk; the chunk that completes the run finishes it. */
async function completeChunk(ev: ChunkEvent, counts: Partial<SweepRunCounts>, failures: ChunkResult['failures']): Promise<void> {
  // Once per chunk, even when Forge delivers the event again.
  if (!(await store.claim(doneKey(ev.runId, ev.chunk), { at: clock.now().toISOString() }, { ttlDays: RUN_MARKER_TTL_DAYS }))) return;
  const result: ChunkResult = { chunk: ev.chunk, endedAt: clock.now().toISOString(), counts, failures: failures.slice(0, 50) };
  const ticket = await takeTicket(ev.chunks, {
    taken: (n) => store.exists(ticketKey(ev.runId, n)),
    take: (n) => store.claim(ticketKey(ev.runId, n), result, { ttlDays: RUN_MARKER_TTL_DAYS }),
  });
  if (ticket === ev.chunks) await finishRunFrom(ev);
}

export type SweepChunkResult =
  | { status: 'ignored' }
  | { status: 'superseded' | 'done' | 'checkpoint'; runId: string; chunk: number; sent: number; failed: number };

/** Queue consumer: one chunk of a sweep (or its continuation after a checkpoint). */
export async function sweepConsumer(event: unknown): Promise<SweepChunkResult> {
  const startedMs = Date.now();
  const parsed = ConsumerEvent.safeParse(event);
  const chunk = parsed.success ? ChunkEvent.safeParse(parsed.data.body) : undefined;
  if (!chunk?.success) {
    console.error('sweep-consumer: ignored an event that is not a sweep chunk');
    return { status: 'ignored' };
  }
  const ev = chunk.data;
  const carried = ev.carried ?? { counts: {}, failures: [], sent: [] };

  if (!(await holdsLease(ev.runId))) {
    // Another sweep owns the site's mail now (this run's lease expired): send nothing.
    await completeChunk(ev, carried.counts, [...carried.failures, { message: `Chunk ${ev.chunk + 1} was not sent: the run lost its lease to a newer sweep.` }]);
    return { status: 'superseded', runId: ev.runId, chunk: ev.chunk, sent: 0, failed: 0 };
  }

  const { settings } = await readSettings();
  const input = { items: ev.items, postmortems: ev.postmortems, settings, today: ev.today };
  const ledger = await store.existingKeys(ledgerKeysToCheck(input));
  const plan = planSweep({ ...input, ledger, projects: ev.projects, siteUrl: ev.siteUrl });

  const counter: jira.CallCounter = { calls: 0 };
  const outcome = await sendPlan(plan, new Set(carried.sent), {
    send: (n) => jira.notifyIssue(counter, n.issueKey, { ...notifyRequestBody(n) }),
    writeLedger: (writes) => writeLedger(writes.map(ledgerWrite)),
    timeLeft: () => budgets.consumerMs - (Date.now() - startedMs),
  });

  let counts = addCounts(carried.counts, { ...outcome.counts, failures: outcome.failures.length, productCalls: counter.calls });
  const failures = [...carried.failures, ...outcome.failures].slice(0, 50);

  if (outcome.checkpoint) {
    const next: ChunkEvent = { ...ev, part: ev.part + 1, carried: { counts, failures, sent: [...carried.sent, ...outcome.sent] } };
    await pushAll([next]);
    return { status: 'checkpoint', runId: ev.runId, chunk: ev.chunk, sent: outcome.sent.length, failed: outcome.failures.length };
  }

  counts = addCounts(counts, planCounts(plan.stats, plan.skipped.length));
  await completeChunk(ev, counts, failures);
  return { status: 'done', runId: ev.runId, chunk: ev.chunk, sent: outcome.sent.length, failed: outcome.failures.length };
}
