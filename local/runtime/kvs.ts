/**
 * Forge key-value storage on the site's Store: answers the calls the unmodified @forge/kvs
 * client posts through `__forge_fetch__({type:'kvs'}, '/api/v1/...', {body})`.
 *
 * Rules (docs/platform.md, "Forge storage (`@forge/kvs`) limits and errors"): keys are 1–500
 * characters of `[a-zA-Z0-9:._\s-#]`, values at most 240 KiB of JSON, queries at most 20 results a
 * page (key order, opaque cursor), batches 1–25 keys with no key twice. Supports get, set (TTL,
 * FAIL_IF_EXISTS, return PREVIOUS/LATEST), delete, query (`where key` conditions), batch
 * get/set/delete, secrets, custom-entity get/set/delete and transactions with checks.
 * Errors answer like Forge: `{code, message}` with a 4xx status. The app's calls (`answer`) are
 * held to Forge's storage quotas (./kvs-quotas.ts); `handle` answers the site's own reads unmetered.
 */
import { z } from 'zod';
import type { Clock, Store } from '../site-api';
import { KvsQuotas, unitsOf, type KvsCallKind } from './kvs-quotas';

export const KVS_MAX_KEY_LENGTH = 500;
export const KVS_MAX_VALUE_BYTES = 240 * 1024;
export const KVS_MAX_PAGE = 20;
const KEY_PATTERN = /^[a-zA-Z0-9:._\s\-#]+$/;
const ENTITY_NAME = z.string().regex(/^[a-z0-9:\-_.]{3,60}$/, 'entity names are 3–60 of a-z 0-9 : - _ .');

type Namespace = 'kvs' | 'kvs-secret' | 'kvs-entity';

interface StoredItem {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireTime?: string;
}

const StoredItemSchema = z.object({
  value: z.unknown(),
  createdAt: z.number(),
  updatedAt: z.number(),
  expireTime: z.string().optional(),
});

export interface KvsAnswer {
  status: number;
  body: string;
}

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const Key = z.string();
const Ttl = z.object({ value: z.number().int().positive(), unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']) });
const SetOptions = z
  .object({
    ttl: Ttl.optional(),
    keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
    returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
    returnMetadataFields: z.array(z.string()).optional(),
  })
  .optional();
const GetBody = z.object({ key: Key, options: z.unknown().optional() });
const SetBody = z.object({ key: Key, value: z.unknown(), options: SetOptions });
const DeleteBody = z.object({ key: Key });
const EntityGetBody = GetBody.extend({ entityName: ENTITY_NAME });
const EntitySetBody = SetBody.extend({ entityName: ENTITY_NAME });
const EntityDeleteBody = DeleteBody.extend({ entityName: ENTITY_NAME });
const Condition = z.object({
  property: z.string(),
  condition: z.enum([
    'BEGINS_WITH',
    'BETWEEN',
    'CONTAINS',
    'NOT_CONTAINS',
    'EQUAL_TO',
    'NOT_EQUAL_TO',
    'EXISTS',
    'NOT_EXISTS',
    'GREATER_THAN',
    'GREATER_THAN_EQUAL_TO',
    'LESS_THAN',
    'LESS_THAN_EQUAL_TO',
  ]),
  values: z.array(z.unknown()),
});
type Condition = z.infer<typeof Condition>;
const QueryBody = z.object({
  limit: z.number().int().optional(),
  after: z.string().optional(),
  where: z.array(Condition).optional(),
  options: z.unknown().optional(),
});
const Conditions = z.object({ and: z.array(Condition).optional(), or: z.array(Condition).optional() });
type Conditions = z.infer<typeof Conditions>;
const TxBody = z.object({
  set: z
    .array(
      z.object({
        key: Key,
        value: z.unknown(),
        entityName: ENTITY_NAME.optional(),
        conditions: Conditions.optional(),
        options: SetOptions,
      }),
    )
    .optional(),
  delete: z.array(z.object({ key: Key, entityName: ENTITY_NAME.optional(), conditions: Conditions.optional() })).optional(),
  check: z.array(z.object({ key: Key, entityName: ENTITY_NAME.optional(), conditions: Conditions })).optional(),
});
export const KVS_MAX_BATCH = 25;
const BatchItems = z.array(
  z.object({ key: Key, value: z.unknown().optional(), entityName: ENTITY_NAME.optional(), options: z.unknown().optional() }),
);

/** A batch names 1–25 keys, each once; otherwise the whole batch fails and nothing is done. */
function checkBatch(items: z.infer<typeof BatchItems>): z.infer<typeof BatchItems> {
  if (items.length === 0) throw new KvsError(400, 'INVALID_REQUEST', 'A batch needs at least one key.');
  if (items.length > KVS_MAX_BATCH)
    throw new KvsError(
      400,
      'INVALID_REQUEST',
      `A batch takes at most ${KVS_MAX_BATCH} keys; this one has ${items.length}. Nothing was done.`,
    );
  const seen = new Set<string>();
  for (const it of items) {
    const id = `${it.entityName ?? ''}/${it.key}`;
    if (seen.has(id))
      throw new KvsError(400, 'INVALID_REQUEST', `The batch names "${it.key}" more than once; nothing was done. Send each key once.`);
    seen.add(id);
  }
  return items;
}

const BATCH_PATHS = new Set(['/api/v1/batch/set', '/api/v1/batch/get', '/api/v1/batch/delete']);
const WRITE_PATHS = new Set([
  '/api/v1/set',
  '/api/v1/secret/set',
  '/api/v1/entity/set',
  '/api/v1/delete',
  '/api/v1/secret/delete',
  '/api/v1/entity/delete',
  '/api/v1/transaction',
]);

function kindOf(path: string): KvsCallKind {
  if (BATCH_PATHS.has(path)) return 'batch';
  return WRITE_PATHS.has(path) ? 'write' : 'read';
}

function rateLimited(message: string): KvsAnswer {
  return { status: 429, body: JSON.stringify({ code: 'RATE_LIMIT_EXCEEDED', message }) };
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > KVS_MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    throw new KvsError(
      400,
      'INVALID_KEY',
      `Invalid key "${key.slice(0, 60)}": keys are 1–${KVS_MAX_KEY_LENGTH} characters of a-z, A-Z, 0-9, ':', '.', '_', '-', '#' and whitespace.`,
    );
  }
}

function checkValue(value: unknown): void {
  if (value === undefined) throw new KvsError(400, 'INVALID_VALUE', 'A value is required.');
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > KVS_MAX_VALUE_BYTES) {
    throw new KvsError(413, 'VALUE_TOO_LARGE', `The value is ${bytes} bytes; the limit is ${KVS_MAX_VALUE_BYTES} bytes (240 KiB).`);
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function testCondition(actual: unknown, c: Condition): boolean {
  const [v0, v1] = c.values;
  switch (c.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(v0));
    case 'CONTAINS':
      return (typeof actual === 'string' && actual.includes(String(v0))) || (Array.isArray(actual) && actual.includes(v0));
    case 'NOT_CONTAINS':
      return !((typeof actual === 'string' && actual.includes(String(v0))) || (Array.isArray(actual) && actual.includes(v0)));
    case 'EQUAL_TO':
      return actual === v0;
    case 'NOT_EQUAL_TO':
      return actual !== v0;
    case 'BETWEEN':
      return actual !== undefined && compare(actual, v0) >= 0 && compare(actual, v1) <= 0;
    case 'GREATER_THAN':
      return actual !== undefined && compare(actual, v0) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return actual !== undefined && compare(actual, v0) >= 0;
    case 'LESS_THAN':
      return actual !== undefined && compare(actual, v0) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return actual !== undefined && compare(actual, v0) <= 0;
  }
}

function field(value: unknown, property: string): unknown {
  let cur: unknown = value;
  for (const part of property.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function conditionsHold(value: unknown, conditions: Conditions | undefined): boolean {
  if (!conditions) return true;
  const and = conditions.and ?? [];
  const or = conditions.or ?? [];
  return (
    and.every((c) => testCondition(field(value, c.property), c)) &&
    (or.length === 0 || or.some((c) => testCondition(field(value, c.property), c)))
  );
}

function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const r = z.object({ k: z.string() }).parse(parsed);
    return r.k;
  } catch {
    throw new KvsError(400, 'INVALID_CURSOR', 'The cursor is not one this store gave out.');
  }
}

function ttlMs(ttl: z.infer<typeof Ttl>): number {
  const unit = { SECONDS: 1000, MINUTES: 60000, HOURS: 3600000, DAYS: 86400000 }[ttl.unit];
  return ttl.value * unit;
}

export class KvsService {
  readonly quotas: KvsQuotas;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    options: { quotas?: boolean } = {},
  ) {
    this.quotas = new KvsQuotas(clock, undefined, options.quotas ?? true);
  }

  /**
   * Answers one call the app made through @forge/kvs, within Forge's storage quotas: over one,
   * 429 `RATE_LIMIT_EXCEEDED` and nothing done. `nowMs` is the site time as the calling invocation
   * sees it (the site clock plus any latency accounted to it); the site clock when omitted. Never throws.
   */
  answer(path: string, bodyText: string | undefined, nowMs?: number): KvsAnswer {
    const kind = kindOf(path.split('?')[0] ?? path);
    if (kind === 'read') {
      // A read is sized by what it returns, and changes nothing: answer first, then count.
      const answer = this.handle(path, bodyText);
      const refused = this.quotas.admit('read', unitsOf(Buffer.byteLength(answer.body)), nowMs);
      return refused ? rateLimited(refused.message) : answer;
    }
    const refused = this.quotas.admit(kind, kind === 'write' ? unitsOf(Buffer.byteLength(bodyText ?? '')) : 0, nowMs);
    return refused ? rateLimited(refused.message) : this.handle(path, bodyText);
  }

  /** Answers one @forge/kvs call. Never throws. */
  handle(path: string, bodyText: string | undefined): KvsAnswer {
    try {
      let body: unknown;
      try {
        body = bodyText ? JSON.parse(bodyText) : {};
      } catch {
        throw new KvsError(400, 'INVALID_REQUEST', 'The request body is not JSON.');
      }
      return this.route(path.split('?')[0] ?? path, body);
    } catch (e) {
      if (e instanceof KvsError) return { status: e.status, body: JSON.stringify({ code: e.code, message: e.message }) };
      if (e instanceof z.ZodError) {
        return {
          status: 400,
          body: JSON.stringify({ code: 'INVALID_REQUEST', message: e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }),
        };
      }
      return { status: 500, body: JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: e instanceof Error ? e.message : String(e) }) };
    }
  }

  private route(path: string, body: unknown): KvsAnswer {
    switch (path) {
      case '/api/v1/get':
        return this.get('kvs', GetBody.parse(body).key);
      case '/api/v1/secret/get':
        return this.get('kvs-secret', GetBody.parse(body).key);
      case '/api/v1/entity/get': {
        const b = EntityGetBody.parse(body);
        return this.get('kvs-entity', b.key, b.entityName);
      }
      case '/api/v1/set': {
        const b = SetBody.parse(body);
        return this.set('kvs', b.key, b.value, b.options);
      }
      case '/api/v1/secret/set': {
        const b = SetBody.parse(body);
        return this.set('kvs-secret', b.key, b.value, b.options);
      }
      case '/api/v1/entity/set': {
        const b = EntitySetBody.parse(body);
        return this.set('kvs-entity', b.key, b.value, b.options, b.entityName);
      }
      case '/api/v1/delete':
        return this.del('kvs', DeleteBody.parse(body).key);
      case '/api/v1/secret/delete':
        return this.del('kvs-secret', DeleteBody.parse(body).key);
      case '/api/v1/entity/delete': {
        const b = EntityDeleteBody.parse(body);
        return this.del('kvs-entity', b.key, b.entityName);
      }
      case '/api/v1/query':
        return this.query(QueryBody.parse(body));
      case '/api/v1/entity/query':
        throw new KvsError(400, 'INVALID_REQUEST', 'Custom entity indexes are not declared in manifest.yml, so they cannot be queried.');
      case '/api/v1/batch/set':
        return this.batchSet(checkBatch(BatchItems.parse(body)));
      case '/api/v1/batch/get':
        return this.batchGet(checkBatch(BatchItems.parse(body)));
      case '/api/v1/batch/delete':
        return this.batchDelete(checkBatch(BatchItems.parse(body)));
      case '/api/v1/transaction':
        return this.transact(TxBody.parse(body));
      default:
        throw new KvsError(404, 'NOT_FOUND', `The local KVS does not implement ${path}.`);
    }
  }

  private id(key: string, entityName?: string): string {
    checkKey(key);
    return entityName ? `${entityName}/${key}` : key;
  }

  private read(ns: Namespace, id: string): StoredItem | undefined {
    const raw = this.store.get(ns, id);
    if (raw === undefined) return undefined;
    const item = StoredItemSchema.parse(raw);
    if (item.expireTime && Date.parse(item.expireTime) <= this.clock.now().getTime()) return undefined;
    return item;
  }

  private get(ns: Namespace, key: string, entityName?: string): KvsAnswer {
    const item = this.read(ns, this.id(key, entityName));
    if (!item) throw new KvsError(404, 'KEY_NOT_FOUND', `No value is stored under "${key}".`);
    return { status: 200, body: JSON.stringify({ key, ...(entityName ? { entityName } : {}), ...item }) };
  }

  private prepareSet(ns: Namespace, key: string, value: unknown, options: z.infer<typeof SetOptions>, entityName?: string) {
    const id = this.id(key, entityName);
    checkValue(value);
    const previous = this.read(ns, id);
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) {
      throw new KvsError(
        409,
        'KEY_CONFLICT',
        `A value is already stored under "${key}" and the write asked FAIL_IF_EXISTS; nothing was written.`,
      );
    }
    const now = this.clock.now().getTime();
    const item: StoredItem = { value, createdAt: previous?.createdAt ?? now, updatedAt: now };
    if (options?.ttl) item.expireTime = new Date(now + ttlMs(options.ttl)).toISOString();
    return { id, item, previous };
  }

  private set(ns: Namespace, key: string, value: unknown, options: z.infer<typeof SetOptions>, entityName?: string): KvsAnswer {
    const { id, item, previous } = this.prepareSet(ns, key, value, options, entityName);
    this.store.put(ns, id, item);
    if (options?.returnValue) {
      const returned = options.returnValue === 'PREVIOUS' ? previous : item;
      if (!returned) return { status: 204, body: '' };
      return { status: 200, body: JSON.stringify({ key, ...returned }) };
    }
    return { status: 204, body: '' };
  }

  private del(ns: Namespace, key: string, entityName?: string): KvsAnswer {
    this.store.delete(ns, this.id(key, entityName));
    return { status: 204, body: '' };
  }

  private query(q: z.infer<typeof QueryBody>): KvsAnswer {
    const limit = q.limit ?? 10;
    if (limit < 1 || limit > KVS_MAX_PAGE) {
      throw new KvsError(400, 'INVALID_REQUEST', `limit must be between 1 and ${KVS_MAX_PAGE}; it was ${limit}.`);
    }
    for (const w of q.where ?? []) {
      if (w.property !== 'key') throw new KvsError(400, 'INVALID_REQUEST', `Queries can only filter on "key", not "${w.property}".`);
    }
    const after = q.after !== undefined ? decodeCursor(q.after) : undefined;
    const now = this.clock.now().getTime();
    const matches = this.store
      .list('kvs')
      .map(([key, raw]) => ({ key, item: StoredItemSchema.parse(raw) }))
      .filter(({ item }) => !item.expireTime || Date.parse(item.expireTime) > now)
      .filter(({ key }) => (q.where ?? []).every((w) => testCondition(key, { ...w, values: w.values.map(String) })))
      .filter(({ key }) => after === undefined || key > after)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = matches.slice(0, limit);
    const last = page[page.length - 1];
    const data = page.map(({ key, item }) => ({ key, ...item }));
    return { status: 200, body: JSON.stringify({ data, ...(matches.length > limit && last ? { cursor: encodeCursor(last.key) } : {}) }) };
  }

  private batchSet(items: z.infer<typeof BatchItems>): KvsAnswer {
    const successfulKeys: Array<{ key: string; entityName?: string }> = [];
    const failedKeys: Array<{ key: string; entityName?: string; error: { code: string; message: string } }> = [];
    const writes: Array<{ ns: Namespace; id: string; item: StoredItem }> = [];
    for (const it of items) {
      const ref = { key: it.key, ...(it.entityName ? { entityName: it.entityName } : {}) };
      try {
        const ns: Namespace = it.entityName ? 'kvs-entity' : 'kvs';
        const options = SetOptions.parse(it.options);
        const { id, item } = this.prepareSet(ns, it.key, it.value, options, it.entityName);
        writes.push({ ns, id, item });
        successfulKeys.push(ref);
      } catch (e) {
        const err = e instanceof KvsError ? { code: e.code, message: e.message } : { code: 'INVALID_REQUEST', message: String(e) };
        failedKeys.push({ ...ref, error: err });
      }
    }
    this.store.batch((tx) => writes.forEach((w) => tx.put(w.ns, w.id, w.item)));
    return { status: 200, body: JSON.stringify({ successfulKeys, failedKeys }) };
  }

  private batchGet(items: z.infer<typeof BatchItems>): KvsAnswer {
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const it of items) {
      const ref = { key: it.key, ...(it.entityName ? { entityName: it.entityName } : {}) };
      try {
        const item = this.read(it.entityName ? 'kvs-entity' : 'kvs', this.id(it.key, it.entityName));
        if (item) successfulKeys.push({ ...ref, ...item });
        else failedKeys.push({ ...ref, error: { code: 'KEY_NOT_FOUND', message: `No value is stored under "${it.key}".` } });
      } catch (e) {
        failedKeys.push({
          ...ref,
          error: { code: e instanceof KvsError ? e.code : 'INVALID_REQUEST', message: e instanceof Error ? e.message : String(e) },
        });
      }
    }
    return { status: 200, body: JSON.stringify({ successfulKeys, failedKeys }) };
  }

  private batchDelete(items: z.infer<typeof BatchItems>): KvsAnswer {
    const ids = items.map((it) => ({ ns: (it.entityName ? 'kvs-entity' : 'kvs') as Namespace, id: this.id(it.key, it.entityName) }));
    this.store.batch((tx) => ids.forEach((x) => tx.delete(x.ns, x.id)));
    return {
      status: 200,
      body: JSON.stringify({
        successfulKeys: items.map((it) => ({ key: it.key, ...(it.entityName ? { entityName: it.entityName } : {}) })),
        failedKeys: [],
      }),
    };
  }

  private transact(tx: z.infer<typeof TxBody>): KvsAnswer {
    const ops = (tx.set?.length ?? 0) + (tx.delete?.length ?? 0) + (tx.check?.length ?? 0);
    if (ops === 0) throw new KvsError(400, 'INVALID_REQUEST', 'A transaction needs at least one operation.');
    if (ops > 25) throw new KvsError(400, 'INVALID_REQUEST', `A transaction has at most 25 operations; this one has ${ops}.`);
    const guard = (key: string, entityName: string | undefined, conditions: Conditions | undefined) => {
      if (!conditions) return;
      const current = this.read(entityName ? 'kvs-entity' : 'kvs', this.id(key, entityName));
      if (!conditionsHold(current?.value, conditions)) {
        throw new KvsError(409, 'CONDITIONAL_CHECK_FAILED', `The transaction's condition on "${key}" does not hold; nothing was written.`);
      }
    };
    for (const c of tx.check ?? []) guard(c.key, c.entityName, c.conditions);
    for (const s of tx.set ?? []) guard(s.key, s.entityName, s.conditions);
    for (const d of tx.delete ?? []) guard(d.key, d.entityName, d.conditions);
    const puts = (tx.set ?? []).map((s) => {
      const ns: Namespace = s.entityName ? 'kvs-entity' : 'kvs';
      return { ns, ...this.prepareSet(ns, s.key, s.value, s.options, s.entityName) };
    });
    const dels = (tx.delete ?? []).map((d) => ({
      ns: (d.entityName ? 'kvs-entity' : 'kvs') as Namespace,
      id: this.id(d.key, d.entityName),
    }));
    this.store.batch((b) => {
      puts.forEach((p) => b.put(p.ns, p.id, p.item));
      dels.forEach((d) => b.delete(d.ns, d.id));
    });
    return { status: 204, body: '' };
  }
}
