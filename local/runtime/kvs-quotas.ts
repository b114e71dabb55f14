/**
 * Forge's storage quotas, per installation, on the site's clock (docs/platform.md, "Forge storage
 * (`@forge/kvs`) limits and errors"):
 *
 * - batch operations (batch get, set and delete): 45 a minute;
 * - every call: 1,000 a second;
 * - reads: 4,000 a minute and writes: 4,000 a minute, each counted per started 10 KB (a 65 KB
 *   write counts 7); a read is sized by what it returns, a write by what it sends. A transaction is
 *   one write.
 *
 * A call over a quota is refused whole with 429 `RATE_LIMIT_EXCEEDED` and does nothing; refused calls
 * are not counted. Windows slide over the site's clock, so tests are deterministic: moving the
 * clock on frees them, moving it back (a reset to a seed) forgets what lay ahead.
 */
import type { Clock } from '../site-api';

export interface KvsQuotaLimits {
  batchOpsPerMinute: number;
  requestsPerSecond: number;
  readUnitsPerMinute: number;
  writeUnitsPerMinute: number;
  /** Bytes per read or write unit. */
  unitBytes: number;
}

export const FORGE_KVS_QUOTAS: KvsQuotaLimits = {
  batchOpsPerMinute: 45,
  requestsPerSecond: 1000,
  readUnitsPerMinute: 4000,
  writeUnitsPerMinute: 4000,
  unitBytes: 10 * 1024,
};

/** Units a payload of `bytes` counts for: one per started 10 KB, at least one. */
export function unitsOf(bytes: number, unitBytes = FORGE_KVS_QUOTAS.unitBytes): number {
  return Math.max(1, Math.ceil(bytes / unitBytes));
}

class SlidingWindow {
  private events: Array<{ at: number; n: number }> = [];
  private sum = 0;

  constructor(
    readonly spanMs: number,
    readonly limit: number,
  ) {}

  private prune(now: number): void {
    const kept = this.events.filter((e) => e.at > now - this.spanMs && e.at <= now);
    if (kept.length !== this.events.length) {
      this.events = kept;
      this.sum = kept.reduce((s, e) => s + e.n, 0);
    }
  }

  /** Milliseconds until `n` more fit, 0 when they fit now. */
  waitFor(now: number, n: number): number {
    this.prune(now);
    if (this.sum + n <= this.limit) return 0;
    let freed = 0;
    for (const e of this.events) {
      freed += e.n;
      if (this.sum - freed + n <= this.limit) return e.at + this.spanMs - now;
    }
    return this.spanMs;
  }

  add(now: number, n: number): void {
    this.events.push({ at: now, n });
    this.sum += n;
  }

  used(now: number): number {
    this.prune(now);
    return this.sum;
  }
}

export type KvsCallKind = 'batch' | 'read' | 'write';

export interface QuotaRefusal {
  message: string;
  retryAfterMs: number;
}

export class KvsQuotas {
  private batch!: SlidingWindow;
  private requests!: SlidingWindow;
  private reads!: SlidingWindow;
  private writes!: SlidingWindow;
  /** Tests that deliberately seed huge data may switch the quotas off; everything else runs with them on. */
  enabled: boolean;

  constructor(
    private readonly clock: Clock,
    readonly limits: KvsQuotaLimits = FORGE_KVS_QUOTAS,
    enabled = true,
  ) {
    this.enabled = enabled;
    this.reset();
  }

  /** Forgets every call (a reset to a seed is a new installation). */
  reset(): void {
    this.batch = new SlidingWindow(60_000, this.limits.batchOpsPerMinute);
    this.requests = new SlidingWindow(1_000, this.limits.requestsPerSecond);
    this.reads = new SlidingWindow(60_000, this.limits.readUnitsPerMinute);
    this.writes = new SlidingWindow(60_000, this.limits.writeUnitsPerMinute);
  }

  /**
   * Admits one call of `kind` counting `units` (reads and writes), or says why not. An admitted
   * call is counted at once.
   */
  admit(kind: KvsCallKind, units: number, nowMs?: number): QuotaRefusal | undefined {
    if (!this.enabled) return undefined;
    const now = nowMs ?? this.clock.now().getTime();
    const checks: Array<[SlidingWindow, number, string]> = [[this.requests, 1, `${this.limits.requestsPerSecond} storage calls a second`]];
    if (kind === 'batch') checks.push([this.batch, 1, `${this.limits.batchOpsPerMinute} batch operations a minute`]);
    if (kind === 'read')
      checks.push([this.reads, units, `${this.limits.readUnitsPerMinute} reads a minute (counted per 10 KB; this one counts ${units})`]);
    if (kind === 'write')
      checks.push([this.writes, units, `${this.limits.writeUnitsPerMinute} writes a minute (counted per 10 KB; this one counts ${units})`]);
    for (const [window, n, what] of checks) {
      const wait = window.waitFor(now, n);
      if (wait > 0) {
        return {
          retryAfterMs: wait,
          message: `Rate limit exceeded: this installation may make ${what}. Try again in ${Math.ceil(wait / 1000)} s.`,
        };
      }
    }
    for (const [window, n] of checks) window.add(now, n);
    return undefined;
  }

  /** What has been used in the current windows (for the sweep page and benchmarks). */
  usage(): { batchOps: number; requests: number; readUnits: number; writeUnits: number } {
    const now = this.clock.now().getTime();
    return {
      batchOps: this.batch.used(now),
      requests: this.requests.used(now),
      readUnits: this.reads.used(now),
      writeUnits: this.writes.used(now),
    };
  }
}
