/**
 * "Won't do" on an action item's Postmortem panel, in a real browser (Debian's Chromium), on the
 * local site with the demo seed:
 *  - Liam, PAY-4's assignee, asks to close it without doing it: an empty reason is refused in the
 *    form, then his reason goes to PAY's manager (Marcus) and the item stays open;
 *  - Sofia (another member of PAY, not its manager) sees the request but no Approve button, and a
 *    decision she forces through the bridge is refused by the server;
 *  - Marcus approves with a note: the panel says it is waived and Jira shows PAY-4 resolved as
 *    Won't Do; the approval's property carries the app's seal.
 * Screenshots go to test-results/browser/.
 */
import type { Page } from 'playwright-core';
import { PostmortemSite, U } from '../site/postmortem/support';
import {
  closeBrowserAndSite,
  launchWithPage,
  openIssueWithPanel,
  requireChromium,
  screenshotPath,
  signInAs,
  type LaunchedBrowser,
} from './support/browser';

jest.setTimeout(90_000);

const REASON = 'The old checkout path is removed next sprint, so this fix would be thrown away.';

describe("won't do on the action item's panel (browser)", () => {
  let site: PostmortemSite;
  let browser: LaunchedBrowser;
  let page: Page;
  const scriptErrors: string[] = [];

  const as = (accountId: string) => signInAs(browser.context, site.url, accountId);

  const openItem = (key: string) => openIssueWithPanel(page, site.url, U.priya, key, '[data-testid="waiver"]');

  beforeAll(async () => {
    requireChromium();
    site = await PostmortemSite.start();
    ({ browser, page } = await launchWithPage(scriptErrors));
  });

  afterAll(() => closeBrowserAndSite(browser, site));

  test('the assignee asks with a reason; another member cannot decide; the manager approves', async () => {
    await site.reset();

    // Liam asks (keyboard: the button, then the form).
    await as(U.liam);
    let panel = await openItem('PAY-4');
    const waiver = panel.locator('[data-testid="waiver"]');
    expect(await waiver.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    await waiver.getByRole('button', { name: 'Close without doing it…' }).focus();
    await page.keyboard.press('Enter');
    const reason = waiver.getByRole('textbox', { name: 'Why will it not be done?' });
    await reason.waitFor();
    await waiver.getByText('Marcus Chen decides; until then it counts as open.').waitFor();
    // Nothing typed: the form says what to do and sends nothing.
    await waiver.getByRole('button', { name: 'Ask for approval' }).click();
    await waiver.getByRole('alert').filter({ hasText: 'Say why this item will not be done' }).waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await reason.focus();
    await page.keyboard.type(REASON);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waiver.getByText(/Liam O'Connor asked to close it without doing it; it stays open until Marcus Chen approves\./).waitFor();
    expect(await waiver.getByTestId('waiver-reason').innerText()).toBe(REASON);
    await page.screenshot({ path: screenshotPath('waiver-1-requested'), fullPage: true });
    expect(site.db.issueByKey('PAY-4')!.resolutiondate).toBeNull();

    // Sofia, a member of PAY but not its manager: no decision in the panel, and the server refuses one.
    await as(U.sofia);
    panel = await openItem('PAY-4');
    await panel.getByText(/it stays open until Marcus Chen approves/).waitFor();
    expect(await panel.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: /Decline/ }).count()).toBe(0);
    const forced = await site.panel<unknown>('decideWaiver', U.sofia, 'PAY-4', { decision: 'approve' });
    expect(forced).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/Only a manager of PAY/) } });
    expect(site.db.issueByKey('PAY-4')!.resolutiondate).toBeNull();

    // Marcus, PAY's manager, approves with a note.
    await as(U.marcus);
    panel = await openItem('PAY-4');
    const approve = panel.getByRole('button', { name: 'Approve: close without doing it' });
    await approve.waitFor();
    await page.screenshot({ path: screenshotPath('waiver-2-manager'), fullPage: true });
    await panel.getByRole('textbox', { name: 'Note (needed to decline)' }).fill('Agreed: the path goes away.');
    await approve.click();
    await panel.getByText("Won't do: approved by Marcus Chen. It no longer counts as open.").waitFor();
    await panel.getByText("Manager's note: Agreed: the path goes away.").waitFor();
    expect(await panel.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('waiver-3-approved'), fullPage: true });

    const issue = site.db.issueByKey('PAY-4')!;
    expect(issue.resolutiondate).not.toBeNull();
    expect(issue.properties['postmortem-waiver']).toMatchObject({
      status: 'approved',
      reason: REASON,
      decidedBy: U.marcus,
      seal: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(scriptErrors).toEqual([]);
  });
});
