/**
 * Step 5, merge (./PROTOCOL.md): in a run of several chunks, each chunk stores, per incident with
 * overdue subjects, those subjects (a *part*) instead of escalating them; when the last chunk is
 * done, the merge phase escalates each incident once over all of its parts, so its managers get
 * one mail per sweep however its items were cut (docs/decisions/0012-sweep-within-storage-quotas.md).
 */
import { z } from 'zod';
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import * as store from '../../adapters/ledger';
import { pushDelayed } from '../../adapters/queue';
import { readSettings } from '../../adapters/settings';
import {
  addPage,
  digestMails,
  emptyDigest,
  ledgerRecordKey,
  ledgerRecordKeysOf,
  ledgerView,
  marksByRecord,
  mergeMarks,
  notifyRequestBody,
  planEscalationPage,
  type LedgerRecord,
  type MarkWrite,
  type SweepItem,
  type SweepPlan,
  type SweepPostmortem,
} from '../../domain/sweep';
import { compactItems, expandItems } from './chunking';
import { addCounts, completeChunk } from './completion';
import { EscalationPart, MERGE_GROUPS_PER_EVENT, MERGE_UNITS_PER_MINUTE, MergeState, type ChunkEvent, type ChunkResult } from './events';
import { RUN_MARKER_TTL_DAYS, budgets, mergePackKey, mergePushKey, mergeStateKey, partKey } from './shell';

/**
 * Stores a chunk's deferred incidents' overdue subjects, one part per incident (plain sets), when
 * the chunk starts (part 0; a redelivery stores the same again); its continuations only list them.
 */
export async function writeParts(
  ev: Pick<ChunkEvent, 'runId' | 'chunk' | 'part'>,
  deferred: SweepPlan['deferred'],
  items: readonly SweepItem[],
  postmortems: readonly SweepPostmortem[],
): Promise<NonNullable<ChunkResult['deferred']>> {
  const out: NonNullable<ChunkResult['deferred']> = [];
  for (const { group, subjects } of deferred) {
    const keys = new Set(subjects);
    const part: EscalationPart = {
      ...compactItems(items.filter((i) => i.incidentKey === group && keys.has(i.key))),
      postmortems: postmortems.filter((p) => p.incidentKey === group && keys.has(p.incidentKey)),
    };
    if (ev.part === 0) await store.writeValue(partKey(ev.runId, group, ev.chunk), part, { ttlDays: RUN_MARKER_TTL_DAYS });
    out.push({ g: group, n: part.items.length + part.postmortems.length });
  }
  return out;
}

/** Chunk numbers as runs of consecutive numbers: `[0, 1, 2, 7]` → `[[0, 2], [7, 7]]`. */
export function chunkRuns(chunks: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(chunks)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = out.at(-1);
    if (last && last[1] === n - 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

export interface DeferredGroup {
  g: string;
  chunks: number[];
  /** Overdue subjects stored over all its parts. */
  n: number;
}

/** The deferred incidents of a run, from its chunks' results (in order of their first chunk). */
export function deferredGroups(results: Iterable<ChunkResult>): DeferredGroup[] {
  const byGroup = new Map<string, DeferredGroup>();
  for (const r of results) {
    for (const { g, n } of r.deferred ?? []) {
      const d = byGroup.get(g);
      if (d) {
        d.chunks.push(r.chunk);
        d.n += n;
      } else byGroup.set(g, { g, chunks: [r.chunk], n });
    }
  }
  return [...byGroup.values()].sort((a, b) => Math.min(...a.chunks) - Math.min(...b.chunks) || (a.g < b.g ? -1 : 1));
}

// ------------------------------------------------------------------ the merge phase, in pages

/** The merge phase's events: incidents packed by MERGE_GROUPS_PER_EVENT, run one after another. */
export function mergePacks(groups: readonly DeferredGroup[]): Array<NonNullable<ChunkEvent['merge']>['groups']> {
  const packs: Array<NonNullable<ChunkEvent['merge']>['groups']> = [];
  for (let i = 0; i < groups.length; i += MERGE_GROUPS_PER_EVENT) {
    packs.push(groups.slice(i, i + MERGE_GROUPS_PER_EVENT).map((d) => ({ g: d.g, c: chunkRuns(d.chunks) })));
  }
  return packs;
}

/** The first merge event is delayed this long: the chunks' last minute of storage use passes first. */
export const MERGE_START_DELAY_SECONDS = 60;

/**
 * Starts the merge phase: the incidents of the second and later merge events stored (one plain
 * set each), the first event pushed. The events run one after another (each pushes the next),
 * so their storage use is paced by one chain (./PROTOCOL.md, step 5).
 */
export async function pushMerge(base: Pick<ChunkEvent, 'runId' | 'today' | 'siteUrl'>, groups: readonly DeferredGroup[]): Promise<number> {
  const packs = mergePacks(groups);
  for (let k = 1; k < packs.length; k++)
    await store.writeValue(mergePackKey(base.runId, k), { groups: packs[k] }, { ttlDays: RUN_MARKER_TTL_DAYS });
  const first = packs[0];
  if (!first) return 0;
  const body: ChunkEvent = {
    kind: 'sweep-chunk',
    ...base,
    chunk: 0,
    chunks: packs.length,
    part: 0,
    items: [],
    postmortems: [],
    projects: {},
    merge: { groups: first },
  };
  await pushDelayed([{ body, delayInSeconds: MERGE_START_DELAY_SECONDS }]);
  return packs.length;
}

const MergePack = z.object({ groups: z.array(z.object({ g: z.string(), c: z.array(z.tuple([z.number(), z.number()])) })) });

/** Chunk numbers from runs: `[[0, 2], [7, 7]]` → `[0, 1, 2, 7]`. */
export function chunksOfRuns(runs: ReadonlyArray<readonly [number, number]>): number[] {
  const out: number[] = [];
  for (const [first, last] of runs) for (let n = first; n <= last; n++) out.push(n);
  return out;
}

function newState(): MergeState {
  return { v: 1, digest: emptyDigest(), next: 0, recorded: 0, sent: {}, reach: {}, leads: {}, missing: 0 };
}

/** Bytes a merge state may take (Forge stores at most 240 KB a value): listed lines are halved until it fits. */
export const MAX_STATE_BYTES = 200_000;

/** Keeps the state under MAX_STATE_BYTES by listing fewer lines (every line stays counted). */
export function fitState(state: MergeState): MergeState {
  for (let i = 0; i < 12 && Buffer.byteLength(JSON.stringify(state)) > MAX_STATE_BYTES; i++) {
    for (const r of Object.values(state.digest.readers)) {
      if (r.still.length > 0) r.still.splice(Math.floor(r.still.length / 2));
      else r.now.splice(Math.max(1, Math.floor(r.now.length / 2)));
    }
    addPage(state.digest, { shares: new Map(), postmortemUrl: null });
  }
  return state;
}

export interface MergeOutcome {
  status: 'done' | 'checkpoint';
  sent: number;
  failed: number;
}

/**
 * One merge invocation (./PROTOCOL.md, step 5): from where its event says, its incidents one after
 * another, each in three steps: *collect* (its parts one by one, each with the ledger records of
 * its items, planned as a page and added to the incident's digest), *send* (one mail per group of
 * readers with equal mails, each remembered in the incident's state right after it went out),
 * *record* (the parts again, the marks of each reader who got a mail written into the records
 * they belong to). After `budgets.mergeUnits` storage units (or its time budget) it stores where it
 * is and continues in an event delayed so that the phase uses at most MERGE_UNITS_PER_MINUTE.
 * The last event of the phase finishes the run.
 */
export async function mergeStep(ev: ChunkEvent, startedMs: number): Promise<MergeOutcome> {
  const merge = ev.merge;
  if (!merge) throw new Error('mergeStep needs a merge event');
  const carried = ev.carried ?? { counts: {}, failures: [], sent: [] };
  const { settings } = await readSettings();
  const counter: jira.CallCounter = { calls: 0 };
  const unitsAtStart = store.storageUnits();
  const used = () => {
    const now = store.storageUnits();
    return now.read - unitsAtStart.read + now.write - unitsAtStart.write;
  };
  const overBudget = () => used() >= budgets.mergeUnits || budgets.consumerMs - (clock.nowMs() - startedMs) <= 0;
  let counts = { ...carried.counts };
  const failures = [...carried.failures];
  let notes = [...(carried.notes ?? [])];
  const outcome: MergeOutcome = { status: 'done', sent: 0, failed: 0 };
  const secondTierAfter = Math.max(1, Math.trunc(settings.escalation.secondTierAfterDays));

  let { i, phase, k } = merge.at ?? { i: 0, phase: 'collect' as const, k: 0 };
  let progressed = false;

  /** Pushes the one event that goes on from here (claimed once: a redelivered invocation pushes nothing twice). */
  const pushNext = async (body: ChunkEvent): Promise<boolean> => {
    if (
      !(await store.claim(mergePushKey(ev.runId, ev.chunk, ev.part), { at: clock.now().toISOString() }, { ttlDays: RUN_MARKER_TTL_DAYS }))
    )
      return false;
    const dueMs = startedMs + (used() * 60_000) / MERGE_UNITS_PER_MINUTE;
    await pushDelayed([{ body, delayInSeconds: Math.max(0, Math.ceil((dueMs - clock.nowMs()) / 1000)) }]);
    return true;
  };
  const checkpoint = async (): Promise<MergeOutcome> => {
    const next: ChunkEvent = {
      ...ev,
      part: ev.part + 1,
      merge: { ...merge, at: { i, phase, k } },
      carried: {
        counts: addCounts(counts, { productCalls: counter.calls }),
        failures: failures.slice(0, 50),
        notes: notes.slice(0, 50),
        sent: [],
      },
    };
    await pushNext(next);
    return { ...outcome, status: 'checkpoint' };
  };

  for (; i < merge.groups.length; i++, phase = 'collect', k = 0) {
    const group = merge.groups[i];
    if (!group) break;
    const g = group.g;
    const chunks = chunksOfRuns(group.c);
    const stateKey = mergeStateKey(ev.runId, g);
    const state = (await store.readValue(stateKey, MergeState)) ?? newState();
    // The incident's own record (its postmortem's marks, and item marks of the layout before
    // buckets): read once an invocation, kept up to date by what this invocation writes.
    const incidentRecordKey = ledgerRecordKey(g);
    let incidentRecord: LedgerRecord | undefined;
    let incidentRecordRead = false;
    const recordsOf = async (items: readonly SweepItem[], postmortems: readonly SweepPostmortem[]) => {
      const keys = ledgerRecordKeysOf(items, postmortems);
      const others = keys.filter((key) => key !== incidentRecordKey);
      const records = new Map<string, LedgerRecord>(await store.readRecords(others));
      if (!incidentRecordRead) {
        incidentRecord = (await store.readRecords([incidentRecordKey])).get(incidentRecordKey);
        incidentRecordRead = true;
      }
      if (incidentRecord) records.set(incidentRecordKey, incidentRecord);
      return records;
    };
    /** A page planned with the reach and leads looked up so far (and looked up when it needs more). */
    const planPage = async (items: SweepItem[], postmortems: SweepPostmortem[], records: Map<string, LedgerRecord>) => {
      const ledger = ledgerView(records.values());
      const input = () => ({
        items,
        postmortems,
        settings,
        today: ev.today,
        ledger,
        projects: { ...state.leads },
        siteUrl: ev.siteUrl,
        reach: { reach: (a: string, issue: string) => state.reach[`${a}\n${issue}`] },
      });
      let page = planEscalationPage(input(), g);
      for (let round = 0; round < 4 && (page.reachNeeded.length > 0 || page.leadsNeeded.length > 0); round++) {
        if (page.leadsNeeded.length > 0) {
          const leads = await jira.sweepProjectLeads(counter, page.leadsNeeded);
          for (const p of page.leadsNeeded) state.leads[p] = leads[p] ?? { leadAccountId: null };
        }
        for (const { accountId, issueKey } of page.reachNeeded)
          state.reach[`${accountId}\n${issueKey}`] = await jira.sweepUserReach(counter, accountId, issueKey);
        page = planEscalationPage(input(), g);
      }
      return page;
    };
    const readPart = async (chunk: number) => {
      const part = await store.readValue(partKey(ev.runId, g, chunk), EscalationPart);
      return part ? { items: expandItems(part), postmortems: part.postmortems } : undefined;
    };
    const save = () => store.writeValue(stateKey, fitState(state), { ttlDays: RUN_MARKER_TTL_DAYS });

    if (phase === 'collect') {
      for (k = Math.max(k, state.next); k < chunks.length; k++) {
        if (progressed && overBudget()) {
          await save();
          return checkpoint();
        }
        progressed = true;
        const part = await readPart(chunks[k] ?? 0);
        state.next = k + 1;
        if (!part) {
          state.missing++;
          continue;
        }
        const page = await planPage(part.items, part.postmortems, await recordsOf(part.items, part.postmortems));
        addPage(state.digest, page);
        counts = addCounts(counts, { unreachable: page.stats.unreachable, skipped: page.skipped.length });
        notes = [...new Map([...notes, ...page.notes].map((n) => [`${n.issueKey}\n${n.message}`, n])).values()].slice(0, 50);
      }
      await save();
      phase = 'send';
      k = 0;
    }

    if (phase === 'send') {
      for (const n of digestMails(state.digest, g, ev.siteUrl, secondTierAfter)) {
        if (state.sent[n.id]) continue;
        if (progressed && overBudget()) return checkpoint();
        progressed = true;
        const r = await jira.notifyIssue(counter, n.issueKey, { ...notifyRequestBody(n) });
        if (!r.ok) {
          outcome.failed++;
          failures.push({ issueKey: g, notificationId: n.id.slice(0, 300), status: r.status, message: r.message.slice(0, 500) });
          counts = addCounts(counts, { failures: 1 });
          continue;
        }
        outcome.sent++;
        counts = addCounts(counts, { escalations: 1, ...(n.rerouted ? { rerouted: 1 } : {}) });
        state.sent[n.id] = n.recipients;
        await save();
      }
      if (state.missing > 0) {
        failures.push({
          message: `${state.missing} stored part(s) of ${g}'s overdue items could not be read; their items are escalated by the next sweep.`,
        });
        counts = addCounts(counts, { failures: 1 });
      }
      phase = 'record';
      k = 0;
    }

    const mailed = new Set(Object.values(state.sent).flat());
    if (mailed.size === 0) continue;
    for (k = Math.max(k, state.recorded); k < chunks.length; k++) {
      if (progressed && overBudget()) {
        await save();
        return checkpoint();
      }
      progressed = true;
      const part = await readPart(chunks[k] ?? 0);
      state.recorded = k + 1;
      if (!part) continue;
      const records = await recordsOf(part.items, part.postmortems);
      const page = await planPage(part.items, part.postmortems, records);
      const writes: MarkWrite[] = [];
      for (const [reader, share] of page.shares) {
        if (!mailed.has(reader)) continue;
        for (const key of share.settles) writes.push({ key, to: [reader], on: ev.today });
      }
      for (const [key, some] of marksByRecord(g, writes)) {
        const next = mergeMarks(records.get(key), some, ev.today);
        await store.writeRecord(key, next);
        if (key === incidentRecordKey) incidentRecord = next;
      }
    }
    await save();
  }

  // Every incident of this event is done: the next event of the phase, then this one's ticket.
  const nextPack = ev.chunk + 1 < ev.chunks ? await store.readValue(mergePackKey(ev.runId, ev.chunk + 1), MergePack) : undefined;
  if (nextPack) {
    const body: ChunkEvent = {
      ...ev,
      chunk: ev.chunk + 1,
      part: 0,
      merge: { groups: nextPack.groups as NonNullable<ChunkEvent['merge']>['groups'] },
    };
    delete body.carried;
    if (!(await pushNext(body))) return outcome;
  } else if (ev.chunk + 1 < ev.chunks) {
    failures.push({
      message: `The incidents of merge event ${ev.chunk + 2} of ${ev.chunks} could not be read; they are escalated by the next sweep.`,
    });
    counts = addCounts(counts, { failures: 1 });
  }
  await completeChunk(ev, addCounts(counts, { productCalls: counter.calls }), failures, notes);
  return outcome;
}
