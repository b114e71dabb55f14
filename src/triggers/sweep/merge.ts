/**
 * Step 5, merge (./PROTOCOL.md): in a run of several chunks, each chunk stores, per incident with
 * overdue subjects, those subjects (a *part*) instead of escalating them; when the last chunk is
 * done, the merge phase escalates each incident once over all of its parts, so its managers get
 * one mail per sweep however its items were cut (docs/decisions/0012-sweep-within-storage-quotas.md).
 */
import * as clock from '../../adapters/clock';
import * as store from '../../adapters/ledger';
import { pushDelayed } from '../../adapters/queue';
import { ITEMS_PER_BUCKET, type SweepItem, type SweepPlan, type SweepPostmortem } from '../../domain/sweep';
import { compactItems, expandItems, packPushes } from './chunking';
import {
  EscalationPart,
  MERGE_CALLS_PER_EVENT,
  MERGE_GROUPS_PER_EVENT,
  STORAGE_CALLS_PER_MINUTE,
  type ChunkEvent,
  type ChunkResult,
} from './events';
import { RUN_MARKER_TTL_DAYS, partKey } from './shell';

const MS_PER_CALL = 60_000 / STORAGE_CALLS_PER_MINUTE;

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

/** A merge event's subjects: every part of each of its incidents (one plain get each). */
export async function readParts(
  ev: Pick<ChunkEvent, 'runId' | 'merge'>,
): Promise<{ items: SweepItem[]; postmortems: SweepPostmortem[]; missing: number }> {
  const items: SweepItem[] = [];
  const postmortems = new Map<string, SweepPostmortem>();
  let missing = 0;
  for (const { g, c } of ev.merge?.groups ?? []) {
    for (const [first, last] of c) {
      for (let chunk = first; chunk <= last; chunk++) {
        const part = await store.readValue(partKey(ev.runId, g, chunk), EscalationPart);
        if (!part) {
          missing++;
          continue;
        }
        for (const i of expandItems(part)) items.push(i);
        for (const p of part.postmortems) postmortems.set(p.incidentKey, p);
      }
    }
  }
  return { items, postmortems: [...postmortems.values()], missing };
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

/**
 * The storage calls escalating one incident may make: a read per part, and per ledger record (its
 * own and a bucket per ITEMS_PER_BUCKET items, at least) a read, then a re-read and a write for
 * each of up to three mails (managers, second tier, a rerouted reader).
 */
export function mergeCost(d: Pick<DeferredGroup, 'chunks' | 'n'>): number {
  const records = 1 + Math.ceil(d.n / ITEMS_PER_BUCKET);
  return d.chunks.length + records * 7;
}

/** The merge phase's events: incidents packed by MERGE_GROUPS_PER_EVENT and MERGE_CALLS_PER_EVENT. */
export function mergeEvents(
  base: Pick<ChunkEvent, 'runId' | 'today' | 'siteUrl'>,
  groups: readonly DeferredGroup[],
): Array<{ body: ChunkEvent; cost: number }> {
  const packs: Array<{ groups: DeferredGroup[]; cost: number }> = [];
  let current: { groups: DeferredGroup[]; cost: number } = { groups: [], cost: 8 };
  for (const d of groups) {
    const cost = mergeCost(d);
    if (current.groups.length > 0 && (current.groups.length >= MERGE_GROUPS_PER_EVENT || current.cost + cost > MERGE_CALLS_PER_EVENT)) {
      packs.push(current);
      current = { groups: [], cost: 8 };
    }
    current.groups.push(d);
    current.cost += cost;
  }
  if (current.groups.length > 0) packs.push(current);
  return packs.map((p, i) => ({
    cost: p.cost,
    body: {
      kind: 'sweep-chunk',
      ...base,
      chunk: i,
      chunks: packs.length,
      part: 0,
      items: [],
      postmortems: [],
      projects: {},
      merge: { groups: p.groups.map((d) => ({ g: d.g, c: chunkRuns(d.chunks) })) },
    },
  }));
}

/** Pushes the merge phase's events, each delayed so their storage calls stay within STORAGE_CALLS_PER_MINUTE. */
export async function pushMerge(base: Pick<ChunkEvent, 'runId' | 'today' | 'siteUrl'>, groups: readonly DeferredGroup[]): Promise<number> {
  const events = mergeEvents(base, groups);
  const now = clock.nowMs();
  let dueMs = now;
  const paced = events.map(({ body, cost }) => {
    const delayInSeconds = Math.max(0, Math.ceil((dueMs - now) / 1000));
    dueMs += cost * MS_PER_CALL;
    return { body, delayInSeconds };
  });
  for (const push of packPushes(paced)) await pushDelayed(push);
  return events.length;
}
