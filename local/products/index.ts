/**
 * The local Jira and Confluence (docs/architecture.md, "The local site"): `createProducts({store, clock})` answers product
 * REST calls with Atlassian's shapes, enforcing Forge's scope rule and the acting user's
 * permissions, on state kept in the durable `Store`.
 */
import type { Clock, OutboxEntry, ProductRequest, ProductResponse, Products, SeedName, SiteUser, Store } from '../site-api';
import { Db } from './db';
import { HttpError, confluenceError, jiraError } from './http';
import { loadIndex, type EntityPropertyIndex } from './manifest-index';
import { BASE_URL } from './model';
import { matchRoute } from './router';
import { findOperation, missingScopes, normalisePath } from './scopes';
import { DEMO_APP_SETUP, seedDemo } from './seeds/demo';
import { seedEmpty } from './seeds/empty';

export interface ProductsOptions {
  store: Store;
  clock: Clock;
  /** Entity-property search aliases; read from manifest.yml when omitted. */
  index?: EntityPropertyIndex;
}

export interface LocalProducts extends Products {
  /** Typed access to the state, for seeds, benchmarks and tests. */
  readonly db: Db;
  setBaseUrl(url: string): void;
}

export function createProducts({ store, clock, index = loadIndex() }: ProductsOptions): LocalProducts {
  const db = new Db(
    store,
    [...index.byPath.values()]
      .filter((v) => v.type === 'string' || v.type === 'user')
      .map((v) => ({ propertyKey: v.propertyKey, path: v.path })),
  );
  let baseUrl = BASE_URL;

  function handleSync(req: ProductRequest): ProductResponse {
    const url = new URL(req.path, 'http://local');
    const pathname = normalisePath(req.product, url.pathname);
    const method = req.method.toUpperCase();
    const op = findOperation(req.product, method, pathname);
    if (req.scopes !== undefined) {
      const missing = op ? missingScopes(op, req.scopes) : undefined;
      if (missing) {
        return {
          status: 401,
          headers: { 'content-type': 'application/json', 'x-local-missing-scopes': missing.join(' ') },
          body: JSON.stringify({ code: 401, message: 'Unauthorized; scope does not match' }),
        };
      }
    }
    const route = matchRoute(req.product, method, pathname);
    if (!route) {
      const what = `${method} ${pathname}`;
      if (op) {
        throw req.product === 'jira'
          ? jiraError(501, [`The local site does not implement ${what} (${op.template}).`])
          : confluenceError(501, `The local site does not implement ${what} (${op.template}).`);
      }
      throw req.product === 'jira'
        ? jiraError(404, [`null for uri: ${pathname}`])
        : confluenceError(404, 'Not Found', `No such endpoint: ${what}`);
    }
    if (req.actor.kind === 'user' && !db.user(req.actor.accountId)) {
      throw req.product === 'jira'
        ? jiraError(401, ['You are not authenticated. Authentication required to perform this operation.'])
        : confluenceError(401, 'Unauthorized');
    }
    return route.handler({
      db,
      clock,
      actor: req.actor,
      method,
      path: pathname,
      query: url.searchParams,
      params: route.params,
      body: req.body,
      index,
      baseUrl,
    });
  }

  return {
    db,
    searchLag: db.searchLag,
    async handle(req) {
      try {
        return handleSync(req);
      } catch (e) {
        if (e instanceof HttpError) {
          return {
            status: e.status,
            headers: { 'content-type': 'application/json;charset=UTF-8', ...e.headers },
            body: JSON.stringify(e.body),
          };
        }
        const msg = e instanceof Error ? e.message : String(e);
        const body =
          req.product === 'jira'
            ? { errorMessages: [`Internal server error: ${msg}`], errors: {} }
            : { errors: [{ status: 500, code: 'INTERNAL_SERVER_ERROR', title: msg, detail: null }] };
        return { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      }
    },
    appSetup(seed: SeedName) {
      return seed === 'demo' ? DEMO_APP_SETUP : undefined;
    },
    reset(seed: SeedName) {
      db.clear();
      if (seed === 'demo') seedDemo(db, clock.now(), baseUrl);
      else seedEmpty(db, clock.now());
      db.searchIndexCaughtUp(); // a seed is state the index already holds
    },
    outbox(): OutboxEntry[] {
      return db.outbox();
    },
    users(): SiteUser[] {
      return db.users().map((u) => ({ ...u }));
    },
    setBaseUrl(url: string) {
      baseUrl = url.replace(/\/+$/, '');
    },
    setUserActive(accountId: string, active: boolean): SiteUser | undefined {
      const u = db.user(accountId);
      if (!u) return undefined;
      db.putUser({ ...u, active });
      return { ...u, active };
    },
  };
}

export { Db } from './db';
export { seedActionItems } from './seeds/bulk';
export { DEMO } from './seeds/demo';
export { APP_ACCOUNT_ID } from './context';
