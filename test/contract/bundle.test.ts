/**
 * The backend as `forge deploy` builds it: @forge/bundler's node bundler (webpack and ts-loader on
 * the project's tsconfig.json, with the local site's runtime wrapper instead of the CDN's), then
 * the bundled handlers run in the local site: a resolver as a person and the daily sweep as Forge
 * runs it (docs/platform.md, "Build and deploy").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleBackend, type BackendBundle } from '../../scripts/bundle-backend';
import { startSite, type RunningSite } from '../../local/main';
import { resolverName } from '../../src/contracts/names';
import { U, type Answer } from '../support/demo-site';
import { setClockPastSendHour } from '../support/send-hour';

const HANDLERS = [
  'adminResolver',
  'agendaResolver',
  'macroExport',
  'macroResolver',
  'panelResolver',
  'reportResolver',
  'sweepConsumer',
  'sweepRetry',
  'sweepTrigger',
];

describe('backend bundle (built by @forge/bundler, as forge deploy builds it)', () => {
  let bundle: BackendBundle;
  let running: RunningSite;
  let dataDir: string;
  let loads = 0;

  beforeAll(async () => {
    bundle = await bundleBackend();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-site-'));
    running = await startSite({
      port: 0,
      dataDir,
      seed: 'demo',
      loadApp: () => {
        loads++;
        // The runtime loader Forge starts (__forge__.cjs), which loads index.cjs.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(bundle.loaderFile) as Record<string, unknown>;
      },
    });
  }, 600_000);

  afterAll(async () => {
    await running?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (bundle) fs.rmSync(bundle.outDir, { recursive: true, force: true });
  });

  it('builds src/index.ts with the runtime files and no frontend code', () => {
    for (const f of ['index.cjs', '__forge__.cjs', '__forge_wrapper__.cjs', 'runtime.json']) {
      expect(fs.existsSync(path.join(bundle.outDir, f))).toBe(true);
    }
    expect(bundle.warnings).toEqual([]);
    expect(bundle.sources).toContain('src/index.ts');
    expect(bundle.sources.filter((f) => f.startsWith('static/') || f.startsWith('local/'))).toEqual([]);
    expect(bundle.packages.filter((p) => ['react', 'react-dom', 'preact', '@forge/bridge'].includes(p))).toEqual([]);
  });

  it('exports every handler the manifest names', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(bundle.entryFile) as Record<string, unknown>;
    expect(
      Object.keys(mod)
        .filter((k) => typeof mod[k] === 'function')
        .sort(),
    ).toEqual([...HANDLERS].sort());
    const manifestHandlers = [...running.site.manifest.functions.values()].map((f) => f.exportName).sort();
    expect(manifestHandlers).toEqual([...HANDLERS].sort());
  });

  it('answers a resolver call from the bundle, loaded once through the runtime loader', async () => {
    const answer = (await running.site.runtime.invokeResolver({
      functionKey: 'admin-resolver',
      resolver: resolverName('admin-resolver', 'getOverview'),
      accountId: U.priya,
    })) as Answer<{ settings: unknown }>;
    expect(answer.ok).toBe(true);
    expect(answer.data?.settings).toBeDefined();
    expect(loads).toBe(1);
  });

  it('runs the daily sweep from the bundle: its queue consumer sends the due mails', async () => {
    const before = running.site.products.outbox().length;
    setClockPastSendHour(running.site.clock); // the trigger starts the day's sweep at the send hour
    const run = await running.site.runtime.runScheduledTrigger('postmortem-sweep');
    expect(run.ok).toBe(true);
    expect(run.deliveries.length).toBeGreaterThan(0);
    expect(run.deliveries.every((d) => d.outcome === 'success')).toBe(true);
    expect(running.site.products.outbox().length).toBeGreaterThan(before);
  });
});
