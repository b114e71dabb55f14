/**
 * What the local-site test suites share: the demo seed's account ids, the resolver envelope and
 * the request-log entry as tests read them, and booting a site on its own temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSite, type RunningSite } from '../../local/main';
import type { ResolverError } from '../../src/contracts/resolver';
import { DEMO, type LocalProducts } from '../../local/products';

/** Demo-seed account ids by first name (local/products/SEED.md). */
export const U = Object.fromEntries(Object.entries(DEMO.users).map(([k, v]) => [k, v.accountId])) as Record<
  keyof typeof DEMO.users,
  string
>;

/** A resolver's `{ ok, data | error }` envelope as a test reads it. */
export interface Answer<T = unknown> {
  ok: boolean;
  data?: T;
  error?: ResolverError;
}

/** One entry of GET /__site/requests. */
export interface LoggedCall {
  seq: number;
  target: string;
  method: string;
  path: string;
  actor: string;
  status: number;
  functionKey: string;
  invocationId: string;
  fault?: boolean;
}

/** A local site with the demo seed on a fresh temp folder; `stop()` removes the folder too. */
export async function bootDemoSite(
  prefix: string,
  { configureApp = true }: { configureApp?: boolean } = {},
): Promise<{ running: RunningSite; dataDir: string; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const running = await startSite({ port: 0, dataDir, seed: 'demo', configureApp });
  return {
    running,
    dataDir,
    async stop() {
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A demo site for one test file: its URL, its products' state, and `stop()`. Suites extend it. */
export class DemoSite {
  protected constructor(
    readonly running: RunningSite,
    private readonly booted: { stop(): Promise<void> },
  ) {}

  get url(): string {
    return this.running.url;
  }
  get db(): LocalProducts['db'] {
    return (this.running.site.products as LocalProducts).db;
  }

  stop(): Promise<void> {
    return this.booted.stop();
  }
}
