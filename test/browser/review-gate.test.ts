/**
 * The review gate in a real browser: a postmortem whose summary names an engineer and an internal
 * host goes to "Send to review"; the macro lists the open findings and asks to fix them or go on
 * with a reason (an empty reason is refused); with a reason it goes to review, and the reason and
 * the findings show with it. With findings required settled, the reviewer accepts them with a note.
 */
import type { Page } from 'playwright-core';
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

const SENTENCE = 'Elena Petrova restarted db01 at 09:10 and logins recovered.';

describe('review gate (browser)', () => {
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
    site.setSettings({
      confluence: { spaceKey: 'PM' },
      glossary: [{ term: 'db01', description: 'primary database' }],
      review: { requireSettledFindings: true },
    });
    ({ browser, page } = await launchWithPage(scriptErrors));
    pageId = await site.createPostmortem(U.elena, 'INC-4');
    await site.fillSections(pageId, U.elena, (title) =>
      title === 'Summary' ? SENTENCE : `Written for ${title}: the token service rejected valid sessions.`,
    );
  });

  afterAll(() => closeBrowserAndSite(browser, site));

  test('sending with open findings asks to fix them or go on with a reason; the reason and findings go with it', async () => {
    await as(U.elena);
    const macro = await openPage(pageId);
    await macro.getByText(/Open before review: 2 findings to reword/).waitFor();
    await macro.getByRole('button', { name: 'Send to review' }).click();
    const gate = macro.getByTestId('review-gate');
    await gate.waitFor();
    const listed = await gate.locator('li').allInnerTexts();
    expect(listed).toEqual(['Name of a person in Summary: “Elena Petrova”', 'Internal name in Summary: “db01”']);
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'draft' });

    await gate.getByRole('button', { name: 'Send to review with this reason' }).click();
    await gate
      .getByRole('alert')
      .filter({ hasText: /Say why it should go to review/ })
      .waitFor();
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'draft' });
    await page.screenshot({ path: screenshotPath('review-gate-1-findings'), fullPage: true });

    await gate.getByLabel('Reason to go on').fill('Elena asked to be named; db01 is on the public status page.');
    await gate.getByRole('button', { name: 'Send to review with this reason' }).click();
    await macro
      .getByTestId('pm-status')
      .filter({ hasText: /in review/i })
      .waitFor();
    const sent = macro.getByTestId('pm-review-request');
    await sent.waitFor();
    expect(await sent.innerText()).toMatch(/Sent to review with 2 open findings\. The reason given:/);
    expect(await sent.innerText()).toContain('Elena asked to be named; db01 is on the public status page.');
    // The demo's settings name no reviewers: the sender is told nobody was mailed, and how to change that.
    await macro.getByText(/Sent to review with your reason\. No reviewers are set in the app’s settings, so nobody was mailed/).waitFor();
    expect(site.pageProperty(pageId)).toMatchObject({
      status: 'in-review',
      reviewRequest: { reason: 'Elena asked to be named; db01 is on the public status page.', findingsTotal: 2 },
    });
    await page.screenshot({ path: screenshotPath('review-gate-2-in-review'), fullPage: true });
  });

  test('the reviewer accepts the open findings with a note', async () => {
    await as(U.daniel);
    const macro = await openPage(pageId);
    await macro.getByRole('button', { name: 'Mark reviewed…' }).click();
    await macro.getByRole('button', { name: 'Mark reviewed', exact: true }).click();
    await macro
      .getByRole('alert')
      .filter({ hasText: /still has 2 blameless or plain-language findings/ })
      .waitFor();
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'in-review' });

    await macro.getByRole('checkbox', { name: /Accept the 2 open findings/ }).check();
    await macro.getByLabel('Review note (optional)').fill('Agreed in the review meeting: names kept on purpose.');
    await macro.getByRole('button', { name: 'Mark reviewed', exact: true }).click();
    await macro.getByTestId('pm-accepted').waitFor();
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'reviewed', review: { reviewedBy: U.daniel, acceptedFindings: 2 } });
  });

  test('no page threw a script error', () => {
    expect(scriptErrors).toEqual([]);
  });
});
