/** Test helper: a local Jira + Confluence on an in-memory store, with a settable clock. */
import { createProducts, type LocalProducts } from '../../../local/products';
import { DEMO } from '../../../local/products/seeds/demo';
import { memoryStore } from '../../../local/store';
import type { Actor, Clock } from '../../../local/site-api';

export const NOW = new Date('2026-03-04T09:00:00Z');

export interface Call {
  status: number;
  headers: Record<string, string>;
  json: unknown;
  text: string;
}

export interface TestSite {
  products: LocalProducts;
  clock: Clock;
  jira(method: string, path: string, body?: unknown, opts?: CallOpts): Promise<Call>;
  conf(method: string, path: string, body?: unknown, opts?: CallOpts): Promise<Call>;
}

export interface CallOpts {
  /** Account id to act as (default: the app). */
  as?: string;
  scopes?: readonly string[];
  /** Send this raw text as the body instead of JSON. */
  raw?: string;
}

export const U = Object.fromEntries(Object.entries(DEMO.users).map(([k, v]) => [k, v.accountId])) as Record<
  keyof typeof DEMO.users,
  string
>;

export function makeSite(seed: 'demo' | 'empty' = 'demo', now = NOW): TestSite {
  let t = now;
  const clock: Clock = { now: () => t, set: (d) => void (t = d) };
  const products = createProducts({ store: memoryStore(), clock });
  products.reset(seed);
  const call = async (product: 'jira' | 'confluence', method: string, path: string, body?: unknown, opts: CallOpts = {}): Promise<Call> => {
    const actor: Actor = opts.as ? { kind: 'user', accountId: opts.as } : { kind: 'app' };
    const r = await products.handle({
      product,
      method,
      path,
      headers: {},
      body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      actor,
      scopes: opts.scopes,
    });
    let json: unknown = undefined;
    if (r.body !== '') json = JSON.parse(r.body);
    return { status: r.status, headers: r.headers, json, text: r.body };
  };
  return {
    products,
    clock,
    jira: (m, p, b, o) => call('jira', m, p, b, o),
    conf: (m, p, b, o) => call('confluence', m, p, b, o),
  };
}

/** Issue keys of a search response. */
export function keys(r: Call): string[] {
  const body = r.json as { issues?: Array<{ key: string }> };
  return (body.issues ?? []).map((i) => i.key);
}

export async function jql(site: TestSite, q: string, opts: CallOpts = {}): Promise<Call> {
  return site.jira('POST', '/rest/api/3/search/jql', { jql: q, maxResults: 100, fields: ['summary'] }, opts);
}
