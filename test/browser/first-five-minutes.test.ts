/**
 * The first five minutes of a new user, in Chromium, from a fresh site with the demo seed (as
 * `npm start` makes it): Elena, on call for INC-4, creates its postmortem from the issue panel
 * (no error: the demo names the space), writes a paragraph naming a person (herself) in the local
 * Confluence editor and sees the macro's finding, adds two action items, leaves a third as a draft
 * that survives a reload, and closes one item from the Jira issue view. No error on the way: no
 * alert in any app frame, no script error, nothing refused by the content security policy.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Dialog, FrameLocator, Page } from 'playwright-core';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO, type LocalProducts } from '../../local/products';
import {
  caretAtEnd,
  closeBrowserAndSite,
  launchWithPage,
  MACRO_FRAME,
  requireChromium,
  screenshotPath,
  type LaunchedBrowser,
} from './support/browser';

jest.setTimeout(300_000);

const ELENA = DEMO.users.elena;
const PANEL = '[data-testid="forge-frame-postmortem-panel"]';

let site: RunningSite;
let browser: LaunchedBrowser;
let page: Page;
let dataDir: string;
const scriptErrors: string[] = [];
const dialogs: string[] = [];

const db = () => (site.site.products as LocalProducts).db;

/** What the app frames say went wrong, if anything (every error the apps show is a role=alert). */
async function alertsIn(frame: FrameLocator): Promise<string[]> {
  return frame.locator('[role="alert"]').allInnerTexts();
}

beforeAll(async () => {
  requireChromium();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'first-five-'));
  site = await startSite({ port: 0, dataDir, seed: 'demo' });
  ({ browser, page } = await launchWithPage(scriptErrors, { siteUrl: site.url, accountId: ELENA.accountId }));
  page.on('dialog', (d: Dialog) => {
    dialogs.push(d.type());
    void d.accept();
  });
});
afterAll(async () => {
  await closeBrowserAndSite(browser, site);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('create the INC-4 postmortem, write and see a finding, add two items, keep a draft over a reload, close an item: no error', async () => {
  // 1. The incident, its Postmortem panel (added with the app button), "Create postmortem".
  await page.goto(`${site.url}/jira/browse/INC-4`);
  await page.getByTestId('app-button-postmortem-panel').click();
  const panel = page.frameLocator(PANEL).first();
  await panel.getByText('No postmortem yet.').waitFor({ timeout: 60_000 });
  // The panel says when the postmortem will be due, as a date.
  expect(await panel.locator('section[aria-label="Postmortem of this incident"]').innerText()).toMatch(/it is due \d{4}-\d{2}-\d{2} \(/);
  await panel.getByRole('button', { name: 'Create postmortem' }).click();
  await panel.getByText(/was created from the template and linked to INC-4/).waitFor({ timeout: 60_000 });
  expect(await alertsIn(panel)).toEqual([]);
  expect(await panel.locator('.message.success').count()).toBe(1);
  const pageId = String((db().issueByKey('INC-4')!.properties.postmortem as { pageId: string }).pageId);
  expect(db().page(pageId)!.spaceId).toBe(db().spaceByKey('PM')!.id);
  await page.screenshot({ path: screenshotPath('first-five-1-created'), fullPage: true });

  // 2. The page, in the local editor: a paragraph naming a person, published.
  await page.goto(`${site.url}/confluence/pages/${pageId}`);
  await page.getByTestId('page-edit').click();
  const editor = page.getByTestId('editor-body');
  await editor.waitFor({ state: 'visible' });
  await caretAtEnd(editor.locator('p').first());
  await page.keyboard.press('Enter');
  await page.keyboard.type('Elena Petrova rolled back the token-service deploy at 09:40.');
  await page
    .getByTestId('editor-status')
    .filter({ hasText: /Draft saved/ })
    .waitFor({ timeout: 30_000 });
  await page.getByTestId('editor-publish').click();
  await page.getByTestId('page-body').getByText('Elena Petrova rolled back').waitFor({ timeout: 30_000 });

  // 3. The macro's blameless finding names her.
  const macro = page.frameLocator(MACRO_FRAME).first();
  const findings = macro.locator('section[aria-labelledby="pm-findings"]');
  await findings.locator('.findings li', { hasText: 'Elena Petrova' }).first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: screenshotPath('first-five-2-finding'), fullPage: true });

  // 4. Two action items, each with an owner picked in the person picker and a due date.
  await macro.locator('section.action-items').waitFor({ timeout: 30_000 });
  await macro.getByRole('button', { name: 'Add action items' }).click();
  const today = new Date(Date.parse(`${site.site.clock.now().toISOString().slice(0, 10)}T00:00:00Z`));
  const inDays = (n: number) => new Date(today.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const items = [
    { summary: 'Canary the token service before a full deploy', who: 'Elena Petrova', due: inDays(14) },
    { summary: 'Alert on the login failure rate', who: 'Daniel Kim', due: inDays(21) },
  ];
  for (const [i, it] of items.entries()) {
    if (i > 0) await macro.getByRole('button', { name: 'Add another item' }).click();
    const d = macro.locator('fieldset.draft').nth(i);
    await d.getByLabel('Summary (required)').fill(it.summary);
    const who = d.getByRole('combobox', { name: 'Assignee (required)' });
    await who.fill(it.who.split(' ')[0]!);
    await d.getByRole('option', { name: it.who }).click();
    await d.getByLabel('Due date (required)').fill(it.due);
    // The date is also written out in full, so 03/04 is never ambiguous.
    await expect(d.getByTestId(/-dueDate-written$/).innerText()).resolves.toMatch(/\d{4}/);
  }
  await macro.getByRole('button', { name: 'Create 2 action items' }).click();
  const outcome = macro.getByTestId('creation-outcome');
  await outcome.filter({ hasText: '2 created in Jira' }).waitFor({ timeout: 60_000 });
  expect(await outcome.getAttribute('class')).toContain('success');
  const created = [...db().issues()].filter(
    (i) => (i.properties['postmortem-action'] as { incidentKey?: string } | undefined)?.incidentKey === 'INC-4',
  );
  expect(created.map((i) => i.summary).sort()).toEqual(items.map((i) => i.summary).sort());
  expect(await alertsIn(macro)).toEqual([]);

  // 5. A third item, started and not sent, is kept over a reload (the browser asks before leaving).
  await macro.getByRole('button', { name: 'Add another item' }).click();
  const third = macro.locator('fieldset.draft').last().getByLabel('Summary (required)');
  await third.click();
  await third.pressSequentially('Write the token-service runbook');
  // Reload only once the draft is kept in the browser (it is saved a moment after typing stops).
  for (let i = 0; i < 100; i += 1) {
    const kept = await macro
      .locator('body')
      .evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('postmortem.actionItemDrafts')).length);
    if (kept > 0) break;
    await page.waitForTimeout(100);
  }
  await page.reload();
  expect(dialogs).toContain('beforeunload');
  const again = page.frameLocator(MACRO_FRAME).first();
  await again.getByTestId('drafts-restored').waitFor({ timeout: 60_000 });
  expect(await again.locator('fieldset.draft').last().getByLabel('Summary (required)').inputValue()).toBe(
    'Write the token-service runbook',
  );
  await page.screenshot({ path: screenshotPath('first-five-3-draft-kept'), fullPage: true });

  // 6. One item closed from the Jira issue view's status control.
  const mine = created.find((i) => i.summary === items[0]!.summary)!;
  dialogs.length = 0;
  await page.goto(`${site.url}/jira/browse/${mine.key}`);
  await page.getByLabel('Move to').selectOption({ label: 'Done' });
  await page.getByTestId('status-submit').click();
  await page.waitForURL(`${site.url}/jira/browse/${mine.key}`);
  await expect(page.getByTestId('issue-resolution').innerText()).resolves.not.toBe('Unresolved');
  expect(db().issueByKey(mine.key)!.statusId).toBe('10001');
  expect(await page.getByTestId('status-error').count()).toBe(0);

  // No error on the way.
  expect(scriptErrors).toEqual([]);
  expect(site.site.cspReports).toEqual([]);
});
