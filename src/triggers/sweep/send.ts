/**
 * Step 3, send: one chunk's plan (ledger records read, mail reach and project leads looked up as
 * the plan needs them), its mails sent one by one with each one's marks recorded at once, and a
 * continuation near the time budget or after a failed ledger write (./PROTOCOL.md).
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import * as store from '../../adapters/ledger';
import { pushAll } from '../../adapters/queue';
import { readSettings } from '../../adapters/settings';
import type { SweepFailure } from '../../contracts/sweep';
import {
  ledgerRecordKeysOf,
  ledgerView,
  marksAfterFailing,
  marksAfterSending,
  marksByRecord,
  mergeMarks,
  notifyRequestBody,
  planCounts,
  planSweep,
  type LedgerRecord,
  type MarkWrite,
  type PlannedNotification,
  type Reach,
  type SweepPlan,
} from '../../domain/sweep';
import { addCounts, completeChunk } from './completion';
import { expandItems } from './chunking';
import { mergeStep, writeParts } from './merge';
import type { ChunkEvent } from './events';
import { LEDGER_RETRIES, budgets, holdsLease, type SweepChunkResult } from './shell';

// ------------------------------------------------------------------ sending one chunk

export type SendResult = { ok: true } | { ok: false; status: number; message: string };

export interface ChunkPorts {
  send(n: PlannedNotification): Promise<SendResult>;
  /** Records marks in a group's ledger record (throws when storage fails). */
  record(group: string, marks: readonly MarkWrite[]): Promise<void>;
  /** Milliseconds left before the chunk should checkpoint. */
  timeLeft(): number;
}

export interface ChunkOutcome {
  /** Ids of the mails sent by this part. */
  sent: string[];
  failures: SweepFailure[];
  /** True when the part stopped (time budget, or a ledger write that failed) with work left. */
  checkpoint: boolean;
  /** Ids of mails that went out but whose marks could not be recorded (the part stopped there). */
  unrecorded: string[];
  counts: { reminders: number; escalations: number; notices: number; rerouted: number };
}

/**
 * Sends a plan's mails one by one (at least one per call). After each success its marks are
 * recorded in its group's record at once (for its recipients only), so a stopped invocation loses
 * at most the mail in flight. A failed mail records nothing but, for a reminder, the failed
 * attempt. When recording fails after a mail went out, the part stops and returns the mail as
 * `unrecorded`: the continuation records it before sending anything (it is never sent again by
 * this chunk). `alreadySent` are ids sent by earlier parts of the chunk.
 */
export async function sendPlan(
  plan: Pick<SweepPlan, 'notifications'>,
  alreadySent: ReadonlySet<string>,
  unrecorded: readonly string[],
  today: string,
  ports: ChunkPorts,
): Promise<ChunkOutcome> {
  const out: ChunkOutcome = {
    sent: [],
    failures: [],
    checkpoint: false,
    unrecorded: [],
    counts: { reminders: 0, escalations: 0, notices: 0, rerouted: 0 },
  };
  const pending = new Set(unrecorded);
  for (const n of plan.notifications) {
    if (!pending.has(n.id)) continue;
    try {
      await ports.record(n.group, marksAfterSending(n, today));
      pending.delete(n.id);
    } catch {
      out.checkpoint = true;
      out.unrecorded = [...pending];
      return out;
    }
  }
  let attempted = 0;
  for (const n of plan.notifications) {
    if (alreadySent.has(n.id)) continue;
    // Every part sends at least one mail, so a chain of continuations always ends.
    if (attempted > 0 && ports.timeLeft() <= 0) {
      out.checkpoint = true;
      break;
    }
    attempted++;
    const r = await ports.send(n);
    if (!r.ok) {
      out.failures.push({
        issueKey: n.issueKey.slice(0, 64),
        notificationId: n.id.slice(0, 300),
        status: r.status,
        message: r.message.slice(0, 500),
      });
      const failed = marksAfterFailing(n, today);
      if (failed.length > 0) await ports.record(n.group, failed).catch(() => undefined);
      continue;
    }
    out.sent.push(n.id);
    if (n.kind === 'escalation') out.counts.escalations++;
    else if (n.kind === 'missing-due-date') out.counts.notices++;
    else out.counts.reminders++;
    if (n.rerouted) out.counts.rerouted++;
    try {
      await ports.record(n.group, marksAfterSending(n, today));
    } catch {
      out.unrecorded = [n.id];
      out.checkpoint = true;
      break;
    }
  }
  return out;
}

// ------------------------------------------------------------------ the consumer's chunk

/** One chunk of a sweep (or its continuation after a checkpoint): plan, look up what the plan needs, send. */
export async function sweepChunk(event: ChunkEvent, startedMs: number): Promise<SweepChunkResult> {
  const ev = event;
  const carried = ev.carried ?? { counts: {}, failures: [], sent: [] };

  if (!(await holdsLease(ev.runId))) {
    // Another sweep owns the site's mail now (this run's lease expired): send nothing.
    await completeChunk(ev, carried.counts, [
      ...carried.failures,
      { message: `Chunk ${ev.chunk + 1} was not sent: the run lost its lease to a newer sweep.` },
    ]);
    return { status: 'superseded', runId: ev.runId, chunk: ev.chunk, sent: 0, failed: 0 };
  }

  // A merge event escalates the incidents the chunks deferred, over their parts, in pages (./merge.ts).
  if (ev.merge) {
    const merged = await mergeStep(ev, startedMs);
    return { status: merged.status, runId: ev.runId, chunk: ev.chunk, sent: merged.sent, failed: merged.failed };
  }
  const { settings } = await readSettings();
  const counter: jira.CallCounter = { calls: 0 };
  // A run of one chunk escalates at once (all of every incident is in it); any other chunk defers.
  const items = expandItems(ev);
  const postmortems = ev.postmortems;
  const escalations = ev.chunks === 1 && ev.final !== false ? 'send' : 'defer';
  const input = { items, postmortems, settings, today: ev.today, escalations } as const;
  const records = new Map<string, LedgerRecord>(await store.readRecords(ledgerRecordKeysOf(items, postmortems)));
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
    for (const { accountId, issueKey } of plan.reachNeeded)
      reach.set(`${accountId}\n${issueKey}`, await jira.sweepUserReach(counter, accountId, issueKey));
    plan = planSweep({ ...input, ledger, projects, siteUrl: ev.siteUrl, reach: { reach: (a, i) => reach.get(`${a}\n${i}`) } });
  }

  // The deferred incidents' overdue subjects, stored before any mail (a redelivery stores them again).
  const deferred = plan.deferred.length > 0 ? await writeParts(ev, plan.deferred, items, postmortems) : [];

  const outcome = await sendPlan(plan, new Set(carried.sent), carried.unrecorded ?? [], ev.today, {
    send: (n) => jira.notifyIssue(counter, n.issueKey, { ...notifyRequestBody(n) }),
    async record(group, marks) {
      // Each mark goes to its record (the incident's, or its item's bucket). Other chunks of this
      // run may hold items of the same incident or bucket: merge into what is stored now.
      for (const [key, some] of marksByRecord(group, marks)) {
        const current = (await store.readRecords([key])).get(key);
        const next = mergeMarks(current, some, ev.today);
        await store.writeRecord(key, next);
        records.set(key, next);
      }
    },
    timeLeft: () => budgets.consumerMs - (clock.nowMs() - startedMs),
  });

  let counts = addCounts(carried.counts, { ...outcome.counts, failures: outcome.failures.length, productCalls: counter.calls });
  const failures = [...carried.failures, ...outcome.failures].slice(0, 50);
  const notes = [...new Map([...(carried.notes ?? []), ...plan.notes].map((n) => [`${n.issueKey}\n${n.message}`, n])).values()].slice(
    0,
    50,
  );

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
    failures.push({
      message: `The ledger could not record ${outcome.unrecorded.length} mail(s) that went out (${outcome.unrecorded.slice(0, 3).join(', ')}); storage kept failing, so a later sweep may send them once more.`,
    });
    counts = addCounts(counts, { failures: 1 });
  }

  counts = addCounts(counts, planCounts(plan.stats, plan.skipped.length));
  await completeChunk(ev, counts, failures, notes, deferred);
  return { status: 'done', runId: ev.runId, chunk: ev.chunk, sent: outcome.sent.length, failed: outcome.failures.length };
}
