/**
 * Steps 1–2 as invocations: the trigger (segment 0) and each scan event (segment 1, 2, …) page the
 * search and fan out as they go (./stream.ts), and record the run (./PROTOCOL.md).
 */
import { randomUUID } from 'node:crypto';
import * as clock from '../../adapters/clock';
import { incidentTracking } from '../../adapters/install-day';
import * as jira from '../../adapters/jira';
import * as store from '../../adapters/ledger';
import { readSettings } from '../../adapters/settings';
import * as runs from '../../adapters/sweep-runs';
import { readSealCheck } from '../../adapters/waivers';
import { todayIn } from '../../domain/dates';
import { addToRun, finishRun, startRun, sweepSelection } from '../../domain/sweep';
import { provenPostmortem } from '../../domain/postmortem';
import { provenApproval } from '../../domain/waivers';
import { finishRunFrom } from './completion';
import type { RunTotal, ScanEvent, ScanResult } from './events';
import { sweepJql } from './scan';
import { newOutcome, streamSegment, type StreamOutcome } from './stream';
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

export { chunkEvents, packPushes } from './chunking';

/** Stores a segment's counters (the run summary adds them when the run finishes). */
async function writeSegment(runId: string, result: ScanResult): Promise<void> {
  await store.writeValue(scanKey(runId, result.segment), result, { ttlDays: RUN_MARKER_TTL_DAYS });
}

function segmentResult(segment: number, o: StreamOutcome, counter: jira.CallCounter): ScanResult {
  return { segment, chunks: o.chunks, final: o.total !== undefined, counts: { productCalls: counter.calls }, failures: [] };
}

/**
 * The day's sweep: select, fan out through the queue, record the run. Runs with no user, started
 * by the hourly trigger at the send hour (./send-hour.ts, which hands over its settings read) or
 * by the same-day retry (./retry.ts).
 */
export async function sweepTrigger(read: typeof readSettings = readSettings): Promise<SweepTriggerResult> {
  const startedAt = clock.now();
  const startedMs = clock.nowMs();
  const runId = `${startedAt.toISOString()}-${randomUUID().slice(0, 8)}`;
  let settings;
  try {
    ({ settings } = await read());
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
  const out = newOutcome();
  try {
    const selection = sweepSelection(settings, today, await incidentTracking(settings, today));
    const jql = sweepJql(selection);
    const seals = await readSealCheck();
    await streamSegment(
      {
        runId,
        today,
        jql,
        siteUrl: '',
        segment: 0,
        chunkBase: 0,
        paceMs: startedMs,
        startToken: undefined,
        startedMs,
        selection,
        waived: (id, raw) => provenApproval(id, raw, seals) !== undefined,
        recorded: (id, raw) => provenPostmortem(id, raw, seals),
        counter,
        // The trigger's product calls, stored as segment 0 before anything can finish the run.
        beforeLastPush: (o) => writeSegment(runId, segmentResult(0, o, counter)),
      },
      out,
    );
    run = addToRun(run, { productCalls: counter.calls });
    if (out.total && out.total.chunks === 0) {
      run = finishRun(run, clock.now().toISOString());
      await runs.writeRun(run);
      await store.deleteValue(LEASE_KEY);
      return { status: 'completed', runId, today, chunks: 0, subjects: out.subjects, productCalls: counter.calls };
    }
    if (out.total && out.finalChunks === 0 && (await store.exists(ticketKey(runId, out.total.chunks)))) {
      await finishRunFrom(runId, today, out.total, true);
    }
    return { status: 'started', runId, today, chunks: out.chunks, subjects: out.subjects, productCalls: counter.calls };
  } catch (e) {
    console.error('sweep-trigger failed:', message(e));
    run = finishRun(addToRun(run, { productCalls: counter.calls }), clock.now().toISOString(), message(e));
    await runs.writeRun(run);
    // Chunks already pushed still run, need the lease and finish the run (their total is stored);
    // otherwise free the lease for the next sweep.
    if (!out.pushed) await store.deleteValue(LEASE_KEY);
    else if (!out.total && !out.next) {
      const total: RunTotal = { chunks: out.pushedChunks, segments: 1 };
      await store.writeValue(totalKey(runId), total, { ttlDays: RUN_MARKER_TTL_DAYS }).catch(() => undefined);
    }
    return { status: 'failed', runId, today, chunks: out.pushedChunks, subjects: 0, productCalls: counter.calls, error: message(e) };
  }
}

/**
 * One scan segment (1, 2, …): pages on from the token under its own budget, fanning out as it
 * goes, and, unless the search ended, pushes the next scan event. It is claimed once under its
 * segment key before it pushes anything (a redelivered segment pushes nothing twice); its counters
 * are stored there when it ends. The last segment stores the run's chunk total before its last
 * chunks go out.
 */
export async function sweepScan(ev: ScanEvent, startedMs: number): Promise<SweepChunkResult> {
  const counter: jira.CallCounter = { calls: 0 };
  const base = { runId: ev.runId, today: ev.today, segment: ev.segment };
  if (!(await store.claim(scanKey(ev.runId, ev.segment), { started: clock.now().toISOString() }, { ttlDays: RUN_MARKER_TTL_DAYS }))) {
    // A redelivery after this segment already started pushing: what it pushed runs; nothing twice.
    console.log(`sweep-consumer: segment ${ev.segment} of run ${ev.runId} was already scanned.`);
    return { status: 'scan-repeated', ...base, chunks: 0, final: true };
  }
  const out = newOutcome();
  let streamed = false;
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
      const seals = await readSealCheck();
      await streamSegment(
        {
          runId: ev.runId,
          today: ev.today,
          jql: ev.jql,
          siteUrl: ev.siteUrl,
          segment: ev.segment,
          chunkBase: ev.chunkBase,
          paceMs: ev.paceMs ?? clock.nowMs(),
          startToken: ev.nextPageToken,
          startedMs,
          selection: sweepSelection(settings, ev.today, await incidentTracking(settings, ev.today)),
          waived: (id, raw) => provenApproval(id, raw, seals) !== undefined,
          recorded: (id, raw) => provenPostmortem(id, raw, seals),
          counter,
          beforeLastPush: (o) => writeSegment(ev.runId, segmentResult(ev.segment, o, counter)),
        },
        out,
      );
      streamed = true;
    } catch (e) {
      // The search (after the adapter's retries) failed: the run ends with what it pushed.
      console.error('sweep-consumer: scan segment failed:', message(e));
      failures = [
        {
          message: `The search failed at segment ${ev.segment + 1} (${message(e).slice(0, 300)}); the items not reached are swept next time.`,
        },
      ];
    }
  }
  const chunks = streamed ? out.chunks : out.pushedChunks;
  // A segment that failed ends the search: the chunks pushed so far are the run's.
  const total: RunTotal | undefined = streamed ? out.total : { chunks: ev.chunkBase + chunks, segments: ev.segment + 1 };
  const result: ScanResult = {
    segment: ev.segment,
    chunks,
    final: total !== undefined,
    counts: { productCalls: counter.calls, failures: failures.length },
    failures,
  };
  // A segment that streamed stored its result before its last push; otherwise it is stored now.
  if (!streamed) await writeSegment(ev.runId, result);
  if (total) {
    if (!streamed) await store.writeValue(totalKey(ev.runId), total, { ttlDays: RUN_MARKER_TTL_DAYS });
    // No chunk of this segment will finish the run: it is complete when every earlier chunk is.
    const lastCut = streamed ? out.finalChunks : 0;
    if (lastCut === 0 && (total.chunks === 0 || (await store.exists(ticketKey(ev.runId, total.chunks))))) {
      await finishRunFrom(ev.runId, ev.today, total, true);
    }
  }
  return { status: failures.length > 0 ? 'scan-stopped' : 'scanned', ...base, chunks, final: total !== undefined };
}
