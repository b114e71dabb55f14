/** Everything the HTTP layer needs from a running local site. */
import type { AppManifest, SiteClock, SiteRuntime } from '../runtime';
import type { OutboxEntry, Products, Store } from '../site-api';

/** What the last scheduled run did, kept in memory for the Sweep & clock page. */
export interface LastScheduledRun {
  moduleKey: string;
  /** Site time when the run started. */
  at: string;
  ok: boolean;
  error?: string;
  /** What the trigger function returned (the sweep's own summary). */
  result?: unknown;
  deliveries: { total: number; failed: number };
  /** Mail Jira sent during the run. */
  mails: OutboxEntry[];
}

export interface Site {
  runtime: SiteRuntime;
  products: Products;
  store: Store;
  clock: SiteClock;
  manifest: AppManifest;
  /** Folder holding manifest.yml and static/ (resource paths are relative to it). */
  projectRoot: string;
  /** Set by POST /__site/scheduled/{key}; shown on the Sweep & clock page. */
  lastScheduledRun?: LastScheduledRun;
  /** What the Custom UI content security policy refused (the browsers' reports), newest last. */
  cspReports: CspReport[];
}

export interface CspReport {
  at: string;
  /** The directive that refused it (e.g. `style-src-attr`, `script-src-elem`). */
  directive: string;
  /** What was refused: a URL, or `inline` / `eval`. */
  blocked: string;
  /** The resource document it happened in. */
  document: string;
}
