/**
 * The local Atlassian site (docs/architecture.md, "The local site"). `npm start` runs this file: it opens the store in
 * `.local-site/`, resets it to the demo seed when it is new, and serves the site on PORT (8787).
 *
 * Tests and benchmarks call `startSite({ port: 0, dataDir, seed })` and get `{ url, stop() }`.
 */
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { hostPages } from './host';
import { createProducts } from './products';
import {
  createClock,
  loadManifest,
  SiteRuntime,
  type AppManifest,
  type AppModule,
  type LatencyProfile,
  type LoadApp,
  type TimeLimits,
} from './runtime';
import { createSiteServer } from './server/server';
import type { Site } from './server/site';
import type { Clock, Products, SeedName, Store } from './site-api';
import { openStore } from './store';

export type CreateProducts = (deps: { store: Store; clock: Clock }) => Products;

export interface StartSiteOptions {
  /** 0 picks a free port. Default: $PORT or 8787. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Where the store keeps its files. Default `<projectRoot>/.local-site`. */
  dataDir?: string;
  /** Reset to this seed on start. When omitted, a new (empty) data folder gets the demo seed and an existing one is kept. */
  seed?: SeedName;
  /** False: the app starts as newly installed (no settings), not with the seed's settings (SEED.md). Default true. */
  configureApp?: boolean;
  /** Folder with manifest.yml, src/ and static/. Default: the repository root. */
  projectRoot?: string;
  /** The parsed manifest to run. Default: `<projectRoot>/manifest.yml` (tests pass variants). */
  manifest?: AppManifest;
  /** Loads the app's entry module. Default: require(`<projectRoot>/src/index.ts`). */
  loadApp?: LoadApp;
  /** Builds the Jira + Confluence products. Default: local/products' createProducts. */
  createProducts?: CreateProducts;
  timeLimits?: Partial<TimeLimits>;
  /** Latency accounted to each product and storage call (off unless given; PUT /__site/latency changes it). */
  latency?: LatencyProfile;
  /** Forge's storage quotas on the app's storage calls; default on (off only for tests that seed huge data). */
  storageQuotas?: boolean;
  /** fsync the journal after each commit (default true); off only for throwaway sites (benchmarks on a temp folder). */
  fsync?: boolean;
  /** One invocation at a time, so each one's heap figure is its own (the benchmark; local/runtime/memory.ts). */
  isolateInvocations?: boolean;
}

export interface RunningSite {
  url: string;
  port: number;
  site: Site;
  stop(): Promise<void>;
}

export const PROJECT_ROOT = path.resolve(__dirname, '..');

function isAppModule(v: unknown): v is AppModule {
  return typeof v === 'object' && v !== null;
}

function defaultLoadApp(projectRoot: string): LoadApp {
  return () => {
    // CommonJS require: tsx (npm start) and ts-jest (tests) both compile the .ts entry on load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod: unknown = require(path.join(projectRoot, 'src', 'index.ts'));
    if (!isAppModule(mod)) throw new Error('src/index.ts did not load as a module');
    return mod;
  };
}

export async function startSite(options: StartSiteOptions = {}): Promise<RunningSite> {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const dataDir = options.dataDir ?? path.join(projectRoot, '.local-site');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (process.env.PORT ? Number(process.env.PORT) : 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${String(options.port ?? process.env.PORT)}`);

  const manifest = options.manifest ?? loadManifest(projectRoot);
  const store = openStore(dataDir, options.fsync === false ? { fsync: false } : {});
  try {
    const clock = createClock(store);
    const products = (options.createProducts ?? createProducts)({ store, clock });
    const runtime = new SiteRuntime({
      store,
      products,
      clock,
      manifest,
      loadApp: options.loadApp ?? defaultLoadApp(projectRoot),
      ...(options.timeLimits ? { timeLimits: options.timeLimits } : {}),
      ...(options.latency ? { latency: options.latency } : {}),
      ...(options.storageQuotas === false ? { storageQuotas: false } : {}),
      ...(options.isolateInvocations ? { isolateInvocations: true } : {}),
    });
    const site: Site = { runtime, products, store, clock, manifest, projectRoot, cspReports: [] };
    const server = createSiteServer(site, hostPages);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const actualPort = (server.address() as AddressInfo).port;
    // The site's one address: every link it hands out and the README use it, and the server
    // sends a browser that came by another loopback name (localhost) here (server.ts).
    const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${actualPort}`;
    runtime.setSiteUrl(url);
    // Seeded after the address is known: the seed's links to pages carry the site's address.
    try {
      if (options.seed) await runtime.reset(options.seed, { configureApp: options.configureApp !== false });
      else if (runtime.isEmpty()) await runtime.reset('demo');
    } catch (e) {
      server.close();
      throw e;
    }
    let stopped = false;
    return {
      url,
      port: actualPort,
      site,
      async stop() {
        if (stopped) return;
        stopped = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await runtime.queue.drain();
        store.close();
      },
    };
  } catch (e) {
    store.close();
    throw e;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const running = await startSite();
  const u = running.url;
  console.log(`Local Atlassian site for "Postmortems for Confluence and Jira" is up (${Date.now() - started} ms).

  Index ............ ${u}/
  Confluence page .. ${u}/confluence
  Jira issues ...... ${u}/jira
  Report ........... ${u}/jira/apps/postmortem-report
  Admin settings ... ${u}/jira/settings/apps/postmortem-settings
  Outbox ........... ${u}/outbox
  Sweep and clock .. ${u}/scheduler
  Control API ...... ${u}/__site/...   (see "The local Atlassian site" in README.md)

Press Ctrl+C to stop.`);
  const shutdown = (signal: string) => {
    console.log(`\n${signal}: stopping the local site...`);
    running.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error('The local site could not start:', e);
    process.exit(1);
  });
}
