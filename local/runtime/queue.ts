/**
 * Forge async events (@forge/events): answers `Queue.push` (POST
 * /webhook/queue/publish/{contextAri}/..., sent as the app to remote `stargate`) and delivers
 * each event to the manifest consumer of its queue, as its own invocation with no user.
 *
 * Limits as Forge's: ≤ 50 events and ≤ 200 KB a push, delayInSeconds 0–900. Delivery starts right
 * after the push answers (delays are recorded on the event, not waited for: the site clock is
 * moved by hand, so waiting on it would never end). A consumer that throws or returns an
 * InvocationError (`{_retry: true}`) is retried up to MAX_RETRIES times with a `retryContext`.
 * `drain()` resolves when every delivery, including ones pushed by consumers, has finished.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_BYTES = 200 * 1024;
export const MAX_RETRIES = 3;

const PushEvent = z.object({
  body: z.record(z.string(), z.unknown()),
  delayInSeconds: z.number().min(0).max(900).optional(),
  concurrency: z.unknown().optional(),
});
const PushRequest = z.object({
  queueName: z.string().regex(/^[a-zA-Z0-9-_]+$/),
  jobId: z.string().min(1),
  payload: z.array(PushEvent),
  type: z.string().optional(),
  schema: z.string().optional(),
  time: z.string().optional(),
});
const JobRequest = z.object({ queueName: z.string(), jobId: z.string() });

export interface AsyncEvent {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  queueName: string;
  jobId: string;
  eventId: string;
  retryContext?: { retryCount: number; retryReason: string; retryData: unknown };
}

export interface DeliveryRecord {
  queueName: string;
  jobId: string;
  eventId: string;
  consumerFunctionKey: string;
  attempts: number;
  outcome: 'success' | 'failed' | 'in-progress';
  error?: string;
}

/** Runs the consumer function with one event, in the installation that pushed it; resolves to what the function returned. */
export type DeliverFn = (functionKey: string, consumerModuleKey: string, event: AsyncEvent, installationId: string | undefined) => Promise<unknown>;

const RetryAnswer = z.object({
  _retry: z.literal(true),
  retryOptions: z.object({ retryAfter: z.number().optional(), retryReason: z.string().optional(), retryData: z.unknown().optional() }).optional(),
});

export interface QueueAnswer {
  status: number;
  body: string;
}

export class QueueService {
  private readonly pending = new Set<Promise<void>>();
  private readonly deliveries: DeliveryRecord[] = [];

  constructor(
    private readonly consumers: ReadonlyArray<{ key: string; queue: string; functionKey: string }>,
    private readonly deliver: DeliverFn,
  ) {}

  /** Answers one call; events pushed are delivered in `installationId`, the pusher's installation. */
  handle(path: string, bodyText: string | undefined, installationId?: string): QueueAnswer {
    let body: unknown;
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      return { status: 400, body: JSON.stringify({ message: 'The request body is not JSON.' }) };
    }
    if (path.startsWith('/webhook/queue/publish/')) return this.publish(body, installationId);
    if (path.startsWith('/webhook/queue/stats/')) return this.stats(body);
    if (path.startsWith('/webhook/queue/cancel/')) return { status: 204, body: '' };
    return { status: 404, body: JSON.stringify({ message: `The local site does not implement ${path}.` }) };
  }

  private publish(raw: unknown, installationId: string | undefined): QueueAnswer {
    const payloadOnly = z.object({ payload: z.unknown() }).safeParse(raw);
    if (payloadOnly.success && Buffer.byteLength(JSON.stringify(payloadOnly.data.payload ?? null)) > MAX_PUSH_BYTES) {
      return { status: 413, body: JSON.stringify({ errorMessage: `The maximum payload size is ${MAX_PUSH_BYTES / 1024}KB.` }) };
    }
    const parsed = PushRequest.safeParse(raw);
    if (!parsed.success) {
      return { status: 400, body: JSON.stringify({ message: `Invalid push: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` }) };
    }
    const req = parsed.data;
    if (req.payload.length === 0 || req.payload.length > MAX_EVENTS_PER_PUSH) {
      return { status: 400, body: JSON.stringify({ message: `A push carries 1–${MAX_EVENTS_PER_PUSH} events; this one has ${req.payload.length}.` }) };
    }
    const consumer = this.consumers.find((c) => c.queue === req.queueName);
    if (!consumer) {
      return { status: 400, body: JSON.stringify({ message: `No consumer in manifest.yml listens to queue "${req.queueName}".` }) };
    }
    for (const ev of req.payload) {
      const event: AsyncEvent = {
        body: ev.body,
        ...(ev.delayInSeconds !== undefined ? { delayInSeconds: ev.delayInSeconds } : {}),
        queueName: req.queueName,
        jobId: req.jobId,
        eventId: randomUUID(),
      };
      const record: DeliveryRecord = { queueName: req.queueName, jobId: req.jobId, eventId: event.eventId, consumerFunctionKey: consumer.functionKey, attempts: 0, outcome: 'in-progress' };
      this.deliveries.push(record);
      this.track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.deliverWithRetries(consumer, event, record, installationId)));
    }
    return { status: 201, body: JSON.stringify({ jobId: req.jobId }) };
  }

  private stats(raw: unknown): QueueAnswer {
    const parsed = JobRequest.safeParse(raw);
    if (!parsed.success) return { status: 400, body: JSON.stringify({ message: 'Invalid stats request.' }) };
    const mine = this.deliveries.filter((d) => d.jobId === parsed.data.jobId && d.queueName === parsed.data.queueName);
    if (mine.length === 0) return { status: 404, body: JSON.stringify({ message: 'No such job.' }) };
    const count = (o: DeliveryRecord['outcome']) => mine.filter((d) => d.outcome === o).length;
    return { status: 200, body: JSON.stringify({ success: count('success'), inProgress: count('in-progress'), failed: count('failed') }) };
  }

  private async deliverWithRetries(consumer: { key: string; functionKey: string }, event: AsyncEvent, record: DeliveryRecord, installationId: string | undefined): Promise<void> {
    let current = event;
    for (;;) {
      record.attempts++;
      let retryReason: string | undefined;
      let retryData: unknown;
      try {
        const result = await this.deliver(consumer.functionKey, consumer.key, current, installationId);
        const retry = RetryAnswer.safeParse(result);
        if (!retry.success) {
          record.outcome = 'success';
          return;
        }
        retryReason = retry.data.retryOptions?.retryReason ?? 'FUNCTION_RETRY_REQUEST';
        retryData = retry.data.retryOptions?.retryData;
      } catch (e) {
        retryReason = 'FUNCTION_PLATFORM_UNKNOWN_ERROR';
        record.error = e instanceof Error ? e.message : String(e);
      }
      if (record.attempts > MAX_RETRIES) {
        record.outcome = 'failed';
        return;
      }
      current = { ...event, retryContext: { retryCount: record.attempts, retryReason, retryData } };
    }
  }

  private track(p: Promise<void>): void {
    const guarded = p.catch(() => undefined);
    this.pending.add(guarded);
    void guarded.finally(() => this.pending.delete(guarded));
  }

  /** Resolves when no delivery is pending (deliveries may push more; those are awaited too). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all([...this.pending]);
    }
  }

  history(): readonly DeliveryRecord[] {
    return this.deliveries;
  }

  clear(): void {
    this.deliveries.length = 0;
  }
}
