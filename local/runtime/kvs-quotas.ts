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
 * are not counted. Windows slide over platform time (the calling invocation's clock), so tests are
 * deterministic: moving the clock on frees them; a reset to a seed forgets every call.
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

/**
 * Use over a sliding window of platform time. Calls arrive out of time order (invocations started
 * by delayed events run side by side, each on its own platform clock), so every call is kept in a
 * bucket of its own time and a check counts exactly the window that ends at the caller's time:
 * a call later in platform time never hides or frees room for an earlier one.
 */
class SlidingWindow {
  private readonly bucketMs: number;
  private buckets = new Map<number, number>();
  private latest = -Infinity;

  constructor(
    readonly spanMs: number,
    readonly limit: number,
  ) {
    this.bucketMs = Math.max(1, Math.floor(spanMs / 60));
  }

  /** Sum over the window (now − span, now], with the bucket of each end included. */
  private sumAt(now: number): number {
    const last = Math.floor(now / this.bucketMs);
    const first = Math.floor((now - this.spanMs) / this.bucketMs) + 1;
    let sum = 0;
    for (let b = first; b <= last; b++) sum += this.buckets.get(b) ?? 0;
    return sum;
  }

  /** Milliseconds until `n` more fit at `now`, 0 when they fit now. */
  waitFor(now: number, n: number): number {
    if (this.sumAt(now) + n <= this.limit) return 0;
    for (let t = now + this.bucketMs; t <= now + this.spanMs; t += this.bucketMs) {
      if (this.sumAt(t) + n <= this.limit) return t - now;
    }
    return this.spanMs;
  }

  add(now: number, n: number): void {
    const b = Math.floor(now / this.bucketMs);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
    if (now > this.latest) {
      this.latest = now;
      // Forget buckets far behind the latest call (an hour of platform time).
      if (this.buckets.size > 4096) {
        const keep = Math.floor((now - 3_600_000 - this.spanMs) / this.bucketMs);
        for (const k of this.buckets.keys()) if (k < keep) this.buckets.delete(k);
      }
    }
  }

  used(now: number): number {
    return this.sumAt(now);
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
