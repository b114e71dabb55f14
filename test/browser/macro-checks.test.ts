/**
 * A failing page check in a real browser: the blameless and plain-language check throws (a fault
 * injected into the real check), and the macro still shows the incident, the due date, the review
 * state, the template check and the action items, with the check's own error in its place.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { PostmortemSite, U } from '../site/postmortem/support';
import {
  closeBrowserAndSite,
  launchWithPage,
  openMacroPage,
  requireChromium,
  screenshotPath,
  signInAs,
  type LaunchedBrowser,
} from './support/browser';

jest.setTimeout(180_000);

const mockFail = { language: true };
jest.mock('../../src/domain/postmortem/language', () => {
  const actual = jest.requireActual<typeof import('../../src/domain/postmortem/language')>('../../src/domain/postmortem/language');
  return {
    ...actual,
    checkLanguage: (...args: Parameters<typeof actual.checkLanguage>) => {
      if (mockFail.language) throw new TypeError('injected failure in the language check');
      return actual.checkLanguage(...args);
    },
  };
});

describe('macro: a failing check is shown in its place (browser)', () => {
  let site: PostmortemSite;
  let browser: LaunchedBrowser;
  let page: Page;
  const scriptErrors: string[] = [];

  async function openDemoPage(): Promise<FrameLocator> {
    await signInAs(browser.context, site.url, U.marcus);
    return openMacroPage(page, site.url, site.demoPageId());
  }

  beforeAll(async () => {
    requireChromium();
    site = await PostmortemSite.start();
    ({ browser, page } = await launchWithPage(scriptErrors));
  });
  afterAll(() => closeBrowserAndSite(browser, site));

  test('the findings section shows the check’s error; everything else works', async () => {
    const macro = await openDemoPage();
    const error = macro.getByTestId('pm-findings-error');
    await error.waitFor();
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.innerText()).toMatch(
      /could not run on this page \(injected failure in the language check\)\. The rest of the macro still works/,
    );
    expect(await macro.getByTestId('pm-due').innerText()).toMatch(/sent to review on time/i);
    expect(await macro.getByTestId('pm-status').innerText()).toMatch(/in review/i);
    await macro.locator('section[aria-labelledby="pm-template"]').waitFor();
    await macro.getByText('PAY-3').first().waitFor(); // the action items table
    await page.screenshot({ path: screenshotPath('macro-check-failed'), fullPage: true });

    mockFail.language = false;
    const again = await openDemoPage();
    await again.locator('section[aria-labelledby="pm-findings"]').waitFor();
    expect(await again.getByTestId('pm-findings-error').count()).toBe(0);
    expect(scriptErrors).toEqual([]);
  });
});
