/**
 * The Postmortem issue context in the local Jira issue view (docs/platform.md, "Custom UI"), in
 * Debian's Chromium: on a new incident nobody has opened the panel on, the side bar still says
 * there is no postmortem and names the app button; the button (by keyboard) opens the panel; the
 * context collapses by keyboard and stays as its reader left it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO } from '../../local/products';
import { chromiumAvailable, CHROMIUM, launchBrowser, screenshotPath, type LaunchedBrowser } from './support/browser';

jest.setTimeout(120_000);

describe('the Postmortem issue context', () => {
  let site: RunningSite;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
    site = await startSite({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'issue-context-browser-')), seed: 'demo' });
    browser = await launchBrowser();
    await browser.context.addCookies([{ name: 'local_site_user', value: DEMO.users.elena.accountId, url: site.url }]);
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('shows the state without the panel, leads to the panel by its app button, and collapses by keyboard', async () => {
    await page.goto(`${site.url}/jira/browse/INC-4`);
    const context = page.frameLocator('[data-testid="forge-frame-postmortem-context"]').first();
    const region = context.getByRole('region', { name: 'Postmortem status' });
    await region.getByText('No postmortem yet').waitFor({ timeout: 30_000 });
    expect(await region.innerText()).toMatch(/open the Postmortem panel: choose the Postmortem app button/);
    expect(await page.locator('[data-testid="forge-frame-postmortem-panel"]').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('issue-context-1-no-panel'), fullPage: true });

    // The app button, by keyboard: the panel is added and shows "Create postmortem".
    const button = page.getByRole('group', { name: 'Apps' }).getByRole('button', { name: 'Postmortem' });
    await button.focus();
    await Promise.all([page.waitForURL(/added=postmortem-panel/), page.keyboard.press('Enter')]);
    const panel = page.frameLocator('[data-testid="forge-frame-postmortem-panel"]').first();
    await panel
      .getByRole('button', { name: /Create postmortem/ })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.getByRole('group', { name: 'Apps' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('issue-context-2-panel-opened'), fullPage: true });

    // Collapse the context with the keyboard; it stays collapsed on the next visit.
    const details = page.getByTestId('issue-context-postmortem-context');
    await details.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.reload();
    expect(await page.getByTestId('issue-context-postmortem-context').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  });
});
