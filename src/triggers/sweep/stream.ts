/**
 * Step 2, fan-out as the scan pages (./PROTOCOL.md): each page's subjects go into a buffer of at
 * most FLUSH_SUBJECTS (plus the incident still open at its end); a full buffer becomes chunk
 * events at once, pushed as full pushes. Each chunk is paced: delayed so that the storage calls
 * chunks may make stay under STORAGE_CALLS_PER_MINUTE; a scan that runs more than MAX_LEAD_MS
 * ahead of its chunks stops and continues in a delayed scan event
 * (docs/decisions/0012-sweep-within-storage-quotas.md).
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import * as store from '../../adapters/ledger';
import { pushDelayed } from '../../adapters/queue';
import { ledgerRecordKeysOf, type SweepSelection } from '../../domain/sweep';
import { chunkEvents, packPushes } from './chunking';
import { FLUSH_SUBJECTS, MAX_LEAD_MS, STORAGE_CALLS_PER_MINUTE, type ChunkEvent, type RunTotal, type ScanEvent } from './events';
import { scanSegment, verifiedPostmortems, type RecordCheck, type SweepSubjects, type WaiverCheck } from './scan';
import { RUN_MARKER_TTL_DAYS, totalKey } from './shell';

/** Platform time one storage call is given by the pacing. */
const MS_PER_CALL = 60_000 / STORAGE_CALLS_PER_MINUTE;

/**
 * The storage calls a chunk may make, at most: its markers and lease (8), one read per ledger
 * record, and per subject that may get a mail a re-read and a write of its record, plus, per
 * incident with overdue items, an escalation's re-read and write of each record it touches (or,
 * in a run of several chunks, the write of its part for the merge phase, which paces its own).
 */
export function chunkCost(ev: Pick<ChunkEvent, 'items' | 'postmortems' | 'today'>): number {
  const records = ledgerRecordKeysOf(ev.items, ev.postmortems).length;
  const mailable = ev.items.filter((i) => i.dueDate === null || i.dueDate >= ev.today).length + ev.postmortems.length;
  return 8 + 3 * records + 2 * mailable;
}

/** The seconds to delay an event due at platform time `dueMs` (0 when due now). */
export function delayFor(dueMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((dueMs - nowMs) / 1000));
}

/** Splits a buffer: what can be cut into chunks now, and the incident still open at its end (carried on). */
export function splitOpenGroup(buffer: SweepSubjects): { ready: SweepSubjects; carry: SweepSubjects } {
  const last = buffer.items.at(-1);
  if (!last) return { ready: buffer, carry: { items: [], postmortems: [] } };
  const open = last.incidentKey ?? last.key;
  const inOpen = (g: string) => g === open;
  const carry = {
    items: buffer.items.filter((i) => inOpen(i.incidentKey ?? i.key)),
    postmortems: buffer.postmortems.filter((p) => inOpen(p.incidentKey)),
  };
  if (carry.items.length + carry.postmortems.length >= FLUSH_SUBJECTS) return { ready: buffer, carry: { items: [], postmortems: [] } };
  return {
    ready: {
      items: buffer.items.filter((i) => !inOpen(i.incidentKey ?? i.key)),
      postmortems: buffer.postmortems.filter((p) => !inOpen(p.incidentKey)),
    },
    carry,
  };
}

export interface StreamStart {
  runId: string;
  today: string;
  jql: string;
  siteUrl: string;
  /** 0 for the trigger, 1, 2, … for scan events. */
  segment: number;
  /** Chunks pushed by earlier segments. */
  chunkBase: number;
  /** Platform time at which the next chunk is due. */
  paceMs: number;
  startToken: string | undefined;
  startedMs: number;
  selection: SweepSelection;
  /** Proves Won't Do approvals (the app's seal key, read once by the invocation). */
  waived: WaiverCheck;
  /** Proves incidents' postmortem records (the same key, docs/decisions/0017-postmortem-record-sealed.md). */
  recorded: RecordCheck;
  counter: jira.CallCounter;
  /** Called right before the segment's last push (its result is stored there, before anything can finish the run). */
  beforeLastPush?(out: StreamOutcome): Promise<void>;
}

export interface StreamOutcome {
  /** Chunks this segment cut (and pushed, unless it failed). */
  chunks: number;
  /** Chunks this segment pushed: the first `pushedChunks` of its numbers (a failed segment's total). */
  pushedChunks: number;
  subjects: number;
  siteUrl: string;
  /** The scan event that continues the search (already pushed), undefined when it ended here. */
  next: ScanEvent | undefined;
  /** Set when the search ended here: the run's total, stored before the last chunks went out. */
  total: RunTotal | undefined;
  /** Chunks of the last cut (when the search ended here): none means no chunk knows it finishes the run. */
  finalChunks: number;
  pushed: boolean;
}

export function newOutcome(): StreamOutcome {
  return { chunks: 0, pushedChunks: 0, subjects: 0, siteUrl: '', next: undefined, total: undefined, finalChunks: 0, pushed: false };
}

/**
 * Pages one segment of the search, fanning out as it goes; pushes the next scan event when it
 * stops early. `out` shows how far it got, also when it throws.
 */
export async function streamSegment(s: StreamStart, out: StreamOutcome = newOutcome()): Promise<StreamOutcome> {
  let buffer: SweepSubjects = { items: [], postmortems: [] };
  let siteUrl = s.siteUrl;
  let chunkBase = s.chunkBase;
  let paceMs = Math.max(s.paceMs, clock.nowMs());
  let pending: Array<{ body: ChunkEvent; delayInSeconds: number }> = [];
  out.siteUrl = siteUrl;

  const push = async (all: boolean) => {
    const pushes = packPushes(pending);
    pending = all ? [] : (pushes.pop() ?? []);
    for (const p of pushes) {
      await pushDelayed(p);
      out.pushed = true;
      out.pushedChunks += p.length;
    }
  };
  const cut = async (part: SweepSubjects, final: boolean) => {
    if (part.items.length + part.postmortems.length === 0) return;
    const postmortems = await verifiedPostmortems(s.counter, part.postmortems, siteUrl || undefined);
    const place = final ? { chunkBase, final: true, segments: s.segment + 1 } : { chunkBase, final: false };
    const events = chunkEvents(
      { items: part.items, postmortems },
      { runId: s.runId, today: s.today, siteUrl, projects: {} },
      undefined,
      undefined,
      place,
    );
    const now = clock.nowMs();
    for (const body of events) {
      pending.push({ body, delayInSeconds: delayFor(paceMs, now) });
      paceMs += chunkCost(body) * MS_PER_CALL;
    }
    chunkBase += events.length;
    out.chunks += events.length;
  };

  const scan = await scanSegment(
    s.counter,
    s.selection,
    s.jql,
    s.startToken,
    s.startedMs,
    async (some, url) => {
      siteUrl ||= url ?? '';
      out.subjects += some.items.length + some.postmortems.length;
      buffer.items.push(...some.items);
      buffer.postmortems.push(...some.postmortems);
      if (buffer.items.length + buffer.postmortems.length < FLUSH_SUBJECTS) return;
      const { ready, carry } = splitOpenGroup(buffer);
      buffer = carry;
      await cut(ready, false);
      await push(false);
    },
    // Far ahead of its chunks: stop, and continue in a delayed scan event.
    () => paceMs - clock.nowMs() > MAX_LEAD_MS,
    s.waived,
    s.recorded,
  );
  out.siteUrl = siteUrl;

  if (!scan.nextPageToken) {
    const before = chunkBase;
    await cut(buffer, true);
    out.finalChunks = chunkBase - before;
    // The total first, then the last chunks: a chunk that completes the run finds it.
    out.total = { chunks: chunkBase, segments: s.segment + 1 };
    if (chunkBase > 0) await store.writeValue(totalKey(s.runId), out.total, { ttlDays: RUN_MARKER_TTL_DAYS });
    await s.beforeLastPush?.(out);
    await push(true);
    return out;
  }
  await cut(buffer, false);
  await push(true);
  out.next = {
    kind: 'sweep-scan',
    runId: s.runId,
    today: s.today,
    siteUrl,
    jql: s.jql,
    nextPageToken: scan.nextPageToken,
    segment: s.segment + 1,
    chunkBase,
    paceMs: Math.round(paceMs),
  };
  await s.beforeLastPush?.(out);
  await pushDelayed([{ body: out.next, delayInSeconds: delayFor(paceMs - MAX_LEAD_MS / 2, clock.nowMs()) }]);
  out.pushed = true;
  return out;
}
