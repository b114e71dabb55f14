/**
 * Forge async events (@forge/events): answers `Queue.push` (POST
 * /webhook/queue/publish/{contextAri}/..., sent as the app to remote `stargate`) and delivers
 * each event to the manifest consumer of its queue, as its own invocation with no user.
 *
 * Limits as Forge's (docs/platform.md, "Async events (queues) and function limits"): ≤ 50 events
 * and ≤ 200 KB a push (413); ≤ 100 KB an event when the consumer's function has a timeout over
 * 55 s (413); ≤ 500 events a minute per installation, counted in fixed minutes of the pushing
 * invocation's platform time (429); ≤ 1,000 push requests by one chain of invocations, from the
 * first invocation through every consumer its events start (405). Refusals answer what the
 * platform answers, so @forge/events throws PayloadTooBigError, RateLimitError or
 * InvocationLimitReachedError. delayInSeconds 0–900. Delivery starts right
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
/** One event, for a consumer whose function may run longer than 55 s. */
export const MAX_LONG_RUNNING_EVENT_BYTES = 100 * 1024;
export const MAX_EVENTS_PER_MINUTE = 500;
export const MAX_CHAINED_PUSHES = 1000;

/** Who pushes: the platform time of the pushing invocation and the chain of invocations it belongs to. */
export interface PushCaller {
  nowMs: number;
  chain: { pushes: number };
  /** The pusher's installation: its events are delivered there, and counted against its events a minute. */
  installationId?: string;
}

export interface QueueConsumer {
  key: string;
  queue: string;
  functionKey: string;
  /** The consumer's function has a timeout over 55 s (then each event is at most 100 KB). */
  longRunning: boolean;
}

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
  /** The chain of invocations the event belongs to (not shown to the consumer). */
  chain?: { pushes: number };
  /** Platform time (ms) at which the event is due: the push's plus its delay (not shown to the consumer). */
  dueAtMs?: number;
}

/** Where a delivered event comes from: its chain of invocations and the platform time it is due. */
export interface EventOrigin {
  chain: { pushes: number };
  dueAtMs: number | undefined;
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

/** Runs the consumer function with one event, in the installation that pushed it, as part of the pusher's chain; resolves to what the function returned. */
export type DeliverFn = (
  functionKey: string,
  consumerModuleKey: string,
  /** The event, made when the consumer starts: until then its body waits as text, held by the platform. */
  event: () => AsyncEvent,
  installationId: string | undefined,
  origin: EventOrigin,
) => Promise<unknown>;

const RetryAnswer = z.object({
  _retry: z.literal(true),
  retryOptions: z
    .object({ retryAfter: z.number().optional(), retryReason: z.string().optional(), retryData: z.unknown().optional() })
    .optional(),
});

/** An accepted event while it waits for its consumer: its body as JSON text. */
type PendingEvent = Omit<AsyncEvent, 'body'> & { bodyText: string; held: number };

export interface QueueAnswer {
  status: number;
  body: string;
}

/** Bytes V8 holds for a string: one a character when every character fits in Latin-1, else two. */
function stringBytes(s: string): number {
  return /[^\u0000-\u00ff]/u.test(s) ? 2 * s.length : s.length;
}

export class QueueService {
  private readonly pending = new Set<Promise<void>>();
  /**
   * Bytes of event bodies accepted and not yet handed to a consumer. Forge keeps them outside the
   * app; the local site keeps them as JSON text, and an invocation's memory leaves them out
   * (local/runtime/memory.ts).
   */
  heldBytes = 0;
  private readonly deliveries: DeliveryRecord[] = [];
  /** Events accepted per minute of platform time (only the current minute is kept). */
  private windows = new Map<string, { minute: number; events: number }>();
  /** Largest event accepted, in bytes, and the most events accepted in one minute (for the benchmark). */
  readonly peaks = { eventBytes: 0, eventsPerMinute: 0, chainPushes: 0, attemptedEventBytes: 0 };

  constructor(
    private readonly consumers: readonly QueueConsumer[],
    private readonly deliver: DeliverFn,
  ) {}

  /** Answers one call; events pushed are delivered in the caller's installation, as part of its chain. */
  handle(path: string, bodyText: string | undefined, caller: PushCaller = { nowMs: Date.now(), chain: { pushes: 0 } }): QueueAnswer {
    let body: unknown;
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      return { status: 400, body: JSON.stringify({ message: 'The request body is not JSON.' }) };
    }
    if (path.startsWith('/webhook/queue/publish/')) return this.publish(body, caller);
    if (path.startsWith('/webhook/queue/stats/')) return this.stats(body);
    if (path.startsWith('/webhook/queue/cancel/')) return { status: 204, body: '' };
    return { status: 404, body: JSON.stringify({ message: `The local site does not implement ${path}.` }) };
  }

  private publish(raw: unknown, caller: PushCaller): QueueAnswer {
    const payloadOnly = z.object({ payload: z.unknown() }).safeParse(raw);
    if (payloadOnly.success && Buffer.byteLength(JSON.stringify(payloadOnly.data.payload ?? null)) > MAX_PUSH_BYTES) {
      return { status: 413, body: JSON.stringify({ errorMessage: `The maximum payload size is ${MAX_PUSH_BYTES / 1024}KB.` }) };
    }
    const parsed = PushRequest.safeParse(raw);
    if (!parsed.success) {
      return {
        status: 400,
        body: JSON.stringify({
          message: `Invalid push: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        }),
      };
    }
    const req = parsed.data;
    if (req.payload.length === 0 || req.payload.length > MAX_EVENTS_PER_PUSH) {
      return {
        status: 400,
        body: JSON.stringify({ message: `A push carries 1–${MAX_EVENTS_PER_PUSH} events; this one has ${req.payload.length}.` }),
      };
    }
    const consumer = this.consumers.find((c) => c.queue === req.queueName);
    if (!consumer) {
      return { status: 400, body: JSON.stringify({ message: `No consumer in manifest.yml listens to queue "${req.queueName}".` }) };
    }
    const sizes = req.payload.map((ev) => Buffer.byteLength(JSON.stringify(ev)));
    this.peaks.attemptedEventBytes = Math.max(this.peaks.attemptedEventBytes, ...sizes);
    if (consumer.longRunning) {
      const big = sizes.findIndex((n) => n > MAX_LONG_RUNNING_EVENT_BYTES);
      if (big >= 0) {
        const kb = ((sizes[big] ?? 0) / 1024).toFixed(1);
        return {
          status: 413,
          body: JSON.stringify({
            errorMessage: `The maximum payload size is ${MAX_LONG_RUNNING_EVENT_BYTES / 1024}KB per event for a consumer whose function has a timeout over 55 seconds; event ${big} is ${kb}KB.`,
          }),
        };
      }
    }
    if (caller.chain.pushes >= MAX_CHAINED_PUSHES) {
      return {
        status: 405,
        body: JSON.stringify({
          message: `The limit on cyclic invocation has been reached: this chain of invocations has already made ${MAX_CHAINED_PUSHES} push requests.`,
        }),
      };
    }
    const minute = Math.floor(caller.nowMs / 60_000);
    const installationId = caller.installationId;
    let window = this.windows.get(installationId ?? '');
    if (!window || window.minute !== minute) this.windows.set(installationId ?? '', (window = { minute, events: 0 }));
    if (window.events + req.payload.length > MAX_EVENTS_PER_MINUTE) {
      return {
        status: 429,
        body: JSON.stringify({
          message: `Too many events: ${window.events} were pushed this minute and the limit is ${MAX_EVENTS_PER_MINUTE} a minute; push again in the next minute.`,
        }),
      };
    }
    window.events += req.payload.length;
    caller.chain.pushes += 1;
    this.peaks.eventBytes = Math.max(this.peaks.eventBytes, ...sizes);
    this.peaks.eventsPerMinute = Math.max(this.peaks.eventsPerMinute, window.events);
    this.peaks.chainPushes = Math.max(this.peaks.chainPushes, caller.chain.pushes);
    for (const ev of req.payload) {
      const bodyText = JSON.stringify(ev.body);
      const held = stringBytes(bodyText);
      this.heldBytes += held;
      const event: PendingEvent = {
        bodyText,
        held,
        ...(ev.delayInSeconds !== undefined ? { delayInSeconds: ev.delayInSeconds } : {}),
        queueName: req.queueName,
        jobId: req.jobId,
        eventId: randomUUID(),
        chain: caller.chain,
        dueAtMs: caller.nowMs + (ev.delayInSeconds ?? 0) * 1000,
      };
      const record: DeliveryRecord = {
        queueName: req.queueName,
        jobId: req.jobId,
        eventId: event.eventId,
        consumerFunctionKey: consumer.functionKey,
        attempts: 0,
        outcome: 'in-progress',
      };
      this.deliveries.push(record);
      this.track(
        new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.deliverWithRetries(consumer, event, record, installationId)),
      );
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

  private async deliverWithRetries(
    consumer: { key: string; functionKey: string },
    event: PendingEvent,
    record: DeliveryRecord,
    installationId: string | undefined,
  ): Promise<void> {
    const { chain = { pushes: 0 }, dueAtMs, bodyText, held, ...rest } = event;
    try {
      await this.attempts(consumer, rest, bodyText, record, installationId, { chain, dueAtMs });
    } finally {
      // Delivered (or given up): the platform holds the body no more.
      this.heldBytes -= held;
    }
  }

  private async attempts(
    consumer: { key: string; functionKey: string },
    shown: Omit<AsyncEvent, 'body'>,
    bodyText: string,
    record: DeliveryRecord,
    installationId: string | undefined,
    origin: EventOrigin,
  ): Promise<void> {
    // Each attempt's event is made when its consumer starts: the parsed body is the invocation's memory.
    let retryContext: AsyncEvent['retryContext'];
    for (;;) {
      record.attempts++;
      let retryReason: string | undefined;
      let retryData: unknown;
      const context = retryContext;
      const current = (): AsyncEvent => ({
        ...shown,
        body: JSON.parse(bodyText) as Record<string, unknown>,
        ...(context ? { retryContext: context } : {}),
      });
      try {
        const result = await this.deliver(consumer.functionKey, consumer.key, current, installationId, origin);
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
      retryContext = { retryCount: record.attempts, retryReason, retryData };
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
    this.windows.clear();
    this.resetPeaks();
  }

  resetPeaks(): void {
    this.peaks.eventBytes = 0;
    this.peaks.eventsPerMinute = 0;
    this.peaks.chainPushes = 0;
    this.peaks.attemptedEventBytes = 0;
  }
}
