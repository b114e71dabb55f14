/**
 * Unsent action-item drafts survive a reload in the same browser (kept per page and person in the
 * browser's storage), leaving with them asks first, and a draft created in Jira is gone after the
 * next reload. Screenshots go to test-results/browser/.
 */
import type { Dialog, FrameLocator, Page } from 'playwright-core';
import { addDays, startDemoSite, U, type DemoSite } from '../site/action-items/support';
import {
  closeBrowserAndSite,
  launchWithPage,
  macroFrame,
  requireChromium,
  screenshotPath,
  signInAs,
  type LaunchedBrowser,
} from './support/browser';

jest.setTimeout(180_000);

describe('unsent action-item drafts are kept across a reload (browser)', () => {
  let site: DemoSite;
  let browser: LaunchedBrowser;
  let page: Page;
  let today: string;
  const dialogs: string[] = [];
  const scriptErrors: string[] = [];
  const SUMMARY = 'Rate-limit the retry storm from checkout';

  const shownMacro = () => macroFrame(page, 'section.action-items table');
  const keptEntries = (frame: FrameLocator) =>
    frame.locator('body').evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('postmortem.actionItemDrafts')));

  beforeAll(async () => {
    requireChromium();
    site = await startDemoSite();
    site.setSettings({ actionItems: { projectKeys: ['PAY', 'PLAT'], defaultProjectKey: 'PAY', issueType: 'Task' } });
    const list = await site.macro<{ today: string }>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
    today = list.data!.today;
    ({ browser, page } = await launchWithPage(scriptErrors, { siteUrl: site.url, accountId: U.marcus }));
    // Leaving with unsent drafts asks first: the test records the question and leaves.
    page.on('dialog', (d: Dialog) => {
      dialogs.push(d.type());
      void d.accept();
    });
  });

  afterAll(() => closeBrowserAndSite(browser, site));

  test('a typed draft is there again after a reload, with a note and a way to discard it', async () => {
    await page.goto(`${site.url}/confluence/pages/${site.pageId}`);
    let macro = await shownMacro();
    await macro.getByRole('button', { name: 'Add action items' }).click();
    const draft = macro.locator('fieldset.draft').first();
    await draft.getByLabel('Summary (required)').click();
    await draft.getByLabel('Summary (required)').pressSequentially(SUMMARY);
    await draft.getByLabel('Due date (required)').fill(addDays(today, 14));
    expect(await keptEntries(macro)).toHaveLength(1);

    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    macro = await shownMacro();
    const note = macro.getByTestId('drafts-restored');
    await note.waitFor();
    expect(await note.innerText()).toContain('1 unsent draft restored');
    const restored = macro.locator('fieldset.draft');
    expect(await restored.count()).toBe(1);
    expect(await restored.first().getByLabel('Summary (required)').inputValue()).toBe(SUMMARY);
    expect(await restored.first().getByLabel('Due date (required)').inputValue()).toBe(addDays(today, 14));
    await page.screenshot({ path: screenshotPath('drafts-1-restored'), fullPage: true });

    // Nothing about the draft went to the app or the products: it lives in this browser only.
    expect(JSON.stringify([...site.db.issues()])).not.toContain(SUMMARY);
  });

  test('once created in Jira, the draft is gone after a reload', async () => {
    const macro = await shownMacro();
    const draft = macro.locator('fieldset.draft').first();
    await draft.getByRole('combobox', { name: 'Assignee (required)' }).fill('Sofia');
    // One person picker: type, see the people (avatar and name), pick with the keyboard.
    await draft.getByRole('option', { name: 'Sofia Alvarez' }).waitFor();
    await draft.getByRole('combobox', { name: 'Assignee (required)' }).press('Enter');
    await macro.getByRole('button', { name: 'Create action item' }).click();
    await macro.locator('form.action-form [role="status"].message').filter({ hasText: '1 created in Jira' }).waitFor();
    expect([...site.db.issues()].filter((i) => i.summary === SUMMARY)).toHaveLength(1);
    expect(await macro.getByTestId('drafts-restored').count()).toBe(0);
    expect(await keptEntries(macro)).toEqual([]);

    dialogs.length = 0;
    await page.reload();
    expect(dialogs).toEqual([]);
    const after = await shownMacro();
    await after.locator('section.action-items tbody tr', { hasText: SUMMARY }).waitFor();
    expect(await after.locator('fieldset.draft').count()).toBe(0);
    expect(await after.getByTestId('drafts-restored').count()).toBe(0);
    expect(await after.getByRole('button', { name: 'Add action items' }).count()).toBe(1);
  });

  test('Discard forgets restored drafts; another person on the same page never sees them', async () => {
    let macro = await shownMacro();
    await macro.getByRole('button', { name: 'Add action items' }).click();
    await macro.locator('fieldset.draft').first().getByLabel('Summary (required)').pressSequentially('Draft to throw away');
    await page.reload();
    macro = await shownMacro();
    await macro.getByTestId('drafts-restored').waitFor();

    // Priya, in the same browser, has drafts of her own only.
    const priya = await browser.context.newPage();
    await signInAs(browser.context, site.url, U.priya);
    await priya.goto(`${site.url}/confluence/pages/${site.pageId}`);
    const hers = await macroFrame(priya, 'section.action-items table');
    expect(await hers.getByTestId('drafts-restored').count()).toBe(0);
    expect(await hers.locator('fieldset.draft').count()).toBe(0);
    await priya.close();
    await signInAs(browser.context, site.url, U.marcus);

    await macro.getByRole('button', { name: 'Discard draft' }).click();
    await macro.getByText('Unsent drafts discarded.').waitFor();
    expect(await macro.locator('fieldset.draft').first().getByLabel('Summary (required)').inputValue()).toBe('');
    expect(await keptEntries(macro)).toEqual([]);
    dialogs.length = 0;
    await page.reload();
    expect(dialogs).toEqual([]);
    const after = await shownMacro();
    expect(await after.getByTestId('drafts-restored').count()).toBe(0);
    expect(scriptErrors).toEqual([]);
  });
});
