/**
 * The macro at a phone's width (360 px) in Debian's Chromium: nothing overflows the page sideways
 * (the item table scrolls inside its own box), and issue keys and dates never break mid-token
 * ("INC-" / "7", "2026-11-" / "17").
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO } from '../../local/products';
import { chromiumAvailable, CHROMIUM, launchBrowser, screenshotPath, type LaunchedBrowser } from './support/browser';

jest.setTimeout(120_000);

const IncidentProperty = z.object({ value: z.object({ pageId: z.coerce.string() }).loose() }).loose();

describe('the macro at 360 px', () => {
  let site: RunningSite;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
    site = await startSite({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'narrow-browser-')), seed: 'demo' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('no sideways overflow; keys and dates stay on one line', async () => {
    const res = await fetch(`${site.url}/rest/api/3/issue/INC-3/properties/postmortem`, {
      headers: { 'x-local-account-id': DEMO.users.marcus.accountId },
    });
    const pageId = IncidentProperty.parse(await res.json()).value.pageId;
    await browser.context.addCookies([{ name: 'local_site_user', value: DEMO.users.marcus.accountId, url: site.url }]);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${site.url}/confluence/pages/${pageId}`);
    const frame = page.frameLocator('[data-testid="forge-frame-postmortem-macro"]').first();
    await frame.locator('table tbody tr').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.screenshot({ path: screenshotPath('macro-360'), fullPage: true });

    const inFrame = await frame.locator('body').evaluate(() => {
      const doc = document.documentElement;
      const lines = (el: Element) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      };
      const tokens = [...document.querySelectorAll('table tbody td:first-child a, table tbody td [data-testid="due-date"]')];
      return {
        overflow: doc.scrollWidth - doc.clientWidth,
        tokens: tokens.length,
        broken: tokens.filter((el) => lines(el) > 1).map((el) => el.textContent),
      };
    });
    expect(inFrame.overflow).toBeLessThanOrEqual(0);
    expect(inFrame.tokens).toBeGreaterThan(0);
    expect(inFrame.broken).toEqual([]);
    const outer = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(outer).toBeLessThanOrEqual(0);
  });
});
