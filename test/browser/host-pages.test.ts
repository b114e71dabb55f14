/**
 * Browser test of the local site: Debian's Chromium opens every host page of a site started with
 * the demo seed and checks what a person would see — real data from the products and the app's
 * Custom UI rendered in its iframes through the @forge/bridge host. Screenshots go to
 * test-results/browser/.
 *
 * The seed's data is discovered through the site's REST (as a site admin), so the test holds for
 * any believable demo seed: an incident, a page carrying the Postmortem macro, two users.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { z } from 'zod';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO } from '../../local/products';
import { chromiumAvailable, CHROMIUM, launchBrowser, openIssuePanel, screenshotPath, type LaunchedBrowser } from './support/browser';
import { clockPastSendHour } from '../support/send-hour';

const User = z.object({ accountId: z.string(), displayName: z.string(), siteAdmin: z.boolean(), active: z.boolean() });
const SearchResult = z
  .object({ issues: z.array(z.object({ id: z.string(), key: z.string(), fields: z.object({ summary: z.string() }).loose() })) })
  .loose();
const Paged = z
  .object({ results: z.array(z.object({ id: z.coerce.string(), title: z.string().optional(), key: z.string().optional() }).loose()) })
  .loose();
const PageBody = z
  .object({ id: z.coerce.string(), title: z.string(), body: z.object({ atlas_doc_format: z.object({ value: z.string() }) }) })
  .loose();

jest.setTimeout(120_000);

describe('host pages in a real browser', () => {
  let site: RunningSite;
  let browser: LaunchedBrowser;
  let page: Page;
  let admin: z.infer<typeof User>;
  let other: z.infer<typeof User>;
  const consoleErrors: string[] = [];

  async function rest(p: string, init: RequestInit = {}): Promise<unknown> {
    const res = await fetch(site.url + p, {
      ...init,
      headers: { 'x-local-account-id': admin.accountId, accept: 'application/json', ...(init.headers ?? {}) },
    });
    if (!res.ok) throw new Error(`${p} answered ${res.status}: ${await res.text()}`);
    return res.json();
  }

  /** The body of a Custom UI iframe once its app has rendered something. */
  async function renderedFrame(testId: string): Promise<FrameLocator> {
    const frame = page.frameLocator(`[data-testid="${testId}"]`).first();
    await frame.locator('#root *').first().waitFor({ state: 'visible', timeout: 30_000 });
    return frame;
  }

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
    site = await startSite({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'local-site-browser-')), seed: 'demo' });
    const users = z.array(User).parse(await (await fetch(`${site.url}/__site/users`)).json());
    const a = users.find((u) => u.siteAdmin && u.active);
    const o = users.find((u) => !u.siteAdmin && u.active);
    if (!a || !o) throw new Error('The demo seed needs a site admin and another active user.');
    admin = a;
    other = o;
    browser = await launchBrowser();
    await browser.context.addCookies([{ name: 'local_site_user', value: admin.accountId, url: site.url }]);
    page = await browser.context.newPage();
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('the index links every page and shows who you are', async () => {
    await page.goto(`${site.url}/`);
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').innerText()).toBe(admin.displayName);
    for (const href of [
      '/confluence',
      '/jira',
      '/jira/apps/postmortem-report',
      '/jira/settings/apps/postmortem-settings',
      '/outbox',
      '/scheduler',
    ]) {
      expect(await page.locator(`a[href="${href}"]`).count()).toBeGreaterThan(0);
    }
    await page.screenshot({ path: screenshotPath('index'), fullPage: true });
  });

  test('the Jira issue view shows the incident with its fields and the Postmortem panel', async () => {
    const jql = encodeURIComponent('issuetype = Incident ORDER BY created DESC');
    const found = SearchResult.parse(await rest(`/rest/api/3/search/jql?jql=${jql}&fields=summary&maxResults=5`));
    const incident = found.issues[0];
    if (!incident) throw new Error('The demo seed has no incident.');
    await openIssuePanel(site.url, DEMO.users.grace.accountId, incident.key);
    await page.goto(`${site.url}/jira/browse/${incident.key}`);
    await page.getByTestId('issue-key').waitFor();
    expect(await page.getByTestId('issue-key').innerText()).toBe(incident.key);
    expect(await page.getByTestId('issue-summary').innerText()).toBe(incident.fields.summary);
    const panel = await renderedFrame('forge-frame-postmortem-panel');
    await expect(panel.locator('body').innerText()).resolves.toMatch(/\S/);
    await page.screenshot({ path: screenshotPath('jira-issue'), fullPage: true });
  });

  test('the Confluence page renders its body with the Postmortem macro, and Edit macro opens the config', async () => {
    const spaces = Paged.parse(await rest('/wiki/api/v2/spaces?limit=50'));
    let target: z.infer<typeof PageBody> | undefined;
    for (const space of spaces.results) {
      const pages = Paged.parse(await rest(`/wiki/api/v2/spaces/${space.id}/pages?limit=100`));
      for (const p of pages.results) {
        const full = PageBody.parse(await rest(`/wiki/api/v2/pages/${p.id}?body-format=atlas_doc_format`));
        if (full.body.atlas_doc_format.value.includes('postmortem-macro')) {
          target = full;
          break;
        }
      }
      if (target) break;
    }
    if (!target) throw new Error('The demo seed has no page with the Postmortem macro.');
    await page.goto(`${site.url}/confluence/pages/${target.id}`);
    await page.getByTestId('page-title').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe(target.title);
    const macro = await renderedFrame('forge-frame-postmortem-macro');
    // The macro shows the incident its config names (guestParams.incidentKey in the page's ADF).
    const incidentKey = /"incidentKey":"([A-Z][A-Z0-9_]*-\d+)"/.exec(target.body.atlas_doc_format.value)?.[1];
    if (incidentKey) await macro.getByText(incidentKey).first().waitFor({ timeout: 30_000 });
    else await expect(macro.locator('body').innerText()).resolves.toMatch(/\S/);
    await page.screenshot({ path: screenshotPath('confluence-page'), fullPage: true });

    await page.getByTestId('edit-macro').first().click();
    await page.getByTestId('macro-config-dialog').waitFor();
    const config = page.getByTestId('macro-config-dialog').frameLocator('iframe');
    await config.locator('#root *').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('confluence-macro-config'), fullPage: true });
    await page.keyboard.press('Escape');
    await page.getByTestId('macro-config-dialog').waitFor({ state: 'detached' });
  });

  test('the report (global page) renders through its resolver, and the theme toggle reaches the iframe', async () => {
    const before = z.array(z.object({ seq: z.number() }).loose()).parse(await (await fetch(`${site.url}/__site/requests`)).json());
    const since = before.length ? (before[before.length - 1]?.seq ?? 0) : 0;
    await page.goto(`${site.url}/jira/apps/postmortem-report`);
    const report = await renderedFrame('forge-frame-postmortem-report');
    await expect(report.locator('body').innerText()).resolves.toMatch(/\S/);
    await page.screenshot({ path: screenshotPath('report'), fullPage: true });
    const calls = z
      .array(z.object({ functionKey: z.string() }).loose())
      .parse(await (await fetch(`${site.url}/__site/requests?since=${since}`)).json());
    expect(calls.some((c) => c.functionKey === 'report-resolver')).toBe(true);

    await page.getByTestId('theme-toggle').click();
    expect(await page.locator('html').getAttribute('data-color-mode')).toBe('dark');
    await report.locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: screenshotPath('report-dark'), fullPage: true });
    await page.getByTestId('theme-toggle').click();
    await report.locator('html[data-color-mode="light"]').waitFor({ state: 'attached' });
  });

  test('the admin page renders the settings', async () => {
    await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
    const admin = await renderedFrame('forge-frame-postmortem-settings');
    await expect(admin.locator('body').innerText()).resolves.toMatch(/\S/);
    await page.screenshot({ path: screenshotPath('admin'), fullPage: true });
  });

  test('the sweep page runs the scheduled trigger, and the outbox lists what Jira sent', async () => {
    await clockPastSendHour(site.url); // so "+1 day" lands at 10:00, past the demo's send hour
    await page.goto(`${site.url}/scheduler`);
    await page.getByTestId('site-clock').waitFor();
    await expect(page.getByTestId('last-run').getAttribute('data-state')).resolves.toBe('none');
    const Outbox = z.array(z.object({ issueKey: z.string(), subject: z.string() }).loose());
    const before = Outbox.parse(await (await fetch(`${site.url}/__site/outbox`)).json()).length;
    // "+1 day, then run the sweep" moves the clock, runs the sweep and reloads: the page then says
    // what the run did in words, not "Nothing run yet" and not raw JSON.
    await Promise.all([page.waitForNavigation(), page.getByTestId('advance-and-run').click()]);
    await page.locator('[data-testid="last-run"][data-state="done"]').waitFor({ timeout: 60_000 });
    const summary = await page.getByTestId('last-run').innerText();
    expect(summary).toContain('postmortem-sweep ran at');
    expect(summary).toContain('finished');
    expect(summary).not.toContain('{');
    const outbox = Outbox.parse(await (await fetch(`${site.url}/__site/outbox`)).json());
    const sent = outbox.length - before;
    expect(await page.getByTestId('last-run-mails').innerText()).toMatch(
      sent === 0 ? /No mail was sent/ : new RegExp(`^${sent} mails? sent`),
    );
    await page.screenshot({ path: screenshotPath('scheduler'), fullPage: true });

    await page.goto(`${site.url}/outbox`);
    if (outbox.length === 0) {
      await page.getByTestId('outbox-empty').waitFor();
    } else {
      await page.getByTestId('outbox').waitFor();
      expect(await page.getByTestId('outbox-row').count()).toBe(outbox.length);
      const newest = outbox[outbox.length - 1];
      expect(await page.getByTestId('outbox').innerText()).toContain(newest?.subject ?? '');
    }
    await page.screenshot({ path: screenshotPath('outbox'), fullPage: true });
  });

  test('the user switcher changes who you are', async () => {
    await page.goto(`${site.url}/`);
    await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/__host/user') && r.method() === 'POST'),
      page.getByTestId('user-switcher').selectOption(other.accountId),
    ]);
    await page.getByTestId('current-user').filter({ hasText: other.displayName }).waitFor();
    expect(await page.getByTestId('current-user').innerText()).toBe(other.displayName);
  });

  test('no page threw a script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
