/**
 * The smallest store the runtime's KVS runs on, for the runtime tests: values round-trip through
 * JSON, a batch applies each write as it comes, and it has no read views (local/store's
 * memoryStore has them).
 */
import type { Store } from '../../../../local/site-api';

export function memoryStore(): Store {
  const data = new Map<string, Map<string, string>>();
  const col = (c: string) => data.get(c) ?? data.set(c, new Map()).get(c)!;
  const store: Store = {
    get: <T>(c: string, id: string) => {
      const v = data.get(c)?.get(id);
      return v === undefined ? undefined : (JSON.parse(v) as T);
    },
    list: <T>(c: string) =>
      [...(data.get(c) ?? new Map<string, string>()).entries()].map(([k, v]) => [k, JSON.parse(v) as T] as [string, T]),
    put: (c, id, v) => void col(c).set(id, JSON.stringify(v)),
    delete: (c, id) => void data.get(c)?.delete(id),
    batch: (fn) => fn({ put: store.put, delete: store.delete }),
    clear: () => data.clear(),
    close: () => undefined,
  };
  return store;
}
