/**
 * Cutting subjects into chunk events (an incident's items together, each body under the event size
 * limit) and packing events into pushes (./PROTOCOL.md, step 2).
 */
import { chunkSweepWork, type SweepItem, type SweepPostmortem } from '../../domain/sweep';
import {
  MAX_EVENTS_PER_PUSH,
  MAX_EVENT_BYTES,
  MAX_PUSH_BYTES,
  MAX_SUBJECTS_PER_CHUNK,
  type ChunkEvent,
  type SegmentPlace,
  type WireItem,
} from './events';
import type { SweepSubjects } from './scan';

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

type Person = NonNullable<SweepItem['assignee']>;

/** Items with each person written once (`people`, referred to by index), and nulls left out. */
export function compactItems(items: readonly SweepItem[]): { people?: Person[]; items: WireItem[] } {
  const people: Person[] = [];
  const index = new Map<string, number>();
  const ref = (p: Person | null): number | null => {
    if (!p) return null;
    const id = `${p.accountId}\n${p.displayName}`;
    let i = index.get(id);
    if (i === undefined) {
      i = people.length;
      people.push({ accountId: p.accountId, displayName: p.displayName });
      index.set(id, i);
    }
    return i;
  };
  const out = items.map(({ pageUrl, pageId, priority, ...rest }) => ({
    ...rest,
    assignee: ref(rest.assignee),
    reporter: ref(rest.reporter),
    ...(pageUrl ? { pageUrl } : {}),
    ...(pageId ? { pageId } : {}),
    ...(priority ? { priority } : {}),
  }));
  return people.length > 0 ? { people, items: out } : { items: out };
}

/** The planner's items from a chunk event (people looked up by index). */
export function expandItems(ev: Pick<ChunkEvent, 'people' | 'items'>): SweepItem[] {
  const person = (p: WireItem['assignee']): Person | null => (typeof p === 'number' ? (ev.people?.[p] ?? null) : p);
  return ev.items.map((i) => ({ ...i, assignee: person(i.assignee), reporter: person(i.reporter) }));
}

/**
 * Chunk bodies for a run: incidents kept whole (`chunkSweepWork`), then any body over
 * MAX_EVENT_BYTES halved (only an incident with hundreds of items gets there; its managers may
 * then get two mails for it in one sweep, never a stage twice). Items are written compactly
 * (`compactItems`); every chunk re-reads a ledger record before writing it, so chunks sharing an
 * incident need no marking.
 */
export function chunkEvents(
  subjects: SweepSubjects,
  base: Pick<ChunkEvent, 'runId' | 'today' | 'siteUrl' | 'projects'>,
  maxSubjects = MAX_SUBJECTS_PER_CHUNK,
  maxBytes = MAX_EVENT_BYTES,
  segment: SegmentPlace = { chunkBase: 0, final: true },
): ChunkEvent[] {
  const parts: Array<{ items: SweepItem[]; postmortems: SweepPostmortem[] }> = [];
  const fit = (c: { items: SweepItem[]; postmortems: SweepPostmortem[] }) => {
    const size = bytes({ ...base, ...compactItems(c.items), postmortems: c.postmortems }) + 200;
    if (size <= maxBytes || c.items.length + c.postmortems.length <= 1) {
      parts.push(c);
      return;
    }
    if (c.items.length > 1) {
      const half = Math.ceil(c.items.length / 2);
      fit({ items: c.items.slice(0, half), postmortems: c.postmortems });
      fit({ items: c.items.slice(half), postmortems: [] });
    } else {
      fit({ items: c.items, postmortems: [] });
      for (const pm of c.postmortems) fit({ items: [], postmortems: [pm] });
    }
  };
  for (const c of chunkSweepWork(subjects.items, subjects.postmortems, maxSubjects)) fit(c);
  const chunks = segment.chunkBase + parts.length;
  return parts.map((c, i) => ({
    kind: 'sweep-chunk',
    ...base,
    chunk: segment.chunkBase + i,
    chunks,
    part: 0,
    ...(segment.final ? {} : { final: false }),
    ...(segment.final && segment.segments !== undefined && segment.segments > 1 ? { segments: segment.segments } : {}),
    ...compactItems(c.items),
    postmortems: c.postmortems,
  }));
}

/** Groups event bodies into pushes of at most `maxEvents` events and `maxBytes` bytes. */
export function packPushes<T>(bodies: readonly T[], maxEvents = MAX_EVENTS_PER_PUSH, maxBytes = MAX_PUSH_BYTES): T[][] {
  const pushes: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const body of bodies) {
    const b = bytes({ body }) + 1;
    if (current.length > 0 && (current.length >= maxEvents || size + b > maxBytes)) {
      pushes.push(current);
      current = [];
      size = 2;
    }
    current.push(body);
    size += b;
  }
  if (current.length > 0) pushes.push(current);
  return pushes;
}
