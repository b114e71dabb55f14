/** The sweep's queue (`@forge/events`): events of at most 50 per push, bodies well under 200 KB. */
import { Queue } from '@forge/events';
import { z } from 'zod';

export const SWEEP_QUEUE_KEY = 'postmortem-sweep-queue';
const MAX_EVENTS_PER_PUSH = 50;

const queue = new Queue({ key: SWEEP_QUEUE_KEY });

/** Pushes every body, 50 per push. */
export async function pushAll(bodies: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < bodies.length; i += MAX_EVENTS_PER_PUSH) {
    await queue.push(bodies.slice(i, i + MAX_EVENTS_PER_PUSH).map((body) => ({ body })));
  }
}

/** Pushes events with their own delays (0–900 s), 50 per push; the caller keeps each push under 200 KB. */
export async function pushDelayed(events: ReadonlyArray<{ body: Record<string, unknown>; delayInSeconds: number }>): Promise<void> {
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_PUSH) {
    await queue.push(
      events
        .slice(i, i + MAX_EVENTS_PER_PUSH)
        .map(({ body, delayInSeconds }) =>
          delayInSeconds > 0 ? { body, delayInSeconds: Math.min(900, Math.ceil(delayInSeconds)) } : { body },
        ),
    );
  }
}

/** A consumer event as Forge delivers it; the body is parsed by the caller's schema. */
export const ConsumerEvent = z.object({ body: z.unknown() }).loose();
