/**
 * The one gateway to app storage (`@forge/kvs`): every storage call the app makes goes through
 * here (ESLint refuses `@forge/kvs` anywhere else), with one retry policy and one error type.
 *
 * - Retries: reads and writes alike. A call that storage refuses as transient, 429
 *   `RATE_LIMIT_EXCEEDED` or any 5xx, is tried again after a bounded backoff (100, 400, 1600 ms;
 *   4 attempts in all, about 2 s at most). `@forge/kvs` hands the app the status and the error
 *   code of the answer but none of its headers, so these are the retry hints there are; every other
 *   answer (400, 404, 409, 413 ...) is final. See docs/platform.md, "Forge storage (`@forge/kvs`)
 *   limits and errors".
 * - Errors: whatever storage answers becomes a `StorageError` (operation, status, code, whether
 *   it was transient, how many attempts were made). Nothing else escapes from here.
 * - Conditional writes: a `FAIL_IF_EXISTS` set on a taken key is answered 409; `setIfAbsent`
 *   turns exactly that into `false`.
 * - Batches: at most 25 keys a call, never the same key twice in one call (the platform fails such
 *   a batch whole); the gateway splits and de-duplicates.
 *
 * Keys and values are the callers' business; this file parses nothing of theirs.
 */
import { kvs, ForgeKvsAPIError, ForgeKvsError } from '@forge/kvs';
import { z } from 'zod';

/** KVS batch operations take at most 25 keys. */
export const KVS_BATCH = 25;
/** Longest TTL the app asks KVS for (a year). */
export const MAX_TTL_DAYS = 365;

export type StorageOperation =
  'get' | 'set' | 'set-if-absent' | 'delete' | 'batch-get' | 'batch-set' | 'batch-delete' | 'get-secret' | 'set-secret-if-absent';

/** The one error app storage raises to the rest of the app. */
export class StorageError extends Error {
  constructor(
    readonly operation: StorageOperation,
    /** The HTTP status storage answered; undefined when the call never reached storage. */
    readonly status: number | undefined,
    /** Storage's error code (e.g. `RATE_LIMIT_EXCEEDED`, `INTERNAL_SERVER_ERROR`, `KEY_CONFLICT`). */
    readonly code: string,
    readonly detail: string,
    /** Calls made before giving up (1 when the answer was final). */
    readonly attempts: number,
  ) {
    super(`App storage ${operation} failed${status !== undefined ? ` with ${status}` : ''} ${code}: ${detail}`);
    this.name = 'StorageError';
  }
  get rateLimited(): boolean {
    return this.status === 429 || this.code === 'RATE_LIMIT_EXCEEDED';
  }
  /** Storage may answer differently if asked again later. */
  get transient(): boolean {
    return this.rateLimited || (this.status !== undefined && this.status >= 500);
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt; each further wait is four times the previous one. */
  baseDelayMs: number;
}

export const STORAGE_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100 };

let storageSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Tests replace the wait between storage retries; returns a restore function. */
export function setStorageSleepForTests(fn: (ms: number) => Promise<void>): () => void {
  const previous = storageSleep;
  storageSleep = fn;
  return () => {
    storageSleep = previous;
  };
}

function toStorageError(operation: StorageOperation, e: unknown, attempts: number): StorageError {
  if (e instanceof StorageError) return e;
  if (e instanceof ForgeKvsAPIError) return new StorageError(operation, e.responseDetails.status, e.code, e.message, attempts);
  if (e instanceof ForgeKvsError) return new StorageError(operation, undefined, 'CLIENT_ERROR', e.message, attempts);
  return new StorageError(operation, undefined, 'UNREACHABLE', e instanceof Error ? e.message : String(e), attempts);
}

/** Runs one storage call under the retry policy; every failure comes out as a StorageError. */
async function call<T>(operation: StorageOperation, fn: () => Promise<T>, policy: RetryPolicy = STORAGE_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const err = toStorageError(operation, e, attempt);
      if (!err.transient || attempt >= policy.attempts) throw err;
      await storageSleep(policy.baseDelayMs * 4 ** (attempt - 1));
    }
  }
}

/** How long to keep a value: days (capped at MAX_TTL_DAYS) or seconds; neither keeps it forever. */
export interface Ttl {
  ttlDays?: number;
  /** Takes precedence over ttlDays. */
  ttlSeconds?: number;
}

function setOptions(ttl: Ttl | undefined) {
  if (ttl?.ttlSeconds !== undefined) return { ttl: { value: Math.max(1, Math.ceil(ttl.ttlSeconds)), unit: 'SECONDS' as const } };
  if (ttl?.ttlDays !== undefined)
    return { ttl: { value: Math.max(1, Math.min(MAX_TTL_DAYS, Math.ceil(ttl.ttlDays))), unit: 'DAYS' as const } };
  return undefined;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Read and write units this process has used, as Forge counts them: one per started 10 KB of what
 * a read returns or a write sends, at least one a call (docs/platform.md, "Forge storage
 * (`@forge/kvs`) limits and errors"). Sized from the JSON of the key and value plus a small
 * envelope, so the count is never below the platform's. Callers that pace themselves by units
 * (the sweep's merge phase) take differences of it.
 */
export const STORAGE_UNIT_BYTES = 10 * 1024;
const ENVELOPE_BYTES = 64;
const units = { read: 0, write: 0 };
const unitsOf = (key: string, value: unknown): number =>
  Math.max(
    1,
    Math.ceil(
      (Buffer.byteLength(key) + ENVELOPE_BYTES + (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)))) / STORAGE_UNIT_BYTES,
    ),
  );

/** Read and write units used so far by this process (plain get and set calls). */
export function storageUnits(): { read: number; write: number } {
  return { ...units };
}

/** The value stored under `key`, undefined when there is none. */
export async function get(key: string): Promise<unknown> {
  const value = await call('get', () => kvs.get<unknown>(key));
  units.read += unitsOf(key, value);
  return value;
}

/** The value under `key` parsed with `schema`; undefined when missing or not of that shape. */
export async function read<S extends z.ZodType>(key: string, schema: S): Promise<z.infer<S> | undefined> {
  const raw = await get(key);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Stores `value` under `key`, replacing what was there. */
export async function set(key: string, value: unknown, ttl?: Ttl): Promise<void> {
  const options = setOptions(ttl);
  await call('set', () => (options ? kvs.set(key, value, options) : kvs.set(key, value)));
  units.write += unitsOf(key, value);
}

/**
 * Stores `value` under `key` only if nothing is stored there (`FAIL_IF_EXISTS`). True when this
 * call stored it; false when the key was taken (storage answers 409, docs/platform.md).
 */
export async function setIfAbsent(key: string, value: unknown, ttl?: Ttl): Promise<boolean> {
  try {
    await call('set-if-absent', () => kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...(setOptions(ttl) ?? {}) }));
    units.write += unitsOf(key, value);
    return true;
  } catch (e) {
    if (e instanceof StorageError && e.status === 409) return false;
    throw e;
  }
}

/**
 * A value of the encrypted store (`kvs.getSecret`, docs/platform.md, Forge storage): for keys the
 * app must never show; undefined when there is none.
 */
export async function getSecret(key: string): Promise<unknown> {
  return call('get-secret', () => kvs.getSecret<unknown>(key));
}

/** Stores a secret only if none is stored under `key` (`FAIL_IF_EXISTS`); false when the key was taken. */
export async function setSecretIfAbsent(key: string, value: unknown): Promise<boolean> {
  try {
    await call('set-secret-if-absent', () => kvs.setSecret(key, value, { keyPolicy: 'FAIL_IF_EXISTS' }));
    return true;
  } catch (e) {
    if (e instanceof StorageError && e.status === 409) return false;
    throw e;
  }
}

/** Deletes `key` (nothing happens when it is not stored). */
export async function remove(key: string): Promise<void> {
  await call('delete', () => kvs.delete(key));
}

/** The values stored under `keys` (missing ones are absent from the map), 25 keys a call. */
export async function getMany(keys: readonly string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const part of chunks([...new Set(keys)], KVS_BATCH)) {
    const res = await call('batch-get', () => kvs.batchGet<unknown>(part.map((key) => ({ key }))));
    for (const hit of res.successfulKeys) out.set(hit.key, hit.value);
  }
  return out;
}

export interface Write extends Ttl {
  key: string;
  value: unknown;
}

/**
 * Stores every entry, 25 keys a call; a key written twice keeps its last value (the platform
 * refuses a batch naming a key twice). Returns the keys storage did not write.
 */
export async function setMany(writes: readonly Write[]): Promise<string[]> {
  const last = new Map<string, Write>();
  for (const w of writes) {
    last.delete(w.key);
    last.set(w.key, w);
  }
  const failed: string[] = [];
  for (const part of chunks([...last.values()], KVS_BATCH)) {
    const items = part.map((w) => {
      const options = setOptions(w);
      return { key: w.key, value: w.value, ...(options ? { options } : {}) };
    });
    const res = await call('batch-set', () => kvs.batchSet(items));
    for (const f of res.failedKeys) failed.push(f.key);
  }
  return failed;
}

/** Deletes the keys, 25 a call. */
export async function removeMany(keys: readonly string[]): Promise<void> {
  for (const part of chunks([...new Set(keys)], KVS_BATCH)) await call('batch-delete', () => kvs.batchDelete(part.map((key) => ({ key }))));
}
