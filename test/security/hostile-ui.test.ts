/**
 * Hostile text in Jira summaries, glossary entries and settings is shown as text in every surface,
 * in a real browser (Debian's Chromium through playwright-core): no script runs, no dialog opens,
 * no element is injected, and the text reads literally.
 */
import type { Frame, Page } from 'playwright-core';
import {
  chromiumAvailable,
  CHROMIUM,
  launchBrowser,
  openIssuePanel,
  screenshotPath,
  type LaunchedBrowser,
} from '../browser/support/browser';
import { LOCAL_ENVIRONMENT_ID } from '../../local/runtime/context';
import { buildAgendaDoc, buildAgendaMacro } from '../../src/domain/agenda';
import { SecuritySite, U } from './support';

jest.setTimeout(180_000);

const SUMMARY = `<img src=x onerror="window.__pwned='img'"><script>window.__pwned='script'</script>" OR project = SECRET =HYPERLINK("http://x")`;
const GLOSSARY = `<b id="injected" onmouseover="window.__pwned='b'">primary</b> database`;

let site: SecuritySite;
let browser: LaunchedBrowser;
let page: Page;
const dialogs: string[] = [];

async function rest(method: string, p: string, as: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(site.url + p, {
    method,
    headers: { 'content-type': 'application/json', 'X-Local-Account-Id': as },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

async function as(who: string): Promise<void> {
  const host = new URL(site.url).hostname;
  await browser.context.clearCookies();
  await browser.context.addCookies([{ name: 'local_site_user', value: who, domain: host, path: '/' }]);
}

/** Every frame of the page: none ran injected code or holds an injected element. */
async function expectNothingInjected(): Promise<void> {
  for (const frame of page.frames()) {
    const found = await frame.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
      imgs: document.querySelectorAll('img[src="x"]').length,
      injected: document.querySelectorAll('#injected').length + [...document.scripts].filter((x) => x.text.includes('__pwned')).length,
    }));
    expect({ url: frame.url(), pwned: found.pwned, imgs: found.imgs }).toEqual({ url: frame.url(), pwned: null, imgs: 0 });
    expect(found.injected).toBe(0);
  }
  expect(dialogs).toEqual([]);
}

async function appFrame(moduleKey: string): Promise<Frame> {
  const handle = await page.waitForSelector(`[data-testid="forge-frame-${moduleKey}"]`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`no frame for ${moduleKey}`);
  return frame;
}

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
  site = await SecuritySite.start();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  // an action item of INC-3 gets a hostile summary, as a person would type it in Jira
  const edited = await rest('PUT', '/rest/api/3/issue/PAY-2', U.marcus, { fields: { summary: SUMMARY } });
  expect(edited.status).toBe(204);
  // the glossary (settings) gets a hostile description, saved by the admin through the app
  const overview = await site.control('POST', '/__site/invoke/admin-resolver', {
    accountId: U.priya,
    resolver: 'admin.getOverview',
    payload: {},
  });
  const settings = (overview.json as { result: { ok: boolean; data: { settings: Record<string, unknown> } } }).result.data.settings;
  const saved = await site.control('POST', '/__site/invoke/admin-resolver', {
    accountId: U.priya,
    resolver: 'admin.saveSettings',
    payload: { settings: { ...settings, glossary: [{ term: 'db01', description: GLOSSARY }] } },
  });
  expect((saved.json as { result: { ok: boolean } }).result.ok).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

test('the macro shows a hostile action-item summary as text', async () => {
  await as(U.marcus);
  await page.goto(`${site.url}/confluence/pages/${site.demoPageId()}`);
  const frame = await appFrame('postmortem-macro');
  await frame.getByText('PAY-2', { exact: true }).first().waitFor();
  expect(await frame.locator('body').innerText()).toContain('<img src=x onerror=');
  await expectNothingInjected();
  await page.screenshot({ path: screenshotPath('security-hostile-macro'), fullPage: true });
});

test('the panel shows it as text', async () => {
  await as(U.marcus);
  await openIssuePanel(site.url, U.marcus, 'INC-3');
  await page.goto(`${site.url}/jira/browse/INC-3`);
  const frame = await appFrame('postmortem-panel');
  await frame.getByText('PAY-2', { exact: true }).first().waitFor();
  expect(await frame.locator('body').innerText()).toContain('" OR project = SECRET');
  await expectNothingInjected();
});

test('the report shows it as text', async () => {
  await as(U.marcus);
  await page.goto(`${site.url}/jira/apps/postmortem-report`);
  const frame = await appFrame('postmortem-report');
  await frame.getByText('PAY-2', { exact: true }).first().waitFor();
  expect(await frame.locator('body').innerText()).toContain('=HYPERLINK("http://x")');
  await expectNothingInjected();
});

test('the review agenda macro shows a hostile overdue item’s summary as text', async () => {
  const edited = await rest('PUT', '/rest/api/3/issue/PAY-4', U.marcus, { fields: { summary: SUMMARY } });
  expect(edited.status).toBe(204);
  const agendaDoc = buildAgendaDoc(
    buildAgendaMacro({ appId: site.running.site.manifest.appId, environmentId: LOCAL_ENVIRONMENT_ID }, 'agenda-hostile'),
  );
  const created = await rest('POST', '/wiki/api/v2/pages', U.marcus, {
    spaceId: site.db.spaceByKey('PM')?.id,
    status: 'current',
    title: 'Postmortem review, week of a hostile summary',
    body: { representation: 'atlas_doc_format', value: JSON.stringify(agendaDoc) },
  });
  expect(created.status).toBe(200);
  await as(U.marcus);
  await page.goto(`${site.url}/confluence/pages/${String((created.json as { id: string }).id)}`);
  const frame = await appFrame('postmortem-agenda');
  await frame.getByText('PAY-4', { exact: true }).first().waitFor();
  expect(await frame.locator('body').innerText()).toContain('<img src=x onerror=');
  await expectNothingInjected();
});

test('the settings page shows a hostile glossary entry as text in its field', async () => {
  await as(U.priya);
  await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
  const frame = await appFrame('postmortem-settings');
  await frame.getByText('Glossary').first().waitFor();
  const values = await frame.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(values).toContain(GLOSSARY);
  await expectNothingInjected();
});
