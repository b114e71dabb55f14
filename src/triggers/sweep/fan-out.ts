/**
 * Step 2, fan-out: the trigger (and each scan segment) cuts its subjects into chunk events (an
 * incident's items together, each body under the size limit) and packs them into pushes
 * (./PROTOCOL.md).
 */
import { randomUUID } from 'node:crypto';
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import * as store from '../../adapters/ledger';
import { pushAll } from '../../adapters/queue';
import { readSettings } from '../../adapters/settings';
import * as runs from '../../adapters/sweep-runs';
import { todayIn } from '../../domain/dates';
import { addToRun, chunkSweepWork, finishRun, startRun, sweepSelection, type SweepItem, type SweepPostmortem } from '../../domain/sweep';
import { finishRunFrom } from './completion';
import {
  MAX_EVENTS_PER_PUSH,
  MAX_EVENT_BYTES,
  MAX_PUSH_BYTES,
  MAX_SUBJECTS_PER_CHUNK,
  type ChunkEvent,
  type RunTotal,
  type ScanEvent,
  type ScanResult,
  type SegmentPlace,
} from './events';
import { nextScan, scanSegment, sweepJql, type SweepSubjects } from './scan';
import {
  LEASE_KEY,
  LEASE_TTL_SECONDS,
  RUN_MARKER_TTL_DAYS,
  holdsLease,
  message,
  recordNewRun,
  scanKey,
  ticketKey,
  totalKey,
  type SweepChunkResult,
  type SweepTriggerResult,
} from './shell';

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/**
 * Chunk bodies for a run: incidents kept whole (`chunkSweepWork`), then any body over
 * MAX_EVENT_BYTES halved (only an incident with hundreds of long items gets there; its
 * managers may then get two mails for it in one sweep, never a stage twice).
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
    const size = bytes({ ...base, items: c.items, postmortems: c.postmortems }) + 200;
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
  // A group split over several chunks (only a huge incident) has concurrent writers of its record.
  const seen = new Map<string, number>();
  for (const c of parts) {
    const groups = new Set([...c.items.map((i) => i.incidentKey ?? i.key), ...c.postmortems.map((p) => p.incidentKey)]);
    for (const g of groups) seen.set(g, (seen.get(g) ?? 0) + 1);
  }
  const shared = [...seen].filter(([, n]) => n > 1).map(([g]) => g);
  return parts.map((c, i) => ({
    kind: 'sweep-chunk',
    ...base,
    chunk: segment.chunkBase + i,
    chunks,
    part: 0,
    ...(segment.final ? {} : { final: false }),
    ...(segment.final && segment.segments !== undefined && segment.segments > 1 ? { segments: segment.segments } : {}),
    items: c.items,
    postmortems: c.postmortems,
    ...(shared.length > 0
      ? {
          sharedGroups: shared.filter(
            (g) => c.items.some((i) => (i.incidentKey ?? i.key) === g) || c.postmortems.some((p) => p.incidentKey === g),
          ),
        }
      : {}),
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
    const failed = finishRun(
      startRun(runId, startedAt.toISOString(), utcToday),
      clock.now().toISOString(),
      `The settings could not be read (${message(e).slice(0, 300)}); the sweep is tried again within the hour.`,
    );
    await recordNewRun(failed).catch((err: unknown) =>
      console.error('sweep-trigger: could not record the failed run either:', message(err)),
    );
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
    return {
      status: 'started',
      runId,
      today,
      chunks: events.length,
      subjects: scan.subjects.items.length + scan.subjects.postmortems.length,
      productCalls: counter.calls,
    };
  } catch (e) {
    console.error('sweep-trigger failed:', message(e));
    run = finishRun(addToRun(run, { productCalls: counter.calls }), clock.now().toISOString(), message(e));
    await runs.writeRun(run);
    // Chunks already pushed still run and need the lease; otherwise free it for the next sweep.
    if (!pushed) await store.deleteValue(LEASE_KEY);
    return { status: 'failed', runId, today, chunks: 0, subjects: 0, productCalls: counter.calls, error: message(e) };
  }
}

/**
 * One scan segment (1, 2, …): pages on from the token under its own budget, fans out its chunks
 * and, unless the search ended, the next scan event. Its counters are stored once under its
 * segment key (claimed before anything is pushed, so a redelivered segment pushes nothing twice).
 * The last segment stores the run's chunk total before its chunks go out.
 */
export async function sweepScan(ev: ScanEvent, startedMs: number): Promise<SweepChunkResult> {
  const counter: jira.CallCounter = { calls: 0 };
  const base = { runId: ev.runId, today: ev.today, segment: ev.segment };
  let events: ChunkEvent[] = [];
  let next: ScanEvent | undefined;
  let failures: ScanResult['failures'] = [];
  if (!(await holdsLease(ev.runId))) {
    failures = [
      {
        message: `The search stopped at segment ${ev.segment + 1}: the run lost its lease to a newer sweep; the items not reached are swept next time.`,
      },
    ];
  } else {
    try {
      const { settings } = await readSettings();
      const selection = sweepSelection(settings, ev.today);
      const scan = await scanSegment(counter, selection, ev.jql, ev.nextPageToken, startedMs);
      next = nextScan(ev, scan, 0);
      events = segmentChunks(
        scan.subjects,
        { runId: ev.runId, today: ev.today, siteUrl: ev.siteUrl || (scan.siteUrl ?? '') },
        { chunkBase: ev.chunkBase, final: next === undefined, segments: ev.segment + 1 },
      );
      if (next) next = { ...next, chunkBase: ev.chunkBase + events.length };
    } catch (e) {
      // The search (after the adapter's retries) or the lead lookup failed: the run ends with what it pushed.
      console.error('sweep-consumer: scan segment failed:', message(e));
      events = [];
      next = undefined;
      failures = [
        {
          message: `The search failed at segment ${ev.segment + 1} (${message(e).slice(0, 300)}); the items not reached are swept next time.`,
        },
      ];
    }
  }
  const final = next === undefined;
  const result: ScanResult = {
    segment: ev.segment,
    chunks: events.length,
    final,
    counts: { productCalls: counter.calls, failures: failures.length },
    failures,
  };
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
