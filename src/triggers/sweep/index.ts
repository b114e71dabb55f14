/**
 * The daily sweep (manifest `scheduledTrigger` postmortem-sweep → function `sweep-trigger`, hourly,
 * starting the day's sweep at the settings' send hour: ./send-hour.ts), its
 * hourly same-day retry (`postmortem-sweep-retry` → `sweep-retry`) and its queue consumer
 * (`sweep-consumer`). Thin shells: the decisions are the planner's (src/domain/sweep); one file
 * per step: ./scan.ts, ./fan-out.ts, ./send.ts, ./completion.ts; the protocol is ./PROTOCOL.md.
 */
import * as clock from '../../adapters/clock';
import { ConsumerEvent } from '../../adapters/queue';
import { SweepEvent } from './events';
import { sweepScan } from './fan-out';
import { sweepChunk } from './send';
import type { SweepChunkResult } from './shell';

/** manifest function `sweep-trigger`: the hourly trigger that starts the day's sweep at the send hour. */
export { sweepAtSendHour as sweepTrigger } from './send-hour';
export { sweepRetry } from './retry';
export { setSweepBudgetsForTests, type SweepBudgets, type SweepChunkResult, type SweepTriggerResult } from './shell';

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
  return sweepChunk(body.data, startedMs);
}
