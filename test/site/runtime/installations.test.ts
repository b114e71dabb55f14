/**
 * Installations (docs/platform.md, "Installation, compatibility and app storage"): the local site
 * keeps app storage, scheduled triggers and queue work per installation, as the platform does.
 * With `app.compatibility` declared (manifest.yml), one installation serves the Confluence macro
 * and the Jira pages: one store, one sweep. Without it, the same modules need two installations
 * that share nothing, and the daily sweep runs in each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startSite, PROJECT_ROOT, type RunningSite } from '../../../local/main';
import { parseManifest, type AppManifest } from '../../../local/runtime';
import { ALICE } from './support/fake-products';
import * as fixtureApp from './support/fixture-app';
import { startTestSite, type TestSite } from './support/site';
import { setClockPastSendHour } from '../../support/send-hour';

const MANIFEST_TEXT = fs.readFileSync(path.join(PROJECT_ROOT, 'manifest.yml'), 'utf8');

/** manifest.yml with its `app.compatibility` replaced (undefined: removed). */
function manifestWith(compatibility: unknown): AppManifest {
  const raw = parse(MANIFEST_TEXT) as { app: Record<string, unknown> };
  if (compatibility === undefined) delete raw.app.compatibility;
  else raw.app.compatibility = compatibility;
  return parseManifest(stringify(raw));
}

const MACRO = { type: 'macro', content: { id: '65537' }, space: { key: 'ENG', id: '98305' }, config: {} };

async function roundTrip(site: TestSite, value: string): Promise<{ seenByAdmin: unknown; seenByMacro: unknown }> {
  const set = await site.post('/__site/invoke/macro-resolver', {
    accountId: ALICE,
    resolver: 'kvs-set',
    payload: { key: 'shared', value },
    context: { extension: MACRO },
  });
  expect(set.status).toBe(200);
  const byAdmin = await site.post('/__site/invoke/admin-resolver', { accountId: ALICE, resolver: 'kvs-get', payload: { key: 'shared' } });
  const byMacro = await site.post('/__site/invoke/macro-resolver', {
    accountId: ALICE,
    resolver: 'kvs-get',
    payload: { key: 'shared' },
    context: { extension: MACRO },
  });
  return { seenByAdmin: (byAdmin.json as { result: unknown }).result, seenByMacro: (byMacro.json as { result: unknown }).result };
}

describe('the manifest declares its compatibility', () => {
  it('names Jira as the required app and Confluence as optional', () => {
    expect(parseManifest(MANIFEST_TEXT).compatibility).toEqual({ required: 'jira', optional: ['confluence'] });
  });

  it('is refused when no app, or two, are required, or a product with modules is not declared', async () => {
    expect(() => manifestWith({ jira: { required: true }, confluence: { required: true } })).toThrow(
      /exactly one Atlassian app required: true/,
    );
    expect(() => manifestWith({ jira: { required: false }, confluence: { required: false } })).toThrow(/exactly one/);
    const jiraOnly = manifestWith({ jira: { required: true } });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inst-'));
    await expect(startSite({ port: 0, dataDir, manifest: jiraOnly, loadApp: () => fixtureApp })).rejects.toThrow(
      /modules of confluence are used, but app.compatibility does not declare it/,
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('one installation (app.compatibility declared)', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({ seed: 'demo' });
  });
  afterAll(() => site.stop());

  it('serves Jira and Confluence: what the macro stores, the admin page reads', async () => {
    expect(site.site.runtime.installations.map((i) => i.products)).toEqual([['jira', 'confluence']]);
    expect(await roundTrip(site, 'from the macro')).toEqual({ seenByAdmin: 'from the macro', seenByMacro: 'from the macro' });
    const ids = new Set(site.site.runtime.invocations.map((i) => i.installationId));
    expect(ids.size).toBe(1);
  });

  it('runs the daily trigger once, and its queue work in the same installation', async () => {
    const before = fixtureApp.triggerCalls.length;
    const run = await site.post('/__site/scheduled/postmortem-sweep');
    expect(run.status).toBe(200);
    expect(fixtureApp.triggerCalls.length - before).toBe(1);
    const installationId = site.site.runtime.installation.id;
    expect((run.json as { installations: unknown[] }).installations).toEqual([{ installationId, ok: true }]);
    const consumers = site.site.runtime.invocations.filter((i) => i.kind === 'consumer');
    expect(consumers.length).toBeGreaterThan(0);
    expect(consumers.every((i) => i.installationId === installationId)).toBe(true);
  });
});

describe('without app.compatibility, the same modules need two installations that share nothing', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({ seed: 'demo', manifest: manifestWith(undefined) });
  });
  afterAll(() => site.stop());

  it('keeps the macro’s storage apart from the admin page’s', async () => {
    expect(site.site.runtime.installations.map((i) => i.products)).toEqual([['confluence'], ['jira']]);
    expect(await roundTrip(site, 'from the macro')).toEqual({ seenByAdmin: null, seenByMacro: 'from the macro' });
  });

  it('runs the daily trigger in each installation, each with its own queue work', async () => {
    const before = fixtureApp.triggerCalls.length;
    const run = await site.post('/__site/scheduled/postmortem-sweep');
    expect(run.status).toBe(200);
    expect(fixtureApp.triggerCalls.length - before).toBe(2);
    const ids = site.site.runtime.installations.map((i) => i.id);
    expect((run.json as { installations: Array<{ installationId: string }> }).installations.map((r) => r.installationId)).toEqual(ids);
    const consumerInstallations = new Set(site.site.runtime.invocations.filter((i) => i.kind === 'consumer').map((i) => i.installationId));
    expect([...consumerInstallations].sort()).toEqual([...ids].sort());
  });
});

describe('the app itself: one sweep, one ledger', () => {
  async function sweepOnce(manifest: AppManifest | undefined): Promise<{ mails: number; distinct: number }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inst-app-'));
    let running: RunningSite | undefined;
    try {
      // The app as newly installed: the seed's settings would reach only the installation holding the
      // settings page, and this compares the two installations' sweeps with the same (default) settings.
      running = await startSite({ port: 0, dataDir, seed: 'demo', configureApp: false, ...(manifest ? { manifest } : {}) });
      setClockPastSendHour(running.site.clock); // the trigger starts the day's sweep at the send hour
      const run = await running.site.runtime.runScheduledTrigger('postmortem-sweep');
      expect(run.ok).toBe(true);
      const out = running.site.products.outbox();
      return { mails: out.length, distinct: new Set(out.map((m) => `${m.issueKey}|${m.subject}|${m.to.join(',')}`)).size };
    } finally {
      await running?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('sends each due mail once with the declared compatibility, and twice if it were installed twice', async () => {
    const one = await sweepOnce(undefined);
    expect(one.mails).toBeGreaterThan(0);
    expect(one.mails).toBe(one.distinct);
    const two = await sweepOnce(manifestWith(undefined));
    expect(two.distinct).toBe(one.distinct);
    expect(two.mails).toBe(2 * one.mails);
  });
});
