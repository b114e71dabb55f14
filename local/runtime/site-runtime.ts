/**
 * The Forge runtime of the local site: invokes the app's functions as Forge does (resolvers,
 * the scheduled trigger, queue consumers) and answers every `__forge_fetch__` call they make,
 * routing it by `meta` to the products, the key-value store or the queue, through the fault
 * rules, into the request log. App storage, scheduled triggers and queue work are kept per
 * installation (local/runtime/installations.ts).
 */
import { randomUUID } from 'node:crypto';
import { realNow } from './virtual-date';
import { z } from 'zod';
import type { Actor, Products, SeedAppSetup, SeedName, Store } from '../site-api';
import type { SiteClock } from './clock';
import {
  backendRuntimePayload,
  extensionFor,
  LOCAL_CLOUD_ID,
  LOCAL_ENVIRONMENT_ID,
  resolverEventContext,
  type ExtensionTarget,
} from './context';
import { FaultRules } from './faults';
import { normaliseInit, toResponse } from './fetch-init';
import { installForgeGlobals } from './forge-globals';
import { installationOfModule, installationsFor, installationStore, type Installation } from './installations';
import { platformElapsed, runInInvocation, type ForgeCallHandler, type Invocation } from './invocation';
import { KvsService } from './kvs';
import { latencyOf, NO_LATENCY, type LatencyProfile } from './latency';
import { HeapMeter } from './memory';
import { now as perfNow, SiteGcLedger } from './site-gc';
import { dropParsedValues } from '../store';
import { findUiModule, type AppManifest, type UiModuleInfo } from './manifest';
import { QueueService, type AsyncEvent, type DeliveryRecord, type EventOrigin } from './queue';
import { RequestLog, type LoggedRequest } from './request-log';

/** The app's entry module (src/index.ts): manifest handlers are its exports. */
export type AppModule = Record<string, unknown>;
export type LoadApp = () => AppModule | Promise<AppModule>;

export interface TimeLimits {
  /** A resolver invocation: 25 s (docs/platform.md, "Async events (queues) and function limits"). */
  resolverMs: number;
  /** A scheduled trigger or consumer without timeoutSeconds (55 s). */
  backgroundDefaultMs: number;
  /** Cap on timeoutSeconds (900 s). */
  backgroundMaxMs: number;
}

export const FORGE_TIME_LIMITS: TimeLimits = { resolverMs: 25_000, backgroundDefaultMs: 55_000, backgroundMaxMs: 900_000 };

export interface SiteRuntimeOptions {
  store: Store;
  products: Products;
  clock: SiteClock;
  manifest: AppManifest;
  loadApp: LoadApp;
  /** Base URL of the site (context.siteUrl, extension.location). */
  siteUrl?: string;
  /** Override Forge's time limits (tests use short ones). */
  timeLimits?: Partial<TimeLimits>;
  /** Latency accounted to each product and storage call (off unless given; see latency.ts). */
  latency?: LatencyProfile;
  /** Forge's storage quotas on the app's @forge/kvs calls (default on; off only for tests that seed huge data). */
  storageQuotas?: boolean;
  /**
   * Run one invocation at a time (others wait their turn), so each one's memory is its own
   * (local/runtime/memory.ts); the benchmark's sweep runs this way. Default off: Forge runs
   * invocations at the same time, and the tests keep that.
   */
  isolateInvocations?: boolean;
}

/** Thrown when an invocation fails; `code` says how (FUNCTION_TIME_OUT, FUNCTION_ERR, ...). */
export class InvocationFailure extends Error {
  constructor(
    readonly code: 'FUNCTION_TIME_OUT' | 'FUNCTION_OUT_OF_MEMORY' | 'FUNCTION_ERR' | 'FUNCTION_NOT_FOUND' | 'BAD_REQUEST',
    message: string,
    readonly invocationId?: string,
  ) {
    super(message);
    this.name = 'InvocationFailure';
  }
}

export interface InvocationRecord {
  id: string;
  functionKey: string;
  moduleKey: string;
  installationId: string;
  accountId?: string;
  kind: 'resolver' | 'scheduledTrigger' | 'consumer' | 'function';
  startedAt: string;
  /** Real time it ran. */
  durationMs: number;
  /** Platform time it ran: real time plus the latency accounted to it (docs/platform.md). */
  platformMs: number;
  /** When it started and ended in platform time (site clock, plus the lead of the push that started it). */
  platformStart: string;
  platformEnd: string;
  /** Largest growth of the live heap while it ran, in MB (see memory.ts). */
  peakHeapMB: number;
  /** Under a latency profile, the site's share of full garbage collections left out of platformMs, in ms (site-gc.ts). */
  siteGcMs?: number;
  /** Its memory limit in MB (manifest `runtime.memoryMB`, default 512). */
  memoryMB: number;
  outcome: 'ok' | 'error' | 'timeout' | 'out-of-memory';
  error?: string;
}

export interface ResolverCall {
  /** Manifest function key, e.g. `macro-resolver`. */
  functionKey: string;
  /** The resolver definition name, as `invoke(name, payload)` sends it. */
  resolver: string;
  payload?: unknown;
  accountId?: string;
  /** Which UI module invokes it (defaults to the first module using the function). */
  moduleKey?: string;
  localId?: string;
  /** Where the module is shown; builds `context.extension` like Forge. */
  target?: ExtensionTarget;
  /** Extra or overriding `context` fields (e.g. a hand-written `extension`). */
  context?: Record<string, unknown>;
}

export interface ScheduledRun {
  moduleKey: string;
  functionKey: string;
  /** True when the trigger succeeded in every installation. */
  ok: boolean;
  /** The trigger runs once per installation, as Forge runs it. */
  installations: Array<{ installationId: string; ok: boolean; error?: string }>;
  error?: string;
  result?: unknown;
  /** Queue deliveries the run started (directly or through consumers). */
  deliveries: DeliveryRecord[];
}

const ForgeMeta = z.object({
  type: z.string(),
  provider: z.string().optional(),
  remote: z.string().optional(),
  accountId: z.string().optional(),
});

type Target = LoggedRequest['target'];

export class SiteRuntime implements ForgeCallHandler {
  readonly requestLog = new RequestLog();
  readonly faults = new FaultRules();
  /** The app's installations on this site: one when the manifest declares its compatibility. */
  readonly installations: readonly Installation[];
  private readonly kvsByInstallation = new Map<string, KvsService>();
  readonly queue: QueueService;
  readonly invocations: InvocationRecord[] = [];
  readonly manifest: AppManifest;
  readonly clock: SiteClock;
  readonly products: Products;
  private url: string;
  private readonly store: Store;
  private readonly limits: TimeLimits;
  private appModule: Promise<AppModule> | undefined;
  private readonly loadApp: LoadApp;
  /** The latency profile in force (PUT /__site/latency). */
  latency: LatencyProfile;
  /** With isolateInvocations: resolves when the running invocation ends (the next one waits for it). */
  private turn: Promise<void> | undefined;

  constructor(opts: SiteRuntimeOptions) {
    installForgeGlobals();
    this.store = opts.store;
    this.products = opts.products;
    this.clock = opts.clock;
    this.manifest = opts.manifest;
    this.loadApp = opts.loadApp;
    this.url = opts.siteUrl ?? 'http://localhost:8787';
    this.limits = { ...FORGE_TIME_LIMITS, ...opts.timeLimits };
    this.installations = installationsFor(this.manifest);
    for (const inst of this.installations)
      this.kvsByInstallation.set(
        inst.id,
        new KvsService(installationStore(opts.store, inst.id), opts.clock, { quotas: opts.storageQuotas ?? true }),
      );
    this.latency = opts.latency ?? NO_LATENCY;
    if (opts.isolateInvocations) this.turn = Promise.resolve();
    const consumers = this.manifest.consumers.map((c) => ({
      ...c,
      longRunning: (this.manifest.functions.get(c.functionKey)?.timeoutSeconds ?? 55) > 55,
    }));
    this.queue = new QueueService(consumers, (functionKey, moduleKey, event, installationId, origin) =>
      this.runConsumer(functionKey, moduleKey, event, installationId, origin),
    );
  }

  /** The primary installation (the required product's): the one the site's own tools act on. */
  get installation(): Installation {
    return this.installations[0] as Installation;
  }

  /** App storage of the primary installation. */
  get kvs(): KvsService {
    return this.kvsFor(this.installation.id);
  }

  /** App storage of one installation. */
  kvsFor(installationId: string): KvsService {
    const kvs = this.kvsByInstallation.get(installationId);
    if (!kvs) throw new Error(`The app has no installation "${installationId}" on this site.`);
    return kvs;
  }

  private installationById(installationId: string | undefined): Installation {
    return this.installations.find((i) => i.id === installationId) ?? this.installation;
  }

  /** Base URL of the site, as contexts give it (`siteUrl`, `extension.location`). */
  get siteUrl(): string {
    return this.url;
  }

  /** Set once the server listens and its port is known. */
  setSiteUrl(url: string): void {
    this.url = url;
    this.products.setBaseUrl?.(url);
  }

  // ---------------------------------------------------------------- state

  /**
   * Replaces all state (products, KVS, clock, logs, faults) with a documented seed; the app gets
   * the seed's settings (SEED.md) unless `configureApp` is false (the app as newly installed).
   */
  async reset(seed: SeedName, { configureApp = true }: { configureApp?: boolean } = {}): Promise<void> {
    await this.queue.drain();
    this.store.clear();
    this.clock.reload();
    for (const kvs of this.kvsByInstallation.values()) kvs.quotas.reset();
    this.products.reset(seed);
    this.requestLog.clear();
    this.queue.clear();
    this.faults.set([]);
    this.invocations.length = 0;
    const setup = configureApp ? this.products.appSetup?.(seed) : undefined;
    if (setup) {
      for (const [key, value] of Object.entries(setup.storage?.(this.clock.now()) ?? {})) {
        const answer = this.kvs.handle('/api/v1/set', JSON.stringify({ key, value }));
        if (answer.status >= 300) throw new Error(`The seed could not store "${key}" in app storage: ${answer.body}`);
      }
      for (const [key, value] of Object.entries(setup.secrets?.() ?? {})) {
        const answer = this.kvs.handle('/api/v1/secret/set', JSON.stringify({ key, value }));
        if (answer.status >= 300) throw new Error(`The seed could not store secret "${key}" in app storage: ${answer.body}`);
      }
      await this.configureApp(setup);
      // The seed is state, not activity: its calls leave no log, no quota use, no queued work.
      await this.queue.drain();
      for (const kvs of this.kvsByInstallation.values()) kvs.quotas.reset();
      this.requestLog.clear();
      this.invocations.length = 0;
    }
    this.store.put('site', 'meta', { seed, resetAt: new Date().toISOString() });
  }

  /** Saves a seed's app settings as its admin would on the settings page (read, patch, save). */
  private async configureApp(setup: SeedAppSetup): Promise<void> {
    const call = (resolver: string, payload: unknown) =>
      this.invokeResolver({ functionKey: setup.functionKey, moduleKey: setup.moduleKey, resolver, payload, accountId: setup.accountId });
    type Answer = { ok?: boolean; data?: { settings?: Record<string, unknown>; version?: number }; error?: { message?: string } };
    const read = (await call(setup.read, {})) as Answer;
    if (!read.ok || !read.data?.settings)
      throw new Error(`The seed could not read the app's settings: ${read.error?.message ?? 'no answer'}`);
    const saved = (await call(setup.save, {
      settings: { ...read.data.settings, ...setup.patch },
      version: read.data.version ?? 0,
    })) as Answer;
    if (!saved.ok) throw new Error(`The seed's app settings were refused: ${saved.error?.message ?? 'no answer'}`);
  }

  /** True when the store has never been reset to a seed (a fresh data folder). */
  isEmpty(): boolean {
    return this.store.get('site', 'meta') === undefined;
  }

  // ---------------------------------------------------------------- invoking

  private async app(): Promise<AppModule> {
    this.appModule ??= Promise.resolve().then(() => this.loadApp());
    return this.appModule;
  }

  private async handlerFor(functionKey: string): Promise<(...args: unknown[]) => unknown> {
    const fn = this.manifest.functions.get(functionKey);
    if (!fn) throw new InvocationFailure('FUNCTION_NOT_FOUND', `manifest.yml declares no function "${functionKey}".`);
    const mod = await this.app();
    const handler = mod[fn.exportName];
    if (typeof handler !== 'function') {
      throw new InvocationFailure(
        'FUNCTION_NOT_FOUND',
        `src/index.ts has no exported function "${fn.exportName}" (handler of "${functionKey}").`,
      );
    }
    return (...args: unknown[]) => Reflect.apply(handler, undefined, args);
  }

  private limitFor(kind: InvocationRecord['kind'], functionKey: string): number {
    if (kind === 'resolver') return this.limits.resolverMs;
    const seconds = this.manifest.functions.get(functionKey)?.timeoutSeconds;
    return seconds ? Math.min(seconds * 1000, this.limits.backgroundMaxMs) : this.limits.backgroundDefaultMs;
  }

  /** Runs one function invocation inside its own async context, enforcing its time limit. */
  private async run(
    kind: InvocationRecord['kind'],
    functionKey: string,
    moduleKey: string,
    accountId: string | undefined,
    installation: Installation,
    args: (id: string) => unknown[],
    origin: EventOrigin = { chain: { pushes: 0 }, dueAtMs: undefined },
  ): Promise<unknown> {
    const chain = origin.chain;
    const handler = await this.handlerFor(functionKey);
    let endTurn: () => void = () => undefined;
    if (this.turn) {
      // One invocation at a time: wait for the running one to end.
      const previous = this.turn;
      this.turn = new Promise<void>((resolve) => {
        endTurn = resolve;
      });
      await previous;
    }
    try {
      return await this.runAlone(kind, functionKey, moduleKey, accountId, installation, args, origin, chain, handler);
    } finally {
      endTurn();
    }
  }

  private async runAlone(
    kind: InvocationRecord['kind'],
    functionKey: string,
    moduleKey: string,
    accountId: string | undefined,
    installation: Installation,
    args: (id: string) => unknown[],
    origin: EventOrigin,
    chain: EventOrigin['chain'],
    handler: Awaited<ReturnType<SiteRuntime['handlerFor']>>,
  ): Promise<unknown> {
    const limitMs = this.limitFor(kind, functionKey);
    const memoryMB = this.manifest.functions.get(functionKey)?.memoryMB ?? 512;
    // Alone (isolateInvocations), an invocation's heap is measured exactly: after full collections.
    const heap = new HeapMeter(memoryMB, () => this.queue.heldBytes, this.turn !== undefined, dropParsedValues);
    const started = realNow();
    // A consumer starts no earlier, in platform time, than its event was due (the pusher's clock may lead the site's).
    const leadMs = Math.max(0, (origin.dueAtMs ?? 0) - this.clock.now().getTime());
    const platformStart = this.clock.now().getTime() + leadMs;
    let kill: (failure: Error) => void = () => undefined;
    const killed = new Promise<never>((_, reject) => {
      kill = reject;
    });
    killed.catch(() => undefined);
    const inv: Invocation = {
      id: randomUUID(),
      accountId,
      functionKey,
      moduleKey,
      deadline: started + limitMs,
      timedOut: false,
      site: this,
      cloudId: LOCAL_CLOUD_ID,
      appId: this.manifest.appId,
      environmentId: LOCAL_ENVIRONMENT_ID,
      installationId: installation.id,
      scopes: this.manifest.scopes,
      clockNow: () => this.clock.now().getTime() + leadMs + (inv.accountedMs ?? 0),
      startedAt: started,
      limitMs,
      accountedMs: 0,
      chain,
      kill: (failure) => {
        inv.timedOut = true;
        kill(failure);
      },
    };
    const record: InvocationRecord = {
      id: inv.id,
      functionKey,
      moduleKey,
      installationId: installation.id,
      ...(accountId ? { accountId } : {}),
      kind,
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
      platformMs: 0,
      platformStart: new Date(platformStart).toISOString(),
      platformEnd: new Date(platformStart).toISOString(),
      peakHeapMB: 0,
      memoryMB,
      outcome: 'ok',
    };
    this.heapMeters.set(inv.id, heap);
    if (this.accounting()) {
      this.gcLedger.listen();
      this.gcCharged.set(inv.id, { seq: this.gcLedger.lastSeq, since: perfNow(), ms: 0 });
    }
    this.invocations.push(record);
    if (this.invocations.length > 5000) this.invocations.splice(0, this.invocations.length - 5000);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // The limit is in platform time: when the local site's own work was left out of it (a latency
      // profile is on), real time may pass the limit while platform time has not, so the timer re-arms.
      const arm = (ms: number) => {
        timer = setTimeout(() => {
          const left = limitMs - platformElapsed(inv, realNow());
          if (left > 0) return arm(left);
          inv.timedOut = true;
          reject(
            new InvocationFailure(
              'FUNCTION_TIME_OUT',
              `${functionKey} did not finish within its time limit of ${limitMs / 1000} s.`,
              inv.id,
            ),
          );
        }, ms);
        timer.unref?.();
      };
      arm(limitMs);
    });
    try {
      const work = runInInvocation(inv, async () => handler(...args(inv.id)));
      const result = await Promise.race([work, timeout, killed]);
      // Latency accounted after the last call may have carried it past its limit; its heap is sampled once more.
      this.checkLimits(inv, heap);
      return result;
    } catch (e) {
      record.outcome =
        e instanceof InvocationFailure && e.code === 'FUNCTION_TIME_OUT'
          ? 'timeout'
          : e instanceof InvocationFailure && e.code === 'FUNCTION_OUT_OF_MEMORY'
            ? 'out-of-memory'
            : 'error';
      record.error = e instanceof Error ? e.message : String(e);
      if (e instanceof InvocationFailure) throw e;
      throw new InvocationFailure('FUNCTION_ERR', record.error, inv.id);
    } finally {
      clearTimeout(timer);
      if (this.gcCharged.has(inv.id)) {
        // V8 reports a collection after it ends: one turn lets the last ones arrive.
        await new Promise((r) => setImmediate(r));
        this.chargeSiteGc(inv, heap);
        record.siteGcMs = Math.round(this.gcCharged.get(inv.id)?.ms ?? 0);
        this.gcCharged.delete(inv.id);
      }
      record.durationMs = realNow() - started;
      record.platformMs = platformElapsed(inv, realNow());
      record.platformEnd = new Date(platformStart + record.platformMs).toISOString();
      record.peakHeapMB = heap.peakMB;
      this.heapMeters.delete(inv.id);
    }
  }

  private readonly heapMeters = new Map<string, HeapMeter>();
  /** Full collections of the shared heap that are the site's cost (site-gc.ts). */
  private readonly gcLedger = new SiteGcLedger();
  private readonly gcCharged = new Map<string, { seq: number; since: number; ms: number }>();

  private accounting(): boolean {
    return this.latency.productMs > 0 || this.latency.storageMs > 0 || this.latency.queueMs > 0;
  }

  /** Leaves out of an invocation's platform time the site's share of the full collections since it was last charged. */
  private chargeSiteGc(inv: Invocation, heap: HeapMeter | undefined): void {
    const charged = this.gcCharged.get(inv.id);
    if (!charged) return;
    const { ms, seq } = this.gcLedger.siteShare(charged.seq, charged.since, heap?.liveShare() ?? 0);
    charged.seq = seq;
    if (ms <= 0) return;
    charged.ms += ms;
    inv.accountedMs = (inv.accountedMs ?? 0) - ms;
  }

  /** Throws (and ends the invocation) when it is past its time limit in platform time or over its memory. */
  private checkLimits(inv: Invocation, heap: HeapMeter | undefined = this.heapMeters.get(inv.id)): void {
    const limitMs = inv.limitMs ?? Infinity;
    // Real time alone is left to the invocation's timer (as before any latency was accounted).
    if ((inv.accountedMs ?? 0) !== 0 && platformElapsed(inv, realNow()) > limitMs) {
      const failure = new InvocationFailure(
        'FUNCTION_TIME_OUT',
        `${inv.functionKey} did not finish within its time limit of ${limitMs / 1000} s.`,
        inv.id,
      );
      inv.kill?.(failure);
      throw failure;
    }
    const sampled = realNow();
    const sampledPerf = perfNow();
    const over = heap?.overLimit() ?? false;
    // An exact meter's full collections are the local site's work, not the app's: left out of its platform time.
    if (heap?.exact) {
      inv.accountedMs = (inv.accountedMs ?? 0) - (realNow() - sampled);
      this.gcLedger.siteRan(sampledPerf, perfNow());
    }
    this.chargeSiteGc(inv, heap);
    if (over && heap) {
      const failure = new InvocationFailure(
        'FUNCTION_OUT_OF_MEMORY',
        `${inv.functionKey} ran out of memory: it used more than its ${heap.limitMB} MB (set runtime.memoryMB in manifest.yml, or hold less at once).`,
        inv.id,
      );
      inv.kill?.(failure);
      throw failure;
    }
  }

  private moduleForResolver(functionKey: string, moduleKey: string | undefined): UiModuleInfo {
    if (moduleKey) {
      const mod = findUiModule(this.manifest, moduleKey);
      if (!mod) throw new InvocationFailure('BAD_REQUEST', `manifest.yml has no UI module "${moduleKey}".`);
      if (mod.resolverFunction !== functionKey) {
        throw new InvocationFailure(
          'BAD_REQUEST',
          `Module "${moduleKey}" uses resolver function "${mod.resolverFunction ?? '(none)'}", not "${functionKey}".`,
        );
      }
      return mod;
    }
    const mod = this.manifest.uiModules.find((u) => u.resolverFunction === functionKey);
    if (!mod) throw new InvocationFailure('BAD_REQUEST', `No UI module in manifest.yml uses "${functionKey}" as its resolver.`);
    return mod;
  }

  isResolverFunction(functionKey: string): boolean {
    return this.manifest.uiModules.some((u) => u.resolverFunction === functionKey);
  }

  /** Invokes a resolver definition as the bridge's `invoke(name, payload)` would. */
  async invokeResolver(call: ResolverCall): Promise<unknown> {
    const mod = this.moduleForResolver(call.functionKey, call.moduleKey);
    const localId = call.localId ?? `${mod.key}-local`;
    const location = `${this.siteUrl}/`;
    const context = {
      ...resolverEventContext({ moduleKey: mod.key, localId, extension: extensionFor(mod, call.target, location), siteUrl: this.siteUrl }),
      ...call.context,
    };
    const event = { call: { functionKey: call.resolver, payload: call.payload ?? {} }, context };
    const installation = installationOfModule(this.installations, mod.type);
    return this.run('resolver', call.functionKey, mod.key, call.accountId, installation, () => [
      event,
      backendRuntimePayload(call.accountId, installation),
    ]);
  }

  /** Invokes a function that is not a UI resolver with a raw event (e.g. adfExport, a consumer by hand). */
  async invokeFunction(functionKey: string, event: unknown, accountId?: string, moduleKey?: string): Promise<unknown> {
    const mk = moduleKey ?? this.moduleKeyOfFunction(functionKey);
    const kind = this.manifest.scheduledTriggers.some((t) => t.functionKey === functionKey)
      ? 'scheduledTrigger'
      : this.manifest.consumers.some((c) => c.functionKey === functionKey)
        ? 'consumer'
        : 'function';
    const ui = findUiModule(this.manifest, mk);
    const installation = ui ? installationOfModule(this.installations, ui.type) : this.installation;
    return this.run(kind, functionKey, mk, accountId, installation, () => [event, backendRuntimePayload(accountId, installation)]);
  }

  private moduleKeyOfFunction(functionKey: string): string {
    return (
      this.manifest.uiModules.find((u) => u.resolverFunction === functionKey)?.key ??
      this.manifest.scheduledTriggers.find((t) => t.functionKey === functionKey)?.key ??
      this.manifest.consumers.find((c) => c.functionKey === functionKey)?.key ??
      functionKey
    );
  }

  private runConsumer(
    functionKey: string,
    moduleKey: string,
    event: () => AsyncEvent,
    installationId: string | undefined,
    origin: EventOrigin,
  ): Promise<unknown> {
    const installation = this.installationById(installationId);
    return this.run(
      'consumer',
      functionKey,
      moduleKey,
      undefined,
      installation,
      () => [event(), backendRuntimePayload(undefined, installation)],
      origin,
    );
  }

  /**
   * Runs a scheduled trigger as Forge would (no user), once in each installation, then waits for
   * the queue work it started.
   */
  async runScheduledTrigger(moduleKey: string): Promise<ScheduledRun> {
    const trigger = this.manifest.scheduledTriggers.find((t) => t.key === moduleKey);
    if (!trigger) throw new InvocationFailure('BAD_REQUEST', `manifest.yml has no scheduledTrigger "${moduleKey}".`);
    const before = this.queue.history().length;
    const event = { context: { cloudId: LOCAL_CLOUD_ID, moduleKey }, contextToken: 'local-site-context-token' };
    const runs: ScheduledRun['installations'] = [];
    let result: unknown;
    for (const installation of this.installations) {
      try {
        result = await this.run('scheduledTrigger', trigger.functionKey, moduleKey, undefined, installation, () => [
          event,
          backendRuntimePayload(undefined, installation),
        ]);
        runs.push({ installationId: installation.id, ok: true });
      } catch (e) {
        runs.push({ installationId: installation.id, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
    }
    await this.queue.drain();
    const deliveries = this.queue
      .history()
      .slice(before)
      .map((d) => ({ ...d }));
    const failed = runs.find((r) => !r.ok);
    const outcome = failed ? { ok: false as const, error: failed.error ?? 'failed' } : { ok: true as const, result };
    return { moduleKey, functionKey: trigger.functionKey, ...outcome, installations: runs, deliveries };
  }

  // ---------------------------------------------------------------- __forge_fetch__

  async forgeFetch(inv: Invocation, rawMeta: unknown, path: string, rawInit: unknown): Promise<Response> {
    if (inv.timedOut) throw new Error(`The invocation of ${inv.functionKey} has timed out; no more calls are answered.`);
    const meta = ForgeMeta.parse(rawMeta);
    const init = normaliseInit(rawInit);
    const started = realNow();
    // Platform time at which this call starts: its latency ends the invocation's wait no earlier than this plus the latency.
    const callStart = platformElapsed(inv, started);
    const siteTime = this.clock.now().toISOString();
    const platformTime = new Date(inv.clockNow?.() ?? this.clock.now().getTime()).toISOString();
    const requestBytes = init.body === undefined ? 0 : Buffer.byteLength(init.body);

    let target: Target = 'other';
    if (meta.type === 'kvs') target = 'kvs';
    else if (meta.type === 'fpp' && (meta.remote === 'jira' || meta.remote === 'confluence')) target = meta.remote;
    else if (meta.type === 'fpp' && meta.remote === 'stargate' && path.startsWith('/webhook/queue/')) target = 'queue';

    let actor: Actor = { kind: 'app' };
    if ((target === 'jira' || target === 'confluence') && meta.provider === 'user') {
      const accountId = meta.accountId ?? inv.accountId;
      if (!accountId) {
        const res = {
          status: 401,
          headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR', 'content-type': 'application/json' },
          body: '{"message":"asUser() needs an invoking user; this invocation has none."}',
        };
        this.log(inv, { target, method: init.method, path, actor, status: res.status, started, siteTime });
        return toResponse(res.status, res.headers, res.body);
      }
      actor = { kind: 'user', accountId };
    }

    const fault = this.faults.match(target, init.method, path);
    if (fault && fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault?.response) {
      this.log(inv, { target, method: init.method, path, actor, status: fault.response.status, started, siteTime, fault: true });
      return toResponse(fault.response.status, fault.response.headers, fault.response.body);
    }

    let answer: { status: number; headers: Record<string, string>; body: string };
    const latency = latencyOf(this.latency, target);
    const dispatchStarted = realNow();
    const dispatchPerf = perfNow();
    // The products and storage compute their answer synchronously, as dispatch is called.
    const pending = this.dispatch(target, actor, init.method, path, init.headers, init.body, inv);
    // Under a latency profile a call costs the platform its latency, however long this local site
    // took to compute the answer (its indexes are not Jira's): that time is left out of the
    // invocation's platform time at once, before any other call starts (local/runtime/latency.ts).
    if (latency > 0) {
      inv.accountedMs = (inv.accountedMs ?? 0) - (realNow() - dispatchStarted);
      this.gcLedger.siteRan(dispatchPerf, perfNow());
    }
    try {
      answer = await pending;
    } catch (e) {
      answer = {
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ errorMessages: [`Local site error: ${e instanceof Error ? e.message : String(e)}`] }),
      };
    }
    if (latency > 0) inv.accountedMs = Math.max(inv.accountedMs ?? 0, callStart + latency - (realNow() - (inv.startedAt ?? started)));
    this.log(inv, {
      target,
      method: init.method,
      path,
      actor,
      status: answer.status,
      started,
      siteTime,
      platformTime,
      requestBytes,
      responseBytes: Buffer.byteLength(answer.body),
    });
    // The call answered, but the invocation may have run out of time waiting for it, or be over its memory.
    this.checkLimits(inv);
    return toResponse(answer.status, answer.headers, answer.body);
  }

  private async dispatch(
    target: Target,
    actor: Actor,
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    inv: Invocation,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const json = { 'content-type': 'application/json' };
    switch (target) {
      case 'jira':
      case 'confluence':
        return this.products.handle({
          product: target,
          method,
          path,
          headers,
          ...(body !== undefined ? { body } : {}),
          actor,
          scopes: this.manifest.scopes,
        });
      case 'kvs': {
        const a = this.kvsFor(inv.installationId).answer(path, body, inv.clockNow?.());
        return { status: a.status, headers: json, body: a.body };
      }
      case 'queue': {
        const a = this.queue.handle(path, body, {
          nowMs: inv.clockNow?.() ?? this.clock.now().getTime(),
          chain: inv.chain ?? { pushes: 0 },
          installationId: inv.installationId,
        });
        return { status: a.status, headers: json, body: a.body };
      }
      case 'other':
        return {
          status: 404,
          headers: json,
          body: JSON.stringify({ message: `The local site does not answer ${method} ${path} for this kind of call.` }),
        };
    }
  }

  private log(
    inv: Invocation,
    e: {
      target: Target;
      method: string;
      path: string;
      actor: Actor;
      status: number;
      started: number;
      siteTime: string;
      fault?: boolean;
      platformTime?: string;
      requestBytes?: number;
      responseBytes?: number;
    },
  ): void {
    this.requestLog.add({
      at: new Date(e.started).toISOString(),
      siteTime: e.siteTime,
      target: e.target,
      method: e.method,
      path: e.path,
      actor: e.actor.kind,
      ...(e.actor.kind === 'user' ? { accountId: e.actor.accountId } : {}),
      status: e.status,
      durationMs: realNow() - e.started,
      functionKey: inv.functionKey,
      moduleKey: inv.moduleKey,
      invocationId: inv.id,
      ...(e.fault ? { fault: true } : {}),
      ...(e.platformTime ? { platformTime: e.platformTime } : {}),
      ...(e.requestBytes !== undefined ? { requestBytes: e.requestBytes } : {}),
      ...(e.responseBytes !== undefined ? { responseBytes: e.responseBytes } : {}),
    });
  }
}
