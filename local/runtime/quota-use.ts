/**
 * App-storage use per minute (and second) of platform time, as Forge's storage quotas count it
 * (docs/platform.md, "Forge storage (`@forge/kvs`) limits and errors"), from the site's request log:
 * batch operations, read units (one per started 10 KB of the answer) and write units (one per
 * started 10 KB of the request). Used by the quota tests and `npm run bench`.
 */
import type { LoggedRequest } from './request-log';

export interface StoragePeaks {
  /** Most batch operations (`/batch/*`) in one minute of platform time. */
  batchPerMinute: number;
  /** Most read and write units (one per started 10 KB) in one minute of platform time. */
  readUnitsPerMinute: number;
  writeUnitsPerMinute: number;
  /** Most storage calls in one second of platform time. */
  callsPerSecond: number;
  calls: number;
  /** Calls answered 429. */
  refused: number;
}

const READ_PATHS = /\/api\/v1\/(?:entity\/|secret\/)?(?:get|query)$|\/batch\/get$/;

/** Peaks of app-storage use per minute (and second) of platform time, over the storage calls given. */
export function storagePeaks(calls: readonly LoggedRequest[]): StoragePeaks {
  const perMinute = new Map<number, { batch: number; read: number; write: number }>();
  const perSecond = new Map<number, number>();
  for (const c of calls) {
    const t = Date.parse(c.platformTime ?? c.siteTime);
    const m = Math.floor(t / 60_000);
    const slot = perMinute.get(m) ?? { batch: 0, read: 0, write: 0 };
    perMinute.set(m, slot);
    perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    if (c.path.includes('/batch/')) slot.batch += 1;
    if (READ_PATHS.test(c.path)) slot.read += Math.max(1, Math.ceil((c.responseBytes ?? 0) / 10_240));
    else slot.write += Math.max(1, Math.ceil((c.requestBytes ?? 0) / 10_240));
  }
  const slots = [...perMinute.values()];
  return {
    batchPerMinute: Math.max(0, ...slots.map((x) => x.batch)),
    readUnitsPerMinute: Math.max(0, ...slots.map((x) => x.read)),
    writeUnitsPerMinute: Math.max(0, ...slots.map((x) => x.write)),
    callsPerSecond: Math.max(0, ...perSecond.values()),
    calls: calls.length,
    refused: calls.filter((c) => c.status === 429).length,
  };
}
