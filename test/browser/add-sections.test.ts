/**
 * "Add missing sections" in a real browser: the macro confirms what it added (success colours),
 * and the page view around the macro shows the new version, sections in template order, without
 * the person reloading. Screenshots go to test-results/browser/.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_TEMPLATE_SECTIONS } from '../../src/contracts/settings';
import { startDemoSite, U, type DemoSite } from '../site/action-items/support';
import { closeBrowserAndSite, launchWithPage, macroFrame, requireChromium, screenshotPath, type LaunchedBrowser } from './support/browser';

jest.setTimeout(180_000);

describe('add missing sections (browser)', () => {
  let site: DemoSite;
  let browser: LaunchedBrowser;
  let page: Page;
  const scriptErrors: string[] = [];

  const shownMacro = () => macroFrame(page, '#pm-template');
  const pageHeadings = () => page.getByTestId('page-body').locator('h2').allInnerTexts();

  beforeAll(async () => {
    requireChromium();
    site = await startDemoSite();
    ({ browser, page } = await launchWithPage(scriptErrors, { siteUrl: site.url, accountId: U.marcus }));
  });

  afterAll(() => closeBrowserAndSite(browser, site));

  test('the page view shows the new sections in template order, and the macro names them', async () => {
    await page.goto(`${site.url}/confluence/pages/${site.pageId}`);
    expect(await pageHeadings()).not.toContain('Metrics and supporting data');
    const versionBefore = site.db.page(site.pageId)!.versions.length;
    let macro = await shownMacro();
    // The page's own marker survives only until the host page reloads.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    // A slow host reload (a busy machine, a real network) gives the old macro time to run on: the
    // confirmation must still reach the reloaded macro, not be used up by the one going away.
    const pageUrl = `${site.url}/confluence/pages/${site.pageId}`;
    await page.route(pageUrl, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await route.continue();
    });
    await macro.getByRole('button', { name: 'Add missing sections' }).click();

    await page.waitForFunction(() => !(window as unknown as { notReloaded?: boolean }).notReloaded, undefined, { timeout: 30_000 });
    await page.getByTestId('page-body').locator('h2', { hasText: 'Metrics and supporting data' }).waitFor();
    expect(await pageHeadings()).toEqual(DEFAULT_TEMPLATE_SECTIONS.map((s) => s.title));
    expect(site.db.page(site.pageId)!.versions.length).toBe(versionBefore + 1);
    await page.unroute(pageUrl);

    macro = await shownMacro();
    const confirmation = macro.getByTestId('sections-added');
    await confirmation.waitFor();
    expect(await confirmation.innerText()).toBe(
      'Added 2 sections where the template puts them: Metrics and supporting data, Related items. Everything already written is unchanged.',
    );
    expect(await confirmation.getAttribute('class')).toContain('success');
    expect(await confirmation.getAttribute('role')).toBe('status');
    // Nothing is missing any more, so the button is gone.
    expect(await macro.getByRole('button', { name: 'Add missing sections' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('sections-added'), fullPage: true });

    // The confirmation is said once: another reload does not repeat it.
    await page.reload();
    macro = await shownMacro();
    await macro.locator('#pm-findings').waitFor();
    expect(await macro.getByTestId('sections-added').count()).toBe(0);
    expect(scriptErrors).toEqual([]);
  });
});
