/**
 * The seams inside the local Atlassian site (docs/architecture.md, "The local site").
 *
 *   local/store/     a durable, journaled document store (every committed write survives kill -9)
 *   local/products/  stateful Jira + Confluence REST (and the outbox) on top of the store
 *   local/runtime/   the Forge runtime: __forge_fetch__/__forge_runtime__, KVS, queues,
 *                    scheduled triggers, resolver invocation, request log, fault rules
 *   local/server/    HTTP: control API, REST passthrough, host pages and the bridge host
 *
 * The runtime and server only talk to products through `Products`, and to storage through `Store`.
 */

/** Who a product call is made as. `app` = asApp(); `user` = asUser() or a bridge request. */
export type Actor = { kind: 'app' } | { kind: 'user'; accountId: string };

export interface ProductRequest {
  product: 'jira' | 'confluence';
  method: string;
  /** Path with query string, exactly as the app sent it, e.g. `/rest/api/3/search/jql?jql=...`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  actor: Actor;
  /**
   * Scopes granted to the caller (the manifest's `permissions.scopes`). Undefined means "no scope
   * check" (used only by the site's own control API and tests that act as a person through REST).
   */
  scopes?: readonly string[];
}

export interface ProductResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface OutboxEntry {
  issueKey: string;
  to: string[];
  subject: string;
  textBody: string;
  htmlBody: string;
  at: string;
  /**
   * Named recipients Jira did not mail, as Jira drops them: an inactive account, or one that may
   * not browse the issue (docs/platform.md, Jira). Absent when nobody was dropped.
   */
  dropped?: Array<{ accountId: string; reason: 'inactive' | 'cannot-browse' }>;
}

export interface SiteUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  active: boolean;
  /** Site admins (Jira administrators) may change the app's settings. */
  siteAdmin: boolean;
  /** The Jira groups the user belongs to, by name (notify's `to.groups` mails their members). */
  groups?: string[];
}

export interface Clock {
  now(): Date;
  set(now: Date): void;
}

/** A collection-keyed document store; every put/delete is durable when it returns. */
export interface Store {
  get<T = unknown>(collection: string, id: string): T | undefined;
  list<T = unknown>(collection: string): Array<[string, T]>;
  put(collection: string, id: string, value: unknown): void;
  delete(collection: string, id: string): void;
  /** Several writes that land together or not at all. */
  batch(fn: (tx: { put: Store['put']; delete: Store['delete'] }) => void): void;
  /** Drops every collection (used by reset). */
  clear(): void;
  close(): void;
}

export interface Products {
  handle(req: ProductRequest): Promise<ProductResponse>;
  /** Replace all product state with a documented seed. */
  reset(seed: SeedName): void;
  /**
   * How the seed's site admin configured the app, if the seed says (the demo seed does): the site
   * saves it through the app's own settings calls at reset, so it is checked like any save.
   */
  appSetup?(seed: SeedName): SeedAppSetup | undefined;
  outbox(): OutboxEntry[];
  users(): SiteUser[];
  /**
   * The site's own address (e.g. http://127.0.0.1:8787), once the server listens: the products
   * build the web links they hand out (`_links.base`, page URLs) from it.
   */
  setBaseUrl?(url: string): void;
  /** How long (real ms) Jira's search lags writes; 0 = none (docs/platform.md, Jira REST). */
  readonly searchLag?: { ms: number };
  /** Deactivates or reactivates a user (as a site admin does in Atlassian administration); undefined when there is no such user. */
  setUserActive(accountId: string, active: boolean): SiteUser | undefined;
}

export type SeedName = 'demo' | 'empty';

/**
 * App settings a seed sets, as its site admin would on the settings page: `read` answers
 * `{ ok, data: { settings, version } }`; `save` takes `{ settings, version }` with `patch`
 * laid over the settings read (top-level keys replaced).
 */
export interface SeedAppSetup {
  accountId: string;
  functionKey: string;
  moduleKey: string;
  read: string;
  save: string;
  patch: Record<string, unknown>;
  /**
   * App storage entries as the app itself would have written them on this site before the seed's
   * day (key → value), written into the installation's storage before the settings are saved.
   */
  storage?: (now: Date) => Record<string, unknown>;
  /** Entries of app storage's encrypted part (`kvs.setSecret`), as the app would have written them. */
  secrets?: () => Record<string, unknown>;
}
