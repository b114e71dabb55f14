/**
 * The "Done when" path of the postmortem in a real browser (Debian's Chromium), on the local site
 * with the demo seed: create a postmortem from the demo incident INC-4, see the macro with its due
 * date, get findings for a sentence that names an engineer and mentions db01, fix them, send it to
 * review, switch user, mark it reviewed; JQL on the incident's property sees each status. Also the
 * config dialog's search-as-you-type, used with the keyboard. Screenshots go to test-results/browser/.
 */
import type { Page } from 'playwright-core';
import { buildPostmortemMacro } from '../../src/domain/postmortem';
import { PostmortemSite, U } from '../site/postmortem/support';
import {
  closeBrowserAndSite,
  launchWithPage,
  macroFrame,
  openMacroPage,
  requireChromium,
  screenshotPath,
  signInAs,
  type LaunchedBrowser,
} from './support/browser';

jest.setTimeout(180_000);

const SENTENCE = 'Elena Petrova restarted db01 at 09:10 and logins recovered.';
const FIXED = 'The on-call engineer restarted the primary database at 09:10 and logins recovered.';

describe('postmortem: create, check, review (browser)', () => {
  let site: PostmortemSite;
  let browser: LaunchedBrowser;
  let page: Page;
  let pageId: string;
  const scriptErrors: string[] = [];

  const as = (accountId: string) => signInAs(browser.context, site.url, accountId);

  const openPage = (id: string) => openMacroPage(page, site.url, id);

  beforeAll(async () => {
    requireChromium();
    site = await PostmortemSite.start();
    site.setSettings({ confluence: { spaceKey: 'PM' }, glossary: [{ term: 'db01', description: 'primary database' }] });
    ({ browser, page } = await launchWithPage(scriptErrors));
  });

  afterAll(() => closeBrowserAndSite(browser, site));

  test('create a postmortem from the demo incident; the macro shows its due date', async () => {
    await as(U.elena);
    await page.goto(`${site.url}/jira/browse/INC-4`);
    await page.getByTestId('issue-key').waitFor();
    await page.screenshot({ path: screenshotPath('postmortem-1-incident'), fullPage: true });
    // "Create postmortem" (the panel's button calls this resolver)
    const created = await site.panel<{ page: { pageId: string }; dueDate: string }>('createPostmortem', U.elena, 'INC-4', {});
    expect(created.error).toBeUndefined();
    pageId = created.data!.page.pageId;
    expect(await site.jqlKeys('issue.property[postmortem].status = "draft"', U.elena)).toContain('INC-4');

    const macro = await openPage(pageId);
    const due = macro.getByTestId('pm-due');
    await due.waitFor();
    expect(await due.innerText()).toContain(created.data!.dueDate);
    expect(await due.innerText()).toMatch(/due in \d+ days?|due today/i);
    expect(await macro.getByTestId('pm-status').innerText()).toMatch(/draft/i);
    await macro.getByText('INC-4').first().waitFor();
    await page.screenshot({ path: screenshotPath('postmortem-2-macro-draft'), fullPage: true });
  });

  test('a sentence naming an engineer and mentioning db01 gets findings; fixing it clears them', async () => {
    await site.fillSections(pageId, U.elena, (title) =>
      title === 'Summary' ? SENTENCE : `Written for ${title}: the token service rejected valid sessions.`,
    );
    let macro = await openPage(pageId);
    const findings = macro.locator('.findings li');
    await findings.first().waitFor();
    const text = await macro.locator('section[aria-labelledby="pm-findings"]').innerText();
    expect(text).toContain('Elena Petrova');
    expect(text).toContain('db01');
    expect(text).toContain('Summary');
    expect(text).toMatch(/primary database/);
    await page.screenshot({ path: screenshotPath('postmortem-3-findings'), fullPage: true });

    const adf = JSON.stringify(site.pageAdf(pageId)).replace(SENTENCE, FIXED);
    await site.savePage(pageId, U.elena, JSON.parse(adf) as unknown);
    macro = await openPage(pageId);
    await macro.getByText(/No names of people, @mentions or internal host names/).waitFor();
    await page.screenshot({ path: screenshotPath('postmortem-4-findings-fixed'), fullPage: true });
  });

  test('the owner sends it to review; another user marks it reviewed; JQL sees each status', async () => {
    let macro = await openPage(pageId);
    await macro.getByRole('button', { name: 'Send to review' }).click();
    await macro
      .getByTestId('pm-status')
      .filter({ hasText: /in review/i })
      .waitFor();
    expect(await site.jqlKeys('issue.property[postmortem].status = "in-review"', U.elena)).toContain('INC-4');
    // the owner is told someone else records the review
    await macro.getByText(/Someone other than you, the owner, records the review/).waitFor();
    await page.screenshot({ path: screenshotPath('postmortem-5-in-review'), fullPage: true });

    await as(U.daniel);
    macro = await openPage(pageId);
    await macro.getByRole('button', { name: 'Mark reviewed…' }).click();
    await macro.getByLabel('Review note (optional)').fill('Reviewed in the Tuesday review meeting.');
    await macro.getByRole('button', { name: 'Mark reviewed', exact: true }).click();
    await macro
      .getByTestId('pm-status')
      .filter({ hasText: /reviewed/i })
      .filter({ hasText: /Daniel Kim/ })
      .waitFor();
    // INC-6 to INC-8: the demo seed's earlier reviewed postmortems (local/products/SEED.md)
    expect(await site.jqlKeys('issue.property[postmortem].status = "reviewed"', U.daniel)).toEqual(['INC-4', 'INC-6', 'INC-7', 'INC-8']);
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'reviewed', review: { reviewedBy: U.daniel } });
    await page.screenshot({ path: screenshotPath('postmortem-6-reviewed'), fullPage: true });

    await page.getByTestId('theme-toggle').click();
    const dark = await macroFrame(page);
    await dark.locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: screenshotPath('postmortem-7-reviewed-dark'), fullPage: true });
    await page.getByTestId('theme-toggle').click();
  });

  test('the config dialog links a page by search as you type, with the keyboard only', async () => {
    await as(U.grace);
    const app = { appId: '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17', environmentId: 'local-development', moduleKey: 'postmortem-macro' };
    const node = buildPostmortemMacro(app, { localId: 'pm-browser-1', config: {} });
    const id = await site.createPage(U.grace, 'Push delays postmortem', [
      node,
      { type: 'paragraph', content: [{ type: 'text', text: 'Notes.' }] },
    ]);
    const macro = await openPage(id);
    await macro.getByText(/not linked to an incident yet/).waitFor();

    await page.getByTestId('edit-macro').first().click();
    await page.getByTestId('macro-config-dialog').waitFor();
    const config = page.getByTestId('macro-config-dialog').frameLocator('iframe');
    const box = config.getByRole('combobox', { name: 'Incident' });
    await box.waitFor();
    await box.focus();
    await page.keyboard.type('push notif');
    const option = config.getByRole('option').filter({ hasText: 'INC-2' });
    await option.waitFor();
    expect(await config.getByRole('option').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('postmortem-8-config-search'), fullPage: true });
    await page.keyboard.press('ArrowDown');
    expect(await config.getByRole('option', { selected: true }).innerText()).toContain('INC-2');
    await page.keyboard.press('Enter'); // choose
    await config.getByText(/Link to INC-2/).waitFor();
    await page.keyboard.press('Tab'); // to the Link button
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    const linked = await macroFrame(page);
    await linked.getByText('INC-2').first().waitFor();
    expect(site.issueProperty('INC-2')).toMatchObject({ pageId: id });
    expect(site.remoteLinks('INC-2')).toEqual([expect.objectContaining({ globalId: `postmortem-page=${id}` })]);
    await page.screenshot({ path: screenshotPath('postmortem-9-linked-from-config'), fullPage: true });

    // an incident with a postmortem elsewhere is refused with a link to it
    await page.getByTestId('edit-macro').first().click();
    const again = page.getByTestId('macro-config-dialog').frameLocator('iframe');
    const box2 = again.getByRole('combobox', { name: 'Incident' });
    await box2.waitFor();
    await box2.fill('INC-3');
    await again.getByRole('option').filter({ hasText: 'INC-3' }).waitFor();
    await box2.press('Enter');
    await again.getByRole('button', { name: 'Relink' }).click();
    await again
      .getByRole('alert')
      .filter({ hasText: /INC-3 already has a postmortem/ })
      .waitFor();
    await again.getByRole('link', { name: /Open “Postmortem: INC-3/ }).waitFor();
    await page.screenshot({ path: screenshotPath('postmortem-10-config-refused'), fullPage: true });
    expect(site.issueProperty('INC-2')).toMatchObject({ pageId: id });

    // Escape: the first closes the open result list, the next closes the dialog; nothing changes.
    await box2.fill('INC');
    await again.getByRole('listbox').waitFor();
    // With the results open the dialog's buttons are whole (not clipped by the frame), and the
    // dialog says its title once.
    await page.waitForFunction(() => {
      const f = document.querySelector('[data-testid="macro-config-dialog"] iframe') as HTMLIFrameElement | null;
      const doc = f?.contentDocument;
      return !!f && !!doc && doc.documentElement.scrollHeight <= f.clientHeight;
    });
    const frameBox = await page.getByTestId('macro-config-dialog').locator('iframe').boundingBox();
    const cancelBox = await again.getByRole('button', { name: 'Cancel' }).boundingBox();
    expect(frameBox && cancelBox && cancelBox.y + cancelBox.height <= frameBox.y + frameBox.height).toBe(true);
    expect(await page.getByTestId('macro-config-dialog').getByText('Link this postmortem to its incident').count()).toBe(0);
    expect(await again.getByRole('heading', { name: 'Link this postmortem to its incident' }).count()).toBe(1);
    await box2.press('Escape');
    await again.getByRole('listbox').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('macro-config-dialog').isVisible()).toBe(true);
    await box2.press('Escape');
    await page.getByTestId('macro-config-dialog').waitFor({ state: 'detached' });
    expect(site.issueProperty('INC-2')).toMatchObject({ pageId: id });
  });

  test('no page threw a script error', () => {
    expect(scriptErrors).toEqual([]);
  });
});
