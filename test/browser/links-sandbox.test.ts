/**
 * Links, the Custom UI sandbox and the site's one address, in a real browser (Debian's Chromium)
 * on the local site with the demo seed (docs/platform.md, Custom UI):
 *  - every surface is served under Forge's content security policy and iframe sandbox: a
 *    `target="_top"` link and an inline style, which Forge refuses, are refused here too, while
 *    the app's own screens cause no refusal at all;
 *  - the app's links go through the bridge's router: clicking one navigates the top page;
 *  - the site has one address: `localhost` leads to it, and the person chosen in the user switcher
 *    is the same in a new tab opened on a link the site handed out;
 *  - a page not published yet shows as its author's draft, with the macro in it.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { PostmortemSite, U } from '../site/postmortem/support';
import { chromiumAvailable, CHROMIUM, launchBrowser, openIssuePanel, screenshotPath, type LaunchedBrowser } from './support/browser';

jest.setTimeout(90_000);

const MACRO = '[data-testid="forge-frame-postmortem-macro"]';
const PANEL = '[data-testid="forge-frame-postmortem-panel"]';

describe('links, sandbox and address (browser)', () => {
  let site: PostmortemSite;
  let browser: LaunchedBrowser;
  let page: Page;

  async function as(accountId: string) {
    await browser.context.addCookies([{ name: 'local_site_user', value: accountId, url: site.url }]);
  }

  async function cspReports(): Promise<Array<{ directive: string; blocked: string }>> {
    return (await (await fetch(`${site.url}/__site/csp-reports`)).json()) as Array<{ directive: string; blocked: string }>;
  }

  async function macroOf(pageId: string): Promise<FrameLocator> {
    await page.goto(`${site.url}/confluence/pages/${pageId}`);
    const macro = page.frameLocator(MACRO).first();
    await macro.locator('#root *').first().waitFor({ timeout: 30_000 });
    return macro;
  }

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
    site = await PostmortemSite.start();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  beforeEach(async () => {
    await site.reset();
    // Someone opened the Postmortem panel on INC-3 from its app button (as in Jira).
    await openIssuePanel(site.url, U.marcus, 'INC-3');
    await fetch(`${site.url}/__site/csp-reports`, { method: 'DELETE' });
  });

  test('every surface runs under Forge’s policy and sandbox, and the app’s screens break neither', async () => {
    await as(U.marcus);
    const res = await fetch(`${site.url}/__resources/macro/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|; )style-src 'self'[^;]*(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('report-uri /__host/csp-report');

    const macro = await macroOf(site.demoPageId());
    await macro.getByText('PAY-2', { exact: true }).first().waitFor({ timeout: 30_000 });
    expect(await page.locator(MACRO).getAttribute('sandbox')).toBe(
      'allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts',
    );
    await page.goto(`${site.url}/jira/browse/INC-3`);
    await page.frameLocator(PANEL).first().getByText('PAY-2', { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.goto(`${site.url}/jira/apps/postmortem-report`);
    await page
      .frameLocator('[data-testid="forge-frame-postmortem-report"]')
      .first()
      .getByText('PAY-2', { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    await as(U.priya);
    await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
    await page
      .frameLocator('[data-testid="forge-frame-postmortem-settings"]')
      .first()
      .getByText('Glossary')
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await cspReports()).toEqual([]);

    // What Forge refuses is refused here: a target="_top" link and an inline style.
    await as(U.marcus);
    const m = await macroOf(site.demoPageId());
    const before = page.url();
    await m.locator('body').evaluate((body) => {
      const a = document.createElement('a');
      a.href = '/jira';
      a.target = '_top';
      a.textContent = 'plain top link';
      a.id = 'plain-top-link';
      body.appendChild(a);
      const div = document.createElement('div');
      div.innerHTML = '<p id="styled" style="color: rgb(255, 0, 0)">styled</p>';
      body.appendChild(div);
    });
    await m.locator('#plain-top-link').click();
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(await m.locator('#styled').evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
    for (let i = 0; i < 50 && (await cspReports()).length === 0; i++) await page.waitForTimeout(100);
    expect((await cspReports()).map((r) => r.directive)).toContain('style-src-attr');
  });

  test('clicking the app’s links navigates the top page through the bridge’s router', async () => {
    await as(U.marcus);
    const macro = await macroOf(site.demoPageId());
    await macro.getByRole('link', { name: 'INC-3', exact: true }).first().click();
    await page.waitForURL(`${site.url}/jira/browse/INC-3`);
    const panel = page.frameLocator(PANEL).first();
    const pageLink = panel.getByRole('link', { name: /^Postmortem: INC-3 / }).first();
    await pageLink.waitFor({ timeout: 30_000 });
    // A real address on the site (not a made-up one), naming the page.
    const href = (await pageLink.getAttribute('href')) ?? '';
    expect(href.startsWith(`${site.url}/wiki/`)).toBe(true);
    expect(href).toContain(site.demoPageId());
    await pageLink.click();
    await page.waitForURL(`${site.url}/confluence/pages/${site.demoPageId()}`);
    const again = page.frameLocator(MACRO).first();
    const item = again.getByRole('link', { name: 'PAY-2', exact: true }).first();
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    await page.waitForURL(`${site.url}/jira/browse/PAY-2`);
    await page.screenshot({ path: screenshotPath('links-followed-to-item'), fullPage: true });
    expect(await cspReports()).toEqual([]);
  });

  test('one address: localhost leads to it, and the person chosen stays the same in a new tab', async () => {
    const port = new URL(site.url).port;
    await page.goto(`http://localhost:${port}/confluence`);
    expect(new URL(page.url()).origin).toBe(site.url);
    await page.getByTestId('user-switcher').selectOption(U.marcus);
    await page.waitForLoadState('load');
    expect(await page.getByTestId('user-switcher').inputValue()).toBe(U.marcus);

    // A link the site handed out (the incident's remote link to its postmortem), in a new tab.
    const url = site.remoteLinks('INC-3').find((r) => r.globalId?.startsWith('postmortem-page'))?.object.url ?? '';
    expect(url.startsWith(`${site.url}/wiki/spaces/PM/pages/`)).toBe(true);
    const tab = await browser.context.newPage();
    await tab.goto(url);
    expect(tab.url()).toBe(`${site.url}/confluence/pages/${site.demoPageId()}`);
    expect(await tab.getByTestId('user-switcher').inputValue()).toBe(U.marcus);
    await tab.close();
  });

  test('a page not published yet shows as its author’s draft, with the macro linked to its incident', async () => {
    const space = site.db.spaceByKey('PM');
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Summary' }] },
        {
          type: 'extension',
          attrs: {
            extensionType: 'com.atlassian.ecosystem',
            extensionKey: 'app/static/postmortem-macro',
            parameters: { localId: 'draft-macro', guestParams: {} },
            localId: 'draft-macro',
          },
        },
      ],
    };
    const created = await site.rest('POST', '/wiki/api/v2/pages', U.elena, {
      spaceId: space?.id,
      status: 'draft',
      title: 'Postmortem: INC-4',
      body: { representation: 'atlas_doc_format', value: JSON.stringify(doc) },
    });
    expect(created.status).toBe(200);
    const pageId = String((created.json as { id: string }).id);
    expect((await site.macro('linkIncident', U.elena, pageId, { incidentKey: 'INC-4' })).ok).toBe(true);

    await as(U.elena);
    const macro = await macroOf(pageId);
    await page.getByTestId('page-draft').waitFor();
    await macro.getByRole('link', { name: 'INC-4', exact: true }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('links-draft-page'), fullPage: true });
    await as(U.tom);
    await page.goto(`${site.url}/confluence/pages/${pageId}`);
    expect(await page.getByRole('heading', { name: 'Not found' }).count()).toBe(1);
  });
});
