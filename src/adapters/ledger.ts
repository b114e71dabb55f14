/**
 * The sweep's bookkeeping in `@forge/kvs`: the notification ledger (batch reads of the keys the
 * planner asks about, batch writes with a TTL), the run lease (conditional set with
 * `FAIL_IF_EXISTS` and an expiry) and small claim-once markers (chunk completion tickets).
 * Storage answers 429/5xx are retried with bounded backoff.
 * Keys and values are decided by the callers; this file only talks to storage and parses answers.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';

/** KVS batch operations take at most 25 items. */
export const KVS_BATCH = 25;
/** Longest TTL the app asks KVS for (a year). */
export const MAX_TTL_DAYS = 365;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function statusOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null || !('responseDetails' in e)) return undefined;
  const d = e.responseDetails;
  return typeof d === 'object' && d !== null && 'status' in d && typeof d.status === 'number' ? d.status : undefined;
}

const STORAGE_ATTEMPTS = 4;
let storageSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Tests replace the wait between storage retries; returns a restore function. */
export function setStorageSleepForTests(fn: (ms: number) => Promise<void>): () => void {
  const previous = storageSleep;
  storageSleep = fn;
  return () => {
    storageSleep = previous;
  };
}

/** Runs a storage call, retrying 429 and 5xx answers with bounded backoff (100, 400, 1600 ms). */
async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const status = statusOf(e);
      const transient = status === 429 || (status !== undefined && status >= 500);
      if (!transient || attempt >= STORAGE_ATTEMPTS) throw e;
      await storageSleep(100 * 4 ** (attempt - 1));
    }
  }
}

/** True for the error KVS answers when a `FAIL_IF_EXISTS` set finds the key taken. */
function isKeyTaken(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = 'code' in e ? e.code : undefined;
  return code === 'KEY_ALREADY_EXISTS' || statusOf(e) === 409;
}

/** Which of `keys` are stored (live). Reads 25 keys per call. */
export async function existingKeys(keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(keys)], KVS_BATCH)) {
    const res = await retrying(() => kvs.batchGet<unknown>(part.map((key) => ({ key }))));
    for (const hit of res.successfulKeys) found.add(hit.key);
  }
  return found;
}

/** Values stored under `keys` (missing ones are absent from the map). Reads 25 keys per call. */
export async function readValues<S extends z.ZodType>(keys: readonly string[], schema: S): Promise<Map<string, z.infer<S>>> {
  const out = new Map<string, z.infer<S>>();
  for (const part of chunks([...new Set(keys)], KVS_BATCH)) {
    const res = await retrying(() => kvs.batchGet<unknown>(part.map((key) => ({ key }))));
    for (const hit of res.successfulKeys) {
      const parsed = schema.safeParse(hit.value);
      if (parsed.success) out.set(hit.key, parsed.data);
    }
  }
  return out;
}

export interface KvsWrite {
  key: string;
  value: unknown;
  /** Days to keep it; undefined keeps it forever. Capped at MAX_TTL_DAYS. */
  ttlDays?: number;
  /** Seconds to keep it (takes precedence over ttlDays). */
  ttlSeconds?: number;
}

function ttlOf(w: Pick<KvsWrite, 'ttlDays' | 'ttlSeconds'>) {
  if (w.ttlSeconds !== undefined) return { ttl: { value: Math.max(1, Math.ceil(w.ttlSeconds)), unit: 'SECONDS' as const } };
  if (w.ttlDays !== undefined) return { ttl: { value: Math.max(1, Math.min(MAX_TTL_DAYS, Math.ceil(w.ttlDays))), unit: 'DAYS' as const } };
  return undefined;
}

/** Writes every entry, 25 per call. Returns the keys that failed to write (empty when all did). */
export async function writeAll(writes: readonly KvsWrite[]): Promise<string[]> {
  const failed: string[] = [];
  for (const part of chunks(writes, KVS_BATCH)) {
    const items = part.map((w) => {
      const options = ttlOf(w);
      return { key: w.key, value: w.value, ...(options ? { options } : {}) };
    });
    const res = await retrying(() => kvs.batchSet(items));
    for (const f of res.failedKeys) failed.push(f.key);
  }
  return failed;
}

/** Deletes the keys, 25 per call. */
export async function deleteAll(keys: readonly string[]): Promise<void> {
  for (const part of chunks([...new Set(keys)], KVS_BATCH)) await retrying(() => kvs.batchDelete(part.map((key) => ({ key }))));
}

/**
 * Sets `key` only when it is not already stored (`FAIL_IF_EXISTS`), with an expiry.
 * True when this call created it; false when someone else holds it.
 */
export async function claim(key: string, value: unknown, ttl: Pick<KvsWrite, 'ttlDays' | 'ttlSeconds'>): Promise<boolean> {
  const options = ttlOf(ttl);
  try {
    await retrying(() => kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...(options ?? {}) }));
    return true;
  } catch (e) {
    if (isKeyTaken(e)) return false;
    throw e;
  }
}

/** One value, parsed; undefined when missing or not of the expected shape. */
export async function readValue<S extends z.ZodType>(key: string, schema: S): Promise<z.infer<S> | undefined> {
  const raw = await retrying(() => kvs.get<unknown>(key));
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Overwrites one value (optionally with an expiry). */
export async function writeValue(key: string, value: unknown, ttl: Pick<KvsWrite, 'ttlDays' | 'ttlSeconds'> = {}): Promise<void> {
  const options = ttlOf(ttl);
  await retrying(() => (options ? kvs.set(key, value, options) : kvs.set(key, value)));
}

export async function deleteValue(key: string): Promise<void> {
  await retrying(() => kvs.delete(key));
}

/** Whether `key` is stored (a `get`). */
export async function exists(key: string): Promise<boolean> {
  return (await retrying(() => kvs.get<unknown>(key))) !== undefined;
}
