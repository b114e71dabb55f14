/**
 * A durable, journaled document store (docs/architecture.md, "The local site").
 *
 * State lives in memory as `collection → id → value`. Every committed write (a put, a delete, a
 * batch or a clear) is appended to `journal.jsonl` as ONE JSON line and fsync'd before the call
 * returns, so a write that returned survives `kill -9`. On open the snapshot (`snapshot.json`) is
 * loaded and the journal replayed; a torn last line (the process died mid-append) is ignored,
 * because its write never returned. When the journal grows past a threshold it is compacted: the
 * whole state is written to `snapshot.json.tmp`, fsync'd, renamed over `snapshot.json` (atomic on
 * POSIX) and the journal truncated. A crash between rename and truncate is harmless: replaying
 * journal records over a snapshot that already contains them is idempotent.
 *
 * Values are stored as JSON: `get` returns a deep copy, so callers cannot mutate stored state.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Store } from '../site-api';

type Op = { op: 'put'; c: string; id: string; v: unknown } | { op: 'del'; c: string; id: string } | { op: 'clear' };

interface JournalRecord {
  /** Sequence number: lets replay skip records already folded into the snapshot. */
  seq: number;
  ops: Op[];
}

interface Snapshot {
  seq: number;
  data: Record<string, Record<string, string>>;
}

export interface StoreOptions {
  /** Compact when the journal exceeds this many bytes (default 64 MiB). */
  compactAfterBytes?: number;
  /** fsync after each commit (default true). Turn off only for throwaway stores in tests. */
  fsync?: boolean;
}

/** Read-only, zero-copy access for hot read paths (search over 100,000 issues). */
export interface ReadViews {
  /** The stored value, deep-frozen and shared: do not mutate (it throws in strict mode). */
  view<T = unknown>(collection: string, id: string): Readonly<T> | undefined;
  /** Every value of a collection, deep-frozen and shared. */
  scan<T = unknown>(collection: string): IterableIterator<[string, Readonly<T>]>;
  /** Number of documents in a collection. */
  count(collection: string): number;
}

export interface DurableStore extends Store, ReadViews {
  /** Writes a snapshot and truncates the journal now. */
  compact(): void;
  /** Sequence number of the last committed write. */
  readonly seq: number;
}

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.jsonl';

export function openStore(dir: string, options: StoreOptions = {}): DurableStore {
  const compactAfter = options.compactAfterBytes ?? 64 * 1024 * 1024;
  const doSync = options.fsync ?? true;
  fs.mkdirSync(dir, { recursive: true });
  const snapshotPath = path.join(dir, SNAPSHOT);
  const journalPath = path.join(dir, JOURNAL);

  // Values are kept serialised: cheap deep copies, and the journal line is built from them.
  const data = new Map<string, Map<string, Entry>>();
  let seq = 0;

  if (fs.existsSync(snapshotPath)) {
    const snap = JSON.parse(fs.readFileSync(snapshotPath, 'utf8')) as Snapshot;
    seq = snap.seq;
    for (const [c, docs] of Object.entries(snap.data)) {
      const coll = new Map<string, Entry>();
      for (const [id, str] of Object.entries(docs)) coll.set(id, { s: str });
      data.set(c, coll);
    }
  }
  let validJournalBytes = 0;
  if (fs.existsSync(journalPath)) {
    const buf = fs.readFileSync(journalPath);
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) break; // torn last line: never acknowledged
      const line = buf.subarray(start, nl).toString('utf8');
      let rec: JournalRecord;
      try {
        rec = JSON.parse(line) as JournalRecord;
      } catch {
        break; // a corrupt line can only be the torn tail; nothing after it was acknowledged
      }
      if (rec.seq > seq) {
        applyOps(rec.ops.map(serialiseOp));
        seq = rec.seq;
      }
      start = nl + 1;
      validJournalBytes = start;
    }
    if (validJournalBytes < buf.length) fs.truncateSync(journalPath, validJournalBytes);
  }
  let fd: number | undefined = fs.openSync(journalPath, 'a');
  let journalBytes = validJournalBytes;

  type SOp = { op: 'put'; c: string; id: string; s: string } | { op: 'del'; c: string; id: string } | { op: 'clear' };

  function serialiseOp(o: Op): SOp {
    return o.op === 'put' ? { op: 'put', c: o.c, id: o.id, s: JSON.stringify(o.v) } : o;
  }

  function applyOps(ops: SOp[]): void {
    for (const o of ops) {
      if (o.op === 'clear') data.clear();
      else if (o.op === 'put') {
        let coll = data.get(o.c);
        if (!coll) data.set(o.c, (coll = new Map()));
        coll.set(o.id, { s: o.s });
      } else data.get(o.c)?.delete(o.id);
    }
  }

  function commit(ops: SOp[]): void {
    if (fd === undefined) throw new Error('store is closed');
    if (ops.length === 0) return;
    const next = seq + 1;
    const parts = ops.map((o) =>
      o.op === 'put' ? `{"op":"put","c":${JSON.stringify(o.c)},"id":${JSON.stringify(o.id)},"v":${o.s}}` : JSON.stringify(o),
    );
    const line = `{"seq":${next},"ops":[${parts.join(',')}]}\n`;
    const bytes = Buffer.from(line, 'utf8');
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    if (doSync) fs.fsyncSync(fd);
    journalBytes += bytes.length;
    applyOps(ops);
    seq = next;
    if (journalBytes > compactAfter) compact();
  }

  function put(collection: string, id: string, value: unknown): SOp {
    const s = JSON.stringify(value);
    if (s === undefined) throw new Error(`store: value for ${collection}/${id} is not JSON`);
    return { op: 'put', c: collection, id, s };
  }

  function compact(): void {
    if (fd === undefined) throw new Error('store is closed');
    const tmp = `${snapshotPath}.tmp`;
    const out = fs.openSync(tmp, 'w');
    try {
      // Written piecewise so a large store does not need one giant string.
      const w = (s: string) => {
        const b = Buffer.from(s, 'utf8');
        let off = 0;
        while (off < b.length) off += fs.writeSync(out, b, off, b.length - off);
      };
      w(`{"seq":${seq},"data":{`);
      let firstC = true;
      for (const [c, coll] of data) {
        w(`${firstC ? '' : ','}${JSON.stringify(c)}:{`);
        firstC = false;
        let chunk: string[] = [];
        let first = true;
        for (const [id, e] of coll) {
          chunk.push(`${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(e.s)}`);
          first = false;
          if (chunk.length >= 1000) {
            w(chunk.join(''));
            chunk = [];
          }
        }
        w(chunk.join('') + '}');
      }
      w('}}');
      fs.fsyncSync(out);
    } finally {
      fs.closeSync(out);
    }
    fs.renameSync(tmp, snapshotPath);
    syncDir(dir);
    fs.ftruncateSync(fd, 0);
    if (doSync) fs.fsyncSync(fd);
    journalBytes = 0;
  }

  const store: DurableStore = {
    get seq() {
      return seq;
    },
    get<T = unknown>(collection: string, id: string): T | undefined {
      const e = data.get(collection)?.get(id);
      return e === undefined ? undefined : (JSON.parse(e.s) as T);
    },
    list<T = unknown>(collection: string): Array<[string, T]> {
      const coll = data.get(collection);
      if (!coll) return [];
      return [...coll].map(([id, e]) => [id, JSON.parse(e.s) as T]);
    },
    view<T = unknown>(collection: string, id: string): Readonly<T> | undefined {
      const e = data.get(collection)?.get(id);
      return e === undefined ? undefined : (frozen(e) as Readonly<T>);
    },
    *scan<T = unknown>(collection: string): IterableIterator<[string, Readonly<T>]> {
      const coll = data.get(collection);
      if (!coll) return;
      for (const [id, e] of coll) yield [id, frozen(e) as Readonly<T>];
    },
    count(collection: string): number {
      return data.get(collection)?.size ?? 0;
    },
    put(collection, id, value) {
      commit([put(collection, id, value)]);
    },
    delete(collection, id) {
      if (!data.get(collection)?.has(id)) return;
      commit([{ op: 'del', c: collection, id }]);
    },
    batch(fn) {
      const ops: SOp[] = [];
      fn({
        put: (c, id, v) => void ops.push(put(c, id, v)),
        delete: (c, id) => void ops.push({ op: 'del', c, id }),
      });
      commit(ops);
    },
    clear() {
      commit([{ op: 'clear' }]);
    },
    compact,
    close() {
      if (fd === undefined) return;
      fs.closeSync(fd);
      fd = undefined;
    },
  };
  return store;
}

interface Entry {
  /** The value as JSON (what the journal and snapshot hold). */
  s: string;
  /** Parsed and deep-frozen, made on first `view`/`scan`. */
  v?: unknown;
}

/**
 * At most this many parsed values are kept (oldest dropped first), so the site's memory stays
 * bounded by its stored JSON plus a working set however many documents searches walk through.
 */
const PARSED_CACHE_SIZE = 50_000;
const parsedRing: Array<Entry | undefined> = new Array<Entry | undefined>(PARSED_CACHE_SIZE);
let parsedNext = 0;

function frozen(e: Entry): unknown {
  if (e.v === undefined) {
    e.v = deepFreeze(JSON.parse(e.s));
    const evicted = parsedRing[parsedNext];
    if (evicted) evicted.v = undefined;
    parsedRing[parsedNext] = e;
    parsedNext = (parsedNext + 1) % PARSED_CACHE_SIZE;
  }
  return e.v;
}

/**
 * Drops every parsed value (they are made again on the next read). The runtime's exact heap meter
 * calls it before a full collection: this cache is the local site's working set, not the app's
 * memory (local/runtime/memory.ts).
 */
export function dropParsedValues(): void {
  for (let i = 0; i < PARSED_CACHE_SIZE; i++) {
    const e = parsedRing[i];
    if (e) e.v = undefined;
    parsedRing[i] = undefined;
  }
  parsedNext = 0;
}

function deepFreeze(v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

function syncDir(dir: string): void {
  try {
    const d = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(d);
    } finally {
      fs.closeSync(d);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

/** A store that lives only in memory (for unit tests and throwaway sites): same semantics, no disk. */
export function memoryStore(): Store & ReadViews {
  const data = new Map<string, Map<string, Entry>>();
  const apply = (ops: Array<() => void>) => ops.forEach((f) => f());
  const putOp = (c: string, id: string, v: unknown) => {
    const s = JSON.stringify(v);
    if (s === undefined) throw new Error(`store: value for ${c}/${id} is not JSON`);
    return () => {
      let coll = data.get(c);
      if (!coll) data.set(c, (coll = new Map()));
      coll.set(id, { s });
    };
  };
  const delOp = (c: string, id: string) => () => void data.get(c)?.delete(id);
  return {
    get: <T>(c: string, id: string) => {
      const e = data.get(c)?.get(id);
      return e === undefined ? undefined : (JSON.parse(e.s) as T);
    },
    list: <T>(c: string) => [...(data.get(c) ?? [])].map(([id, e]) => [id, JSON.parse(e.s) as T] as [string, T]),
    view: <T>(c: string, id: string) => {
      const e = data.get(c)?.get(id);
      return e === undefined ? undefined : (frozen(e) as Readonly<T>);
    },
    *scan<T>(c: string): IterableIterator<[string, Readonly<T>]> {
      for (const [id, e] of data.get(c) ?? []) yield [id, frozen(e) as Readonly<T>];
    },
    count: (c: string) => data.get(c)?.size ?? 0,
    put: (c, id, v) => apply([putOp(c, id, v)]),
    delete: (c, id) => apply([delOp(c, id)]),
    batch(fn) {
      const ops: Array<() => void> = [];
      fn({ put: (c, id, v) => void ops.push(putOp(c, id, v)), delete: (c, id) => void ops.push(delOp(c, id)) });
      apply(ops);
    },
    clear: () => data.clear(),
    close: () => undefined,
  };
}

/** True when a store offers the zero-copy read views. */
export function hasReadViews(store: Store): store is Store & ReadViews {
  const s = store as Partial<ReadViews>;
  return typeof s.view === 'function' && typeof s.scan === 'function' && typeof s.count === 'function';
}
