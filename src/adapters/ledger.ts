/**
 * The sweep's bookkeeping in app storage: the notification ledger (records per incident and per
 * bucket of its items, read and written one plain call each), the run lease (conditional set with
 * `FAIL_IF_EXISTS` and an expiry) and small claim-once markers (chunk completion tickets).
 * Every call goes through the storage gateway (`./storage`), which retries 429/5xx and splits
 * batches into 25 keys. Keys and values are decided by the callers; this file only parses answers.
 */
import { z } from 'zod';
import * as storage from './storage';
import { MAX_TTL_DAYS } from './storage';

export { KVS_BATCH, MAX_TTL_DAYS, setStorageSleepForTests, storageUnits } from './storage';

/** Which of `keys` are stored (live). Reads 25 keys per call. */
export async function existingKeys(keys: readonly string[]): Promise<Set<string>> {
  return new Set((await storage.getMany(keys)).keys());
}

/** Values stored under `keys` (missing ones are absent from the map). Reads 25 keys per call. */
export async function readValues<S extends z.ZodType>(keys: readonly string[], schema: S): Promise<Map<string, z.infer<S>>> {
  const out = new Map<string, z.infer<S>>();
  for (const [key, value] of await storage.getMany(keys)) {
    const parsed = schema.safeParse(value);
    if (parsed.success) out.set(key, parsed.data);
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

/** Writes every entry, 25 per call. Returns the keys that failed to write (empty when all did). */
export async function writeAll(writes: readonly KvsWrite[]): Promise<string[]> {
  return storage.setMany(writes);
}

/** Deletes the keys, 25 per call. */
export async function deleteAll(keys: readonly string[]): Promise<void> {
  await storage.removeMany(keys);
}

/**
 * Sets `key` only when it is not already stored (`FAIL_IF_EXISTS`), with an expiry.
 * True when this call created it; false when someone else holds it.
 */
export async function claim(key: string, value: unknown, ttl: Pick<KvsWrite, 'ttlDays' | 'ttlSeconds'>): Promise<boolean> {
  return storage.setIfAbsent(key, value, ttl);
}

/** One value, parsed; undefined when missing or not of the expected shape. */
export async function readValue<S extends z.ZodType>(key: string, schema: S): Promise<z.infer<S> | undefined> {
  return storage.read(key, schema);
}

/** Overwrites one value (optionally with an expiry). */
export async function writeValue(key: string, value: unknown, ttl: Pick<KvsWrite, 'ttlDays' | 'ttlSeconds'> = {}): Promise<void> {
  await storage.set(key, value, ttl);
}

export async function deleteValue(key: string): Promise<void> {
  await storage.remove(key);
}

/** Whether `key` is stored (a `get`). */
export async function exists(key: string): Promise<boolean> {
  return (await storage.get(key)) !== undefined;
}

// ------------------------------------------------------------------ the notification ledger's records

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** One group's ledger record as stored (docs/decisions/0011-sweep-ledger-per-incident.md). */
export const LedgerRecordSchema = z.object({
  v: z.literal(2),
  marks: z.record(
    z.string().max(120),
    z.object({ on: IsoDay, to: z.array(z.string().min(1).max(128)).max(200), failed: IsoDay.optional() }),
  ),
});
export type StoredLedgerRecord = z.infer<typeof LedgerRecordSchema>;

/**
 * The records stored under `keys`, one plain `get` each (no batch operation: Forge allows 45 of
 * those a minute, but 4,000 read units; docs/decisions/0012-sweep-within-storage-quotas.md); a
 * record that no longer parses reads as absent.
 */
export async function readRecords(keys: readonly string[]): Promise<Map<string, StoredLedgerRecord>> {
  const out = new Map<string, StoredLedgerRecord>();
  for (const key of new Set(keys)) {
    const record = await storage.read(key, LedgerRecordSchema);
    if (record) out.set(key, record);
  }
  return out;
}

/** Values stored under `keys`, one plain `get` each (no batch operation); missing or malformed ones are absent. */
export async function readEach<S extends z.ZodType>(keys: readonly string[], schema: S): Promise<Map<string, z.infer<S>>> {
  const out = new Map<string, z.infer<S>>();
  for (const key of new Set(keys)) {
    const value = await storage.read(key, schema);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

/** Writes one record (a plain set: one write, however many marks it holds), kept MAX_TTL_DAYS from now. */
export async function writeRecord(key: string, record: StoredLedgerRecord): Promise<void> {
  await writeValue(key, LedgerRecordSchema.parse(record), { ttlDays: MAX_TTL_DAYS });
}
