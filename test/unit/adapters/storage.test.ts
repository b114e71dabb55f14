/**
 * The storage gateway's own rules, on a stand-in for @forge/kvs: batches of at most 25 keys with no
 * key twice (a key written twice keeps its last value), the retry schedule (100, 400, 1600 ms; 4
 * attempts) for 429 and 5xx only, and one StorageError for every failure.
 */
import { ForgeKvsAPIError, ForgeKvsError, kvs } from '@forge/kvs';
import * as storage from '../../../src/adapters/storage';

jest.mock('@forge/kvs', () => {
  const actual = jest.requireActual('@forge/kvs');
  return {
    ...actual,
    kvs: { get: jest.fn(), set: jest.fn(), delete: jest.fn(), batchGet: jest.fn(), batchSet: jest.fn(), batchDelete: jest.fn() },
  };
});

const mocked = kvs as unknown as Record<'get' | 'set' | 'delete' | 'batchGet' | 'batchSet' | 'batchDelete', jest.Mock>;
const apiError = (status: number, code: string) =>
  new ForgeKvsAPIError({ status, statusText: '', traceId: null } as never, { code, message: `${code} from storage` });

let sleeps: number[] = [];
let restore: () => void;
beforeEach(() => {
  for (const fn of Object.values(mocked)) fn.mockReset();
  sleeps = [];
  restore = storage.setStorageSleepForTests(async (ms) => void sleeps.push(ms));
});
afterEach(() => restore());

test('setMany writes 25 keys a call, each key once with its last value, and reports the keys storage refused', async () => {
  mocked.batchSet.mockImplementation(async (items: Array<{ key: string }>) => ({
    successfulKeys: items.slice(1),
    failedKeys: items.slice(0, 1),
  }));
  const writes = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 30}`, value: i, ttlDays: 2 }));
  const failed = await storage.setMany(writes);
  const calls = mocked.batchSet.mock.calls.map(([items]) => items as Array<{ key: string; value: number; options?: unknown }>);
  expect(calls.map((c) => c.length)).toEqual([25, 5]);
  const sent = calls.flat();
  expect(new Set(sent.map((i) => i.key)).size).toBe(30);
  expect(sent.find((i) => i.key === 'k3')).toEqual({ key: 'k3', value: 33, options: { ttl: { value: 2, unit: 'DAYS' } } });
  expect(failed).toEqual([calls[0]![0]!.key, calls[1]![0]!.key]);
});

test('getMany and removeMany ask for each key once, 25 a call', async () => {
  mocked.batchGet.mockImplementation(async (items: Array<{ key: string }>) => ({
    successfulKeys: items.map((i) => ({ key: i.key, value: i.key.toUpperCase() })),
    failedKeys: [],
  }));
  mocked.batchDelete.mockResolvedValue({ successfulKeys: [], failedKeys: [] });
  const keys = [...Array.from({ length: 26 }, (_, i) => `a${i}`), 'a0', 'a1'];
  const got = await storage.getMany(keys);
  expect(mocked.batchGet.mock.calls.map(([items]) => (items as unknown[]).length)).toEqual([25, 1]);
  expect(got.get('a25')).toBe('A25');
  await storage.removeMany(keys);
  expect(mocked.batchDelete.mock.calls.map(([items]) => (items as unknown[]).length)).toEqual([25, 1]);
});

test('reads are retried like writes on 429 and 5xx: 100, 400, 1600 ms, then a StorageError', async () => {
  mocked.get.mockRejectedValueOnce(apiError(503, 'INTERNAL_SERVER_ERROR')).mockResolvedValueOnce({ n: 1 });
  await expect(storage.get('x')).resolves.toEqual({ n: 1 });
  expect(sleeps).toEqual([100]);

  sleeps = [];
  mocked.set.mockRejectedValue(apiError(429, 'RATE_LIMIT_EXCEEDED'));
  const err = await storage.set('x', 1).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(storage.StorageError);
  expect(err).toMatchObject({
    operation: 'set',
    status: 429,
    code: 'RATE_LIMIT_EXCEEDED',
    attempts: 4,
    rateLimited: true,
    transient: true,
  });
  expect(mocked.set).toHaveBeenCalledTimes(4);
  expect(sleeps).toEqual([100, 400, 1600]);
});

test('a final answer (400, 413) or a client-side error is not retried', async () => {
  mocked.set.mockRejectedValueOnce(apiError(413, 'MAX_SIZE'));
  await expect(storage.set('x', 'big')).rejects.toMatchObject({ status: 413, code: 'MAX_SIZE', attempts: 1, transient: false });
  mocked.get.mockRejectedValueOnce(new ForgeKvsError('bad builder'));
  await expect(storage.get('x')).rejects.toMatchObject({ status: undefined, code: 'CLIENT_ERROR', attempts: 1 });
  expect(sleeps).toEqual([]);
});

test('setIfAbsent is false exactly when storage answers 409 to FAIL_IF_EXISTS; other refusals stay errors', async () => {
  mocked.set.mockResolvedValueOnce(undefined);
  await expect(storage.setIfAbsent('lock', 1, { ttlSeconds: 30 })).resolves.toBe(true);
  expect(mocked.set).toHaveBeenLastCalledWith('lock', 1, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 30, unit: 'SECONDS' } });
  mocked.set.mockRejectedValueOnce(apiError(409, 'KEY_CONFLICT'));
  await expect(storage.setIfAbsent('lock', 1)).resolves.toBe(false);
  mocked.set.mockRejectedValueOnce(apiError(400, 'INVALID_KEY'));
  await expect(storage.setIfAbsent('lock', 1)).rejects.toMatchObject({ code: 'INVALID_KEY' });
});
