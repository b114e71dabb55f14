/**
 * The Jira issue panel in a real browser (Debian's Chromium), used the way a person uses it,
 * keyboard first, on the local site with the demo seed:
 *  - Elena links a plain page of space PM to INC-4 with "Link an existing page" (type words of the
 *    title, ArrowDown, Enter, Tab to "Link", Enter); the panel reloads with the postmortem and the
 *    page in Confluence now shows the Postmortem macro for INC-4;
 *  - INC-3, which has a postmortem, shows it and offers neither "Create postmortem" nor linking;
 *  - Hannah (reads PM, may not edit it) is refused in the panel, with nothing written;
 *  - "Create postmortem" shows its progress, then the new page's link; with no space in the
 *    settings it offers only the spaces the person may create pages in (Hannah: none).
 * Each screen is also rendered once in the dark theme. Screenshots go to test-results/browser/.
 */
import type { Locator, Page } from 'playwright-core';
import { PostmortemSite, U } from '../site/postmortem/support';
import {
  closeBrowserAndSite,
  launchWithPage,
  macroFrame,
  openIssueWithPanel,
  PANEL_FRAME,
  requireChromium,
  screenshotPath,
  signInAs,
  type LaunchedBrowser,
} from './support/browser';

jest.setTimeout(60_000);

const MACRO = '[data-testid="forge-frame-postmortem-macro"]';
const TITLE = 'Token service login outage notes';

describe('the issue panel: link an existing page, create, refusals (browser)', () => {
  let site: PostmortemSite;
  let browser: LaunchedBrowser;
  let page: Page;
  const scriptErrors: string[] = [];

  const as = (accountId: string) => signInAs(browser.context, site.url, accountId);

  async function theme(mode: 'light' | 'dark') {
    await browser.context.addCookies([{ name: 'local_site_theme', value: mode, url: site.url }]);
  }

  /** A plain page in space PM, created as `accountId` through Confluence's REST (X-Local-Account-Id). */
  async function plainPage(accountId: string, title: string): Promise<string> {
    const space = site.db.spaceByKey('PM');
    if (!space) throw new Error('The demo seed has no space PM.');
    const adf = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Notes.' }] }] };
    const res = await fetch(`${site.url}/wiki/api/v2/pages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'X-Local-Account-Id': accountId },
      body: JSON.stringify({
        spaceId: space.id,
        status: 'current',
        title,
        body: { representation: 'atlas_doc_format', value: JSON.stringify(adf) },
      }),
    });
    if (res.status !== 200) throw new Error(`POST /wiki/api/v2/pages answered ${res.status}: ${await res.text()}`);
    return String(((await res.json()) as { id: string | number }).id);
  }

  /** The issue view of `key`, and its Postmortem panel once the panel has loaded. */
  const openIssue = (key: string) => openIssueWithPanel(page, site.url, U.grace, key, 'section[aria-label="Postmortem of this incident"]');

  async function focused(target: Locator): Promise<boolean> {
    return target.evaluate((el) => el === el.ownerDocument.activeElement);
  }

  /** Presses Tab until `target` has the focus (at most `max` times); fails loudly otherwise. */
  async function tabTo(target: Locator, max = 6) {
    for (let i = 0; i < max; i++) {
      if (await focused(target)) return;
      await page.keyboard.press('Tab');
    }
    if (!(await focused(target))) throw new Error(`Tab never reached ${String(target)}`);
  }

  /** The same screen in the dark theme, with the host's theme toggle (it also sets the local_site_theme cookie), then back. */
  async function darkShot(frameSelector: string, name: string) {
    await page.getByTestId('theme-toggle').click();
    await page.locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    await page.frameLocator(frameSelector).first().locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: screenshotPath(`panel-link-${name}-dark`), fullPage: true });
    await page.getByTestId('theme-toggle').click();
    await page.frameLocator(frameSelector).first().locator('html[data-color-mode="light"]').waitFor({ state: 'attached' });
  }

  beforeAll(async () => {
    requireChromium();
    site = await PostmortemSite.start();
    ({ browser, page } = await launchWithPage(scriptErrors));
  });

  afterAll(() => closeBrowserAndSite(browser, site));

  test('Elena links her plain page to INC-4 with the keyboard; the panel shows it and the page gets the macro', async () => {
    await site.reset();
    await as(U.elena);
    await theme('light');
    const pageId = await plainPage(U.elena, TITLE);
    const version = site.pageVersion(pageId);

    const panel = await openIssue('INC-4');
    await panel.getByText('No postmortem yet.').waitFor();
    await panel.getByRole('button', { name: 'Create postmortem' }).focus();
    const open = panel.getByRole('button', { name: 'Link an existing page' });
    await tabTo(open);
    await page.keyboard.press('Enter');

    const box = panel.getByRole('combobox', { name: 'Page title or link' });
    await panel.locator('#pm-page-search:focus').waitFor(); // the search box takes the focus
    await page.keyboard.type('login notes');
    const option = panel.getByRole('option').filter({ hasText: TITLE });
    await option.waitFor();
    expect(await panel.getByRole('option').count()).toBe(1);
    await panel.getByText(/1 page found in the postmortem space PM\. Use the arrow keys to choose, Enter to pick\./).waitFor();
    await page.screenshot({ path: screenshotPath('panel-link-1-search'), fullPage: true });
    await page.keyboard.press('ArrowDown');
    expect(await panel.getByRole('option', { selected: true }).innerText()).toBe(TITLE);
    expect(await box.getAttribute('aria-activedescendant')).toBe('pm-page-options-0');
    await page.keyboard.press('Enter'); // choose
    await panel.getByText(`Link ${TITLE} to INC-4.`).waitFor();
    expect(await panel.getByRole('listbox').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('panel-link-2-chosen'), fullPage: true });
    await darkShot(PANEL_FRAME, '2-chosen');

    const linkButton = panel.getByRole('button', { name: 'Link', exact: true });
    await box.focus();
    await tabTo(linkButton);
    await page.keyboard.press('Enter');

    // the panel reloads with the postmortem, and says what happened
    const flash = panel.getByRole('status').filter({ hasText: `“${TITLE}” is now the postmortem of INC-4` });
    await flash.waitFor();
    expect(await flash.innerText()).toMatch(/The Postmortem macro was added at the top of the page\./);
    const facts = panel.locator('dl.facts');
    const pmLink = facts.getByRole('link', { name: TITLE });
    await pmLink.waitFor();
    expect(await pmLink.getAttribute('href')).toContain(pageId);
    expect(await panel.getByRole('button', { name: 'Create postmortem' }).count()).toBe(0);
    const factsText = await facts.innerText();
    expect(factsText).toMatch(/Review\s+Draft/i);
    const dueDate = /due (\d{4}-\d{2}-\d{2})/.exec(await flash.innerText())?.[1];
    expect(dueDate).toBeDefined();
    expect(factsText).toMatch(new RegExp(`Due\\s+${dueDate!}`));
    expect(site.issueProperty('INC-4')).toMatchObject({ pageId, status: 'draft' });
    expect(site.pageVersion(pageId)).toBe(version + 1);
    await page.screenshot({ path: screenshotPath('panel-link-3-linked'), fullPage: true });
    await darkShot(PANEL_FRAME, '3-linked');

    // the page in Confluence now shows the macro, for INC-4
    await page.goto(`${site.url}/confluence/pages/${pageId}`);
    await page.getByTestId('page-title').filter({ hasText: TITLE }).waitFor();
    const macro = await macroFrame(page);
    await macro.getByText('INC-4').first().waitFor();
    expect(await macro.getByTestId('pm-status').innerText()).toMatch(/draft/i);
    expect(await macro.getByTestId('pm-due').innerText()).toContain(dueDate!);
    await page.screenshot({ path: screenshotPath('panel-link-4-macro'), fullPage: true });
    await darkShot(MACRO, '4-macro');
  });

  test('INC-3 has a postmortem: the panel shows it and offers no "Create postmortem" (also loaded in dark from the cookie)', async () => {
    await as(U.marcus); // its owner, who may see its action items (in PAY and PLAT)
    for (const mode of ['light', 'dark'] as const) {
      await theme(mode);
      const panel = await openIssue('INC-3');
      await panel.locator(`html[data-color-mode="${mode}"]`).waitFor({ state: 'attached' });
      const facts = panel.locator('dl.facts');
      await facts.getByRole('link', { name: /^Postmortem: INC-3 / }).waitFor();
      expect(await facts.innerText()).toMatch(/Review\s+In review/i);
      await panel.getByRole('list', { name: 'Action items of INC-3' }).waitFor();
      expect(await panel.getByRole('button', { name: 'Create postmortem' }).count()).toBe(0);
      expect(await panel.getByRole('button', { name: 'Link an existing page' }).count()).toBe(0);
      await page.screenshot({ path: screenshotPath(`panel-link-5-inc3${mode === 'dark' ? '-dark' : ''}`), fullPage: true });
    }
    await theme('light');
  });

  test('Hannah may read PM but not edit it: linking a PM page is refused in the panel, and nothing changes', async () => {
    await site.reset();
    await theme('light');
    const pageId = await plainPage(U.elena, 'Login outage draft');
    const version = site.pageVersion(pageId);
    await as(U.hannah);

    const panel = await openIssue('INC-4');
    await panel.getByRole('button', { name: 'Link an existing page' }).focus();
    await page.keyboard.press('Enter');
    const box = panel.getByRole('combobox', { name: 'Page title or link' });
    await panel.locator('#pm-page-search:focus').waitFor();
    await page.keyboard.type('login outage');
    expect(await box.inputValue()).toBe('login outage');
    await panel.getByRole('option').filter({ hasText: 'Login outage draft' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await panel.getByText('Link Login outage draft to INC-4.').waitFor();
    await tabTo(panel.getByRole('button', { name: 'Link', exact: true }));
    await page.keyboard.press('Enter');

    const alert = panel.getByRole('alert').filter({ hasText: /permission to edit this page/ });
    await alert.waitFor();
    expect(await panel.getByRole('button', { name: 'Link', exact: true }).isEnabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('panel-link-6-refused'), fullPage: true });
    await darkShot(PANEL_FRAME, '6-refused');

    expect(site.pageProperty(pageId)).toBeUndefined();
    expect(site.pageVersion(pageId)).toBe(version);
    expect(site.issueProperty('INC-4')).toBeUndefined();
    expect(site.remoteLinks('INC-4')).toEqual([]);
    const again = await openIssue('INC-4');
    await again.getByText('No postmortem yet.').waitFor();
  });

  test('"Create postmortem" on INC-4 shows its progress, then the new page; the page exists in Confluence', async () => {
    await site.reset();
    await theme('light');
    await as(U.elena);
    // Confluence answers the page creation slowly, so that the progress can be seen
    await site.faults([{ method: 'POST', pathPattern: '/wiki/api/v2/pages', target: 'confluence', latencyMs: 1500, count: 1 }]);

    // With no postmortem space in the settings (the demo seed sets PM; an app newly installed has none)
    site.setSettings({});
    const panel = await openIssue('INC-4');
    const create = panel.getByRole('button', { name: 'Create postmortem' });
    // the panel offers the spaces Elena may create pages in: PM, not ENG (she only reads it)
    const space = panel.getByRole('combobox', { name: 'Confluence space for the page' });
    await space.waitFor();
    expect(await space.locator('option').allInnerTexts()).toEqual(['Choose a space', 'Postmortems (PM)']);
    // the form validates: without a choice, it says what to do and takes her to the field
    await create.focus();
    await page.keyboard.press('Enter');
    await panel.locator('#pm-space-error').filter({ hasText: 'Choose a space' }).waitFor();
    expect(await space.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await space.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: screenshotPath('panel-link-7-space'), fullPage: true });
    await darkShot(PANEL_FRAME, '7-space');
    await space.selectOption('PM');
    await tabTo(create);
    await page.keyboard.press('Enter');
    const busy = panel.getByRole('button', { name: 'Creating the page in Confluence…' });
    await busy.waitFor();
    expect(await busy.isDisabled()).toBe(true);
    // while it works, the typed space stays on screen and the keyboard focus stays on the button
    expect(await space.inputValue()).toBe('PM');
    expect(await busy.evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.getByRole('status').filter({ hasText: 'Creating the postmortem page…' }).waitFor();
    await page.screenshot({ path: screenshotPath('panel-link-8-creating'), fullPage: true });

    const pmLink = panel.locator('dl.facts').getByRole('link', { name: /INC-4/ });
    await pmLink.waitFor({ timeout: 20_000 });
    expect(await panel.locator('dl.facts').innerText()).toMatch(/Review\s+Draft/i);
    // the outcome takes the focus after the reload, so a keyboard user hears and continues from it
    const outcome = panel.getByRole('status').filter({ hasText: 'was created from the template and linked to INC-4' });
    await outcome.waitFor();
    expect(await outcome.evaluate((el) => el === document.activeElement)).toBe(true);
    const created = site.issueProperty('INC-4') as { pageId: string } | undefined;
    expect(created).toMatchObject({ pageId: expect.any(String), status: 'draft' });
    expect(await pmLink.getAttribute('href')).toContain(created!.pageId);
    await page.screenshot({ path: screenshotPath('panel-link-9-created'), fullPage: true });
    await darkShot(PANEL_FRAME, '9-created');

    const res = await site.rest('GET', `/wiki/api/v2/pages/${created!.pageId}`, U.elena);
    expect(res.status).toBe(200);
    expect((res.json as { title: string }).title).toBe(await pmLink.innerText());
    await site.faults([]);
  });

  test('with no space in the settings, each person is offered only the spaces they may create pages in; Hannah none', async () => {
    await site.reset();
    await theme('light');
    site.setSettings({});
    await as(U.grace); // creates in ENG and PM
    let panel = await openIssue('INC-4');
    const space = panel.getByRole('combobox', { name: 'Confluence space for the page' });
    await space.waitFor();
    expect(await space.locator('option').allInnerTexts()).toEqual(['Choose a space', 'Engineering handbook (ENG)', 'Postmortems (PM)']);

    await as(U.hannah); // reads PM and ENG, creates in neither
    panel = await openIssue('INC-4');
    await panel.getByTestId('no-creatable-space').waitFor();
    expect(await panel.getByTestId('no-creatable-space').innerText()).toMatch(
      /You may not create pages in any Confluence space you can see/,
    );
    expect(await panel.getByRole('combobox', { name: 'Confluence space for the page' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Create postmortem' }).isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('panel-link-10-no-space'), fullPage: true });
  });

  test('no page threw a script error', () => {
    expect(scriptErrors).toEqual([]);
  });
});
