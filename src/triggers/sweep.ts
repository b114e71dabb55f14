/**
 * The daily sweep (manifest `scheduledTrigger` postmortem-sweep → function `sweep-trigger`) and its
 * queue consumer (`sweep-consumer`). Thin shells: they read, fan out through the queue, and record
 * a run summary; the decisions live in src/domain/.
 */
import * as clock from '../adapters/clock';
import * as jira from '../adapters/jira';
import { ConsumerEvent, pushAll } from '../adapters/queue';
import { readSettings } from '../adapters/storage';
import { ACTION_ITEM_LABEL } from '../contracts/properties';
import { todayIn } from '../domain/dates';
import { and, eq, neq, query } from '../domain/jql';
import { z } from 'zod';

const SweepBatch = z.object({ kind: z.literal('sweep-batch'), today: z.string(), keys: z.array(z.string()).max(100) });

/** Scheduled trigger: select the open action items and fan them out in batches. Runs with no user. */
export async function sweepTrigger(): Promise<{ scanned: number; batches: number }> {
  const { settings } = await readSettings();
  const today = todayIn(settings.timeZone, clock.now());
  const found = await jira.searchAll('app', query(and(eq('labels', ACTION_ITEM_LABEL), neq('statusCategory', 'Done'))), ['duedate'], {
    limit: 100_000,
  });
  const bodies: Array<Record<string, unknown>> = [];
  for (let i = 0; i < found.issues.length; i += 100) {
    bodies.push({ kind: 'sweep-batch', today, keys: found.issues.slice(i, i + 100).map((issue) => issue.key) });
  }
  await pushAll(bodies);
  return { scanned: found.issues.length, batches: bodies.length };
}

/** Queue consumer: one batch of the sweep. */
export async function sweepConsumer(event: unknown): Promise<{ processed: number }> {
  const parsed = ConsumerEvent.safeParse(event);
  const batch = parsed.success ? SweepBatch.safeParse(parsed.data.body) : undefined;
  if (!batch?.success) {
    console.error('sweep-consumer: ignored an event that is not a sweep batch');
    return { processed: 0 };
  }
  return { processed: batch.data.keys.length };
}
