/**
 * The daily sweep (manifest `scheduledTrigger` postmortem-sweep → function `sweep-trigger`) and its
 * queue consumer (`sweep-consumer`). Thin shells: the decisions are the planner's
 * (src/domain/sweep), the rest is in ./sweep-work (pure) and the adapters.
 *
 * Trigger: settings → today → lease (KVS `FAIL_IF_EXISTS`, with expiry: a second sweep at the same
 * time does nothing) → one JQL for action items and draft postmortems, page by page, only the
 * fields used → project leads, one call per 50 projects, only where an escalation to a lead is due →
 * chunks (an incident's items together) pushed ≤ 50 events and ≪ 200 KB a push → the run summary.
 * Near its time budget the trigger stops paging, fans out what it has and pushes a scan event: the
 * consumer pages on from the token (a segment: leads, chunks numbered after the earlier ones, and
 * a further scan event if needed). The last segment stores the run's chunk total before pushing
 * its chunks, so the completion tickets below count every segment's chunks.
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
import { readPostmortemEvidence } from '../adapters/postmortem-pages';
import { ConsumerEvent, pushAll } from '../adapters/queue';
import { readSettings } from '../adapters/settings';
import * as runs from '../adapters/sweep-runs';
import type { SweepRunCounts, SweepRunSummary } from '../contracts/sweep';
import { todayIn } from '../domain/dates';
import { verifyPostmortemLinks } from '../domain/postmortem';
import {
  addToRun,
  finishRun,
  keepLastRuns,
  ledgerGroupsToRead,
  ledgerRecordKey,
  ledgerView,
  mergeMarks,
  notifyRequestBody,
  planCounts,
  planSweep,
  startRun,
  sweepSelection,
  type LedgerRecord,
  type Reach,
  type SweepPlan,
} from '../domain/sweep';
import {
  ChunkEvent,
  ChunkResult,
  RunTotal,
  ScanEvent,
  ScanResult,
  SEARCH_PAGE_SIZE,
  SweepEvent,
  SWEEP_FIELDS,
  SWEEP_PROPERTIES,
  addCounts,
  chunkEvents,
  isLastTicket,
  needsTotal,
  nextScan,
  packPushes,
  scanPages,
  sendPlan,
  sweepJql,
  takeTicket,
  type SegmentPlace,
  type SweepSubjects,
} from './sweep-work';
import type { SweepSelection } from '../domain/sweep';

// ------------------------------------------------------------------ settings of the shell

const LEASE_KEY = 'sweep:lease';
/** The lease outlives any healthy run; consumers renew it. A dead run's lease frees itself. */
const LEASE_TTL_SECONDS = 3600;
/** Run-scoped markers (chunk done, tickets) clean themselves up after a week. */
const RUN_MARKER_TTL_DAYS = 7;
/** Parts in a row a chunk may stop on a failed ledger write before it gives up recording (and says so). */
const LEDGER_RETRIES = 5;

export interface SweepBudgets {
  /** After this long a consumer checkpoints (Forge gives 900 s with timeoutSeconds: 900). */
  consumerMs: number;
  /** The trigger (and a scan segment in the consumer) stops paging after this long and continues in a new event. */
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
const scanKey = (runId: string, segment: number) => `sweep-run:${runId}:scan:${segment}`;
const totalKey = (runId: string) => `sweep-run:${runId}:total`;
const finishedKey = (runId: string) => `sweep-run:${runId}:finished`;

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

/**
 * Pages the search from `token` until it ends or the invocation's paging budget is spent. A
 * postmortem is kept only when the page its incident names confirms it (`verifyPostmortemLinks`):
 * its link, title and owner then come from the page, never from the incident property's text.
 */
async function scanSegment(counter: jira.CallCounter, selection: SweepSelection, jql: string, token: string | undefined, startedMs: number) {
  const scan = await scanPages(selection, token, {
    page: (t) => jira.sweepSearchPage(counter, jql, SWEEP_FIELDS, SWEEP_PROPERTIES, t, SEARCH_PAGE_SIZE),
    overBudget: () => clock.nowMs() - startedMs > budgets.triggerMs,
  });
  const claimed = scan.subjects.postmortems;
  const evidence = await readPostmortemEvidence(
    claimed.map(({ incidentKey, incidentProjectKey: _project, ...issueProperty }) => ({ incidentKey, issueProperty })),
    { as: 'app', counter },
  );
  const verified = verifyPostmortemLinks(evidence, scan.siteUrl);
  const postmortems = claimed.flatMap((p) => {
    const v = verified.get(p.incidentKey);
    return v ? [{ ...p, pageTitle: v.pageTitle, pageUrl: v.pageUrl, ownerAccountId: v.ownerAccountId }] : [];
  });
  return { ...scan, subjects: { ...scan.subjects, postmortems } };
}

/** A segment's chunk events (project leads and mail reach are looked up by each chunk, as its plan needs them). */
function segmentChunks(subjects: SweepSubjects, base: Pick<ChunkEvent, 'runId' | 'today' | 'siteUrl'>, place: SegmentPlace): ChunkEvent[] {
  return chunkEvents(subjects, { ...base, projects: {} }, undefined, undefined, place);
}

/** Scheduled trigger: select, fan out through the queue, record the run. Runs with no user. */
export async function sweepTrigger(): Promise<SweepTriggerResult> {
  const startedAt = clock.now();
  const startedMs = clock.nowMs();
  const runId = `${startedAt.toISOString()}-${randomUUID().slice(0, 8)}`;
  let settings;
  try {
    ({ settings } = await readSettings());
  } catch (e) {
    // Storage failed past its retries before the run could start: record the failed run (when
    // storage lets us) so the hourly retry trigger runs the sweep again today.
    const utcToday = startedAt.toISOString().slice(0, 10);
    console.error('sweep-trigger: could not read the settings:', message(e));
    const failed = finishRun(startRun(runId, startedAt.toISOString(), utcToday), clock.now().toISOString(), `The settings could not be read (${message(e).slice(0, 300)}); the sweep is tried again within the hour.`);
    await recordNewRun(failed).catch((err: unknown) => console.error('sweep-trigger: could not record the failed run either:', message(err)));
    return { status: 'failed', runId, today: utcToday, chunks: 0, subjects: 0, productCalls: 0, error: message(e) };
  }
  const today = todayIn(settings.timeZone, startedAt);

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
    const scan = await scanSegment(counter, selection, jql, undefined, startedMs);
    const final = scan.nextPageToken === undefined;
    const events = segmentChunks(scan.subjects, { runId, today, siteUrl: scan.siteUrl ?? '' }, { chunkBase: 0, final });
    run = addToRun(run, { productCalls: counter.calls });

    if (events.length === 0 && final) {
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
    const next = nextScan({ runId, today, siteUrl: scan.siteUrl ?? '', jql, segment: 0, chunkBase: 0 }, scan, events.length);
    if (next) {
      await pushAll([next]);
      pushed = true;
    }
    return { status: 'started', runId, today, chunks: events.length, subjects: scan.subjects.items.length + scan.subjects.postmortems.length, productCalls: counter.calls };
  } catch (e) {
    console.error('sweep-trigger failed:', message(e));
    run = finishRun(addToRun(run, { productCalls: counter.calls }), clock.now().toISOString(), message(e));
    await runs.writeRun(run);
    // Chunks already pushed still run and need the lease; otherwise free it for the next sweep.
    if (!pushed) await store.deleteValue(LEASE_KEY);
    return { status: 'failed', runId, today, chunks: 0, subjects: 0, productCalls: counter.calls, error: message(e) };
  }
}

// ------------------------------------------------------------------ the same-day retry

export type SweepRetryResult = SweepTriggerResult | { status: 'not-needed'; reason: string };

/**
 * Hourly (manifest `postmortem-sweep-retry`): when today's latest run (in the site's time zone)
 * failed or left mails unsent, sweeps again; the ledger keeps everything already sent from going
 * out twice. So a storage error or a Jira outage costs an hour, not the day; once the day ends,
 * the next day's sweep takes over (and makes up a due-day reminder that never went out).
 */
export async function sweepRetry(): Promise<SweepRetryResult> {
  const { settings } = await readSettings();
  const now = clock.now();
  const today = todayIn(settings.timeZone, now);
  const latest = (await runs.readSweepRuns()).find((r) => todayIn(settings.timeZone, new Date(r.startedAt)) === today);
  if (!latest) return { status: 'not-needed', reason: "Today's sweep has not run yet; the daily trigger runs it." };
  // A run still marked running after its lease would have expired died (a killed invocation): sweep again.
  if (latest.status === 'running' && now.getTime() - Date.parse(latest.startedAt) < LEASE_TTL_SECONDS * 1000) {
    return { status: 'not-needed', reason: "Today's sweep is still running." };
  }
  if (latest.status === 'completed') return { status: 'not-needed', reason: "Today's sweep sent everything that was due." };
  console.log(`sweep-retry: today's run ${latest.runId} ended ${latest.status}; sweeping again.`);
  return sweepTrigger();
}

// ------------------------------------------------------------------ the consumer

async function holdsLease(runId: string): Promise<boolean> {
  const lease = await store.readValue(LEASE_KEY, Lease);
  if (lease?.runId !== runId) return false;
  await store.writeValue(LEASE_KEY, lease, { ttlSeconds: LEASE_TTL_SECONDS });
  return true;
}

/**
 * Finishes the run: every chunk's and scan segment's counters into the summary, markers removed,
 * lease released. The last segment's chunks know the total, and only one takes the last ticket;
 * an earlier segment's chunk and the last segment (when it had no chunks) may both see the run
 * complete, so they finish it `once` (a claim-once marker).
 */
async function finishRunFrom(runId: string, today: string, total: RunTotal, once: boolean): Promise<void> {
  if (once && !(await store.claim(finishedKey(runId), { at: clock.now().toISOString() }, { ttlDays: RUN_MARKER_TTL_DAYS }))) return;
  const ticketKeys = Array.from({ length: total.chunks }, (_, i) => ticketKey(runId, i + 1));
  const scanKeys = Array.from({ length: total.segments - 1 }, (_, i) => scanKey(runId, i + 1));
  const results = await store.readValues(ticketKeys, ChunkResult);
  const scans = await store.readValues(scanKeys, ScanResult);
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
  await runs.writeRun(finishRun({ ...run, status: 'running' }, endedAt));
  await store.deleteAll([...ticketKeys, ...scanKeys, totalKey(runId), ...Array.from({ length: total.chunks }, (_, i) => doneKey(runId, i))]);
  const lease = await store.readValue(LEASE_KEY, Lease);
  if (lease?.runId === runId) await store.deleteValue(LEASE_KEY);
}

/** Records a finished chunk; the chunk that completes the run finishes it. */
async function completeChunk(ev: ChunkEvent, counts: Partial<SweepRunCounts>, failures: ChunkResult['failures'], notes: NonNullable<ChunkResult['notes']> = []): Promise<void> {
  // Once per chunk, even when Forge delivers the event again.
  if (!(await store.claim(doneKey(ev.runId, ev.chunk), { at: clock.now().toISOString() }, { ttlDays: RUN_MARKER_TTL_DAYS }))) return;
  const result: ChunkResult = { chunk: ev.chunk, endedAt: clock.now().toISOString(), counts, failures: failures.slice(0, 50), notes: notes.slice(0, 50) };
  const ticket = await takeTicket(ev.chunks, {
    taken: (n) => store.exists(ticketKey(ev.runId, n)),
    take: (n) => store.claim(ticketKey(ev.runId, n), result, { ttlDays: RUN_MARKER_TTL_DAYS }),
  });
  // Ticket first, total second; the last segment writes the total first, reads the ticket second:
  // whichever comes later sees the other, so the run is always finished (the claim keeps it to once).
  const total = needsTotal(ticket, ev) ? await store.readValue(totalKey(ev.runId), RunTotal) : undefined;
  if (isLastTicket(ticket, ev, total)) {
    if (ev.final !== false) await finishRunFrom(ev.runId, ev.today, { chunks: ev.chunks, segments: ev.segments ?? 1 }, false);
    else if (total) await finishRunFrom(ev.runId, ev.today, total, true);
  }
}

export type SweepChunkResult =
  | { status: 'ignored' }
  | { status: 'superseded' | 'done' | 'checkpoint'; runId: string; chunk: number; sent: number; failed: number }
  | { status: 'scanned' | 'scan-stopped' | 'scan-repeated'; runId: string; segment: number; chunks: number; final: boolean };

/**
 * One scan segment (1, 2, …): pages on from the token under its own budget, fans out its chunks
 * and, unless the search ended, the next scan event. Its counters are stored once under its
 * segment key (claimed before anything is pushed, so a redelivered segment pushes nothing twice).
 * The last segment stores the run's chunk total before its chunks go out.
 */
async function sweepScan(ev: ScanEvent, startedMs: number): Promise<SweepChunkResult> {
  const counter: jira.CallCounter = { calls: 0 };
  const base = { runId: ev.runId, today: ev.today, segment: ev.segment };
  let events: ChunkEvent[] = [];
  let next: ScanEvent | undefined;
  let failures: ScanResult['failures'] = [];
  if (!(await holdsLease(ev.runId))) {
    failures = [{ message: `The search stopped at segment ${ev.segment + 1}: the run lost its lease to a newer sweep; the items not reached are swept next time.` }];
  } else {
    try {
      const { settings } = await readSettings();
      const selection = sweepSelection(settings, ev.today);
      const scan = await scanSegment(counter, selection, ev.jql, ev.nextPageToken, startedMs);
      next = nextScan(ev, scan, 0);
      events = segmentChunks(scan.subjects, { runId: ev.runId, today: ev.today, siteUrl: ev.siteUrl || (scan.siteUrl ?? '') }, { chunkBase: ev.chunkBase, final: next === undefined, segments: ev.segment + 1 });
      if (next) next = { ...next, chunkBase: ev.chunkBase + events.length };
    } catch (e) {
      // The search (after the adapter's retries) or the lead lookup failed: the run ends with what it pushed.
      console.error('sweep-consumer: scan segment failed:', message(e));
      events = [];
      next = undefined;
      failures = [{ message: `The search failed at segment ${ev.segment + 1} (${message(e).slice(0, 300)}); the items not reached are swept next time.` }];
    }
  }
  const final = next === undefined;
  const result: ScanResult = { segment: ev.segment, chunks: events.length, final, counts: { productCalls: counter.calls, failures: failures.length }, failures };
  if (!(await store.claim(scanKey(ev.runId, ev.segment), result, { ttlDays: RUN_MARKER_TTL_DAYS }))) {
    // A redelivery after this segment already started pushing: what it pushed runs; nothing twice.
    console.log(`sweep-consumer: segment ${ev.segment} of run ${ev.runId} was already scanned.`);
    return { status: 'scan-repeated', ...base, chunks: 0, final };
  }
  if (final) {
    const total: RunTotal = { chunks: ev.chunkBase + events.length, segments: ev.segment + 1 };
    await store.writeValue(totalKey(ev.runId), total, { ttlDays: RUN_MARKER_TTL_DAYS });
    for (const push of packPushes(events)) await pushAll(push);
    // No chunk of this segment will finish the run: it is complete when every earlier chunk is.
    if (events.length === 0 && (total.chunks === 0 || (await store.exists(ticketKey(ev.runId, total.chunks))))) {
      await finishRunFrom(ev.runId, ev.today, total, true);
    }
  } else {
    for (const push of packPushes(events)) await pushAll(push);
    if (next) await pushAll([next]);
  }
  return { status: failures.length > 0 ? 'scan-stopped' : 'scanned', ...base, chunks: events.length, final };
}

/** Queue consumer: one chunk of a sweep (or its continuation after a checkpoint), or a scan segment. */
export async function sweepConsumer(event: unknown): Promise<SweepChunkResult> {
  const startedMs = clock.nowMs();
  const parsed = ConsumerEvent.safeParse(event);
  const body = parsed.success ? SweepEvent.safeParse(parsed.data.body) : undefined;
  if (!body?.success) {
    console.error('sweep-consumer: ignored an event that is not a sweep chunk or scan');
    return { status: 'ignored' };
  }
  if (body.data.kind === 'sweep-scan') return sweepScan(body.data, startedMs);
  const ev = body.data;
  const carried = ev.carried ?? { counts: {}, failures: [], sent: [] };

  if (!(await holdsLease(ev.runId))) {
    // Another sweep owns the site's mail now (this run's lease expired): send nothing.
    await completeChunk(ev, carried.counts, [...carried.failures, { message: `Chunk ${ev.chunk + 1} was not sent: the run lost its lease to a newer sweep.` }]);
    return { status: 'superseded', runId: ev.runId, chunk: ev.chunk, sent: 0, failed: 0 };
  }

  const { settings } = await readSettings();
  const counter: jira.CallCounter = { calls: 0 };
  const input = { items: ev.items, postmortems: ev.postmortems, settings, today: ev.today };
  const keys = ledgerGroupsToRead(input).map(ledgerRecordKey);
  const records = new Map<string, LedgerRecord>(await store.readRecords(keys));
  const ledger = ledgerView(records.values());

  // Plan, then look up what the plan assumed (who Jira would mail, project leads) and plan again.
  const reach = new Map<string, Reach>();
  const projects = { ...ev.projects };
  let plan: SweepPlan = planSweep({ ...input, ledger, projects, siteUrl: ev.siteUrl, reach: { reach: (a, i) => reach.get(`${a}\n${i}`) } });
  for (let round = 0; round < 4 && (plan.reachNeeded.length > 0 || plan.leadsNeeded.length > 0); round++) {
    if (plan.leadsNeeded.length > 0) {
      const leads = await jira.sweepProjectLeads(counter, plan.leadsNeeded);
      for (const p of plan.leadsNeeded) projects[p] = leads[p] ?? { leadAccountId: null };
    }
    for (const { accountId, issueKey } of plan.reachNeeded) reach.set(`${accountId}\n${issueKey}`, await jira.sweepUserReach(counter, accountId, issueKey));
    plan = planSweep({ ...input, ledger, projects, siteUrl: ev.siteUrl, reach: { reach: (a, i) => reach.get(`${a}\n${i}`) } });
  }

  const shared = new Set(ev.sharedGroups ?? []);
  const outcome = await sendPlan(plan, new Set(carried.sent), carried.unrecorded ?? [], ev.today, {
    send: (n) => jira.notifyIssue(counter, n.issueKey, { ...notifyRequestBody(n) }),
    async record(group, marks) {
      const key = ledgerRecordKey(group);
      // A group split over chunks has other writers: merge into what is stored now.
      const current = shared.has(group) ? (await store.readRecords([key])).get(key) : records.get(key);
      const next = mergeMarks(current, marks, ev.today);
      await store.writeRecord(key, next);
      records.set(key, next);
    },
    timeLeft: () => budgets.consumerMs - (clock.nowMs() - startedMs),
  });

  let counts = addCounts(carried.counts, { ...outcome.counts, failures: outcome.failures.length, productCalls: counter.calls });
  const failures = [...carried.failures, ...outcome.failures].slice(0, 50);
  const notes = [...new Map([...(carried.notes ?? []), ...plan.notes].map((n) => [`${n.issueKey}\n${n.message}`, n])).values()].slice(0, 50);

  if (outcome.checkpoint) {
    const ledgerRetries = outcome.unrecorded.length > 0 ? (carried.ledgerRetries ?? 0) + 1 : 0;
    if (ledgerRetries <= LEDGER_RETRIES) {
      const next: ChunkEvent = {
        ...ev,
        part: ev.part + 1,
        carried: { counts, failures, notes, sent: [...carried.sent, ...outcome.sent], unrecorded: outcome.unrecorded, ledgerRetries },
      };
      await pushAll([next]);
      return { status: 'checkpoint', runId: ev.runId, chunk: ev.chunk, sent: outcome.sent.length, failed: outcome.failures.length };
    }
    failures.push({ message: `The ledger could not record ${outcome.unrecorded.length} mail(s) that went out (${outcome.unrecorded.slice(0, 3).join(', ')}); storage kept failing, so a later sweep may send them once more.` });
    counts = addCounts(counts, { failures: 1 });
  }

  counts = addCounts(counts, planCounts(plan.stats, plan.skipped.length));
  await completeChunk(ev, counts, failures, notes);
  return { status: 'done', runId: ev.runId, chunk: ev.chunk, sent: outcome.sent.length, failed: outcome.failures.length };
}
