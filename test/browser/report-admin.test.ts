/**
 * The report (global page) and the settings (admin page) in Debian's Chromium, on the local site
 * with the demo seed (local/products/SEED.md): a manager reads the report (counts stamped with the
 * time they are true as of), sorts, groups, filters and downloads the CSV (rows as on screen); someone without access sees the empty states; the
 * Jira admin changes reminder offsets and an escalation contact, sees the change history, and
 * gets a message on the field at fault; a non-admin is refused the settings. Screenshots go to
 * test-results/browser/ (report-*, admin-*).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO } from '../../local/products';
import { chromiumAvailable, CHROMIUM, launchBrowser, screenshotPath, type LaunchedBrowser } from './support/browser';

jest.setTimeout(180_000);

const U = DEMO.users;

describe('report and settings pages in a real browser', () => {
  let site: RunningSite;
  let browser: LaunchedBrowser;
  let page: Page;
  const pageErrors: string[] = [];

  async function as(accountId: string): Promise<void> {
    await browser.context.clearCookies();
    await browser.context.addCookies([{ name: 'local_site_user', value: accountId, url: site.url }]);
  }

  async function frame(testId: string, ready: string): Promise<FrameLocator> {
    const f = page.frameLocator(`[data-testid="${testId}"]`).first();
    await f.locator(ready).first().waitFor({ state: 'visible', timeout: 60_000 });
    return f;
  }

  async function rowKeys(f: FrameLocator, section: string): Promise<string[]> {
    return f.locator(`[data-testid="section-${section}"] tbody tr td:first-child`).allInnerTexts();
  }

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
    site = await startSite({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-admin-browser-')), seed: 'demo' });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('a manager reads the report: overdue items of their teams, sorting, grouping, the review queue', async () => {
    await as(U.marcus.accountId);
    await page.goto(`${site.url}/jira/apps/postmortem-report`);
    const f = await frame('forge-frame-postmortem-report', '[data-testid="section-overdue"]');
    expect(await rowKeys(f, 'overdue')).toEqual(['PAY-4', 'PAY-3']);
    expect(await rowKeys(f, 'review-queue')).toEqual(['INC-3']);
    // The page says when its counts are true as of, and so does each section.
    await expect(f.locator('[data-testid="report-as-of"]').innerText()).resolves.toMatch(
      /^Counts as of \d{2}:\d{2}:\d{2} UTC on \d{4}-\d{2}-\d{2}/,
    );
    await expect(f.locator('[data-testid="section-overdue"] .as-of').innerText()).resolves.toMatch(/counted at \d{2}:\d{2}:\d{2} UTC/);
    await expect(f.locator('[data-testid="section-no-due-date"]').innerText()).resolves.toContain('PAY-5');
    await expect(f.locator('#sec-trends svg[role="img"]').first().getAttribute('aria-label')).resolves.toMatch(/closed per week/);
    await page.screenshot({ path: screenshotPath('report-manager'), fullPage: true });

    // Sorting by keyboard: focus the "Days overdue" header button and press Enter (twice: desc, then asc).
    const sortButton = f.locator('[data-testid="section-overdue"] th button', { hasText: 'Days overdue' });
    await sortButton.focus();
    await page.keyboard.press('Enter');
    await f.locator('[data-testid="section-overdue"] th[aria-sort="descending"]').waitFor();
    await sortButton.focus();
    await page.keyboard.press('Enter');
    await f.locator('[data-testid="section-overdue"] th[aria-sort="ascending"]').waitFor();
    await f.locator('[data-testid="section-overdue"] table[aria-busy="false"]').waitFor();
    expect(await rowKeys(f, 'overdue')).toEqual(['PAY-3', 'PAY-4']);

    // Group by assignee, then show Liam's items.
    await f.getByRole('group', { name: 'Group overdue items by' }).getByRole('button', { name: 'Assignee', exact: true }).click();
    await f.locator('[data-testid="overdue-groups"]').waitFor();
    await f.getByRole('button', { name: /Show 1 item of Liam O'Connor/ }).click();
    await f.getByText('Showing the overdue items of assignee').waitFor();
    await f.locator('[data-testid="section-overdue"] table[aria-busy="false"]').waitFor();
    expect(await rowKeys(f, 'overdue')).toEqual(['PAY-4']);
    await page.screenshot({ path: screenshotPath('report-grouped'), fullPage: true });
  });

  test('the CSV download holds the rows on screen, in the screen’s order', async () => {
    const f = page.frameLocator('[data-testid="forge-frame-postmortem-report"]').first();
    await f.getByRole('button', { name: 'Show all overdue items' }).click();
    await f.locator('[data-testid="section-overdue"] table[aria-busy="false"]').waitFor();
    const onScreen = await rowKeys(f, 'overdue');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      f.locator('[data-testid="section-overdue"]').getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^postmortem-report-overdue-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csv-')), download.suggestedFilename());
    await download.saveAs(file);
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines.slice(1).map((l) => l.split(',')[0]!.replace(/^"|"$/g, ''))).toEqual(onScreen); // every text cell is quoted
    await f.getByText(/Downloaded postmortem-report-overdue/).waitFor();
  });

  test('filters narrow the report, and an empty section says why', async () => {
    const f = page.frameLocator('[data-testid="forge-frame-postmortem-report"]').first();
    await f.locator('#filter-projects').selectOption(['PLAT']);
    await f.getByRole('button', { name: 'Apply filters' }).click();
    await f.getByText('Filtered by projects').waitFor();
    await f.locator('[data-testid="section-overdue"]').waitFor();
    await expect(f.locator('[data-testid="section-overdue"]').innerText()).resolves.toContain('Nothing is overdue');
    expect(await rowKeys(f, 'due-soon')).toEqual(['PLAT-1']);

    // A reversed date range is caught in the form, with the message on the field.
    await f.locator('#filter-from').fill('2026-03-10');
    // The picker shows the date written out in the person's locale under it, as the site shows dates.
    await expect(f.getByTestId('filter-from-written').innerText()).resolves.toMatch(/March/);
    await expect(f.getByTestId('filter-from-written').innerText()).resolves.toMatch(/\b10\b.*2026|2026.*\b10\b/);
    await f.locator('#filter-to').fill('2026-03-01');
    await f.getByRole('button', { name: 'Apply filters' }).click();
    await expect(f.locator('#filter-to').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(f.locator('#filter-to-error').innerText()).resolves.toBe('The end date must be on or after the start date.');
    await page.screenshot({ path: screenshotPath('report-filtered'), fullPage: true });

    await page.getByTestId('theme-toggle').click();
    await f.locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: screenshotPath('report-dark'), fullPage: true });
    await page.getByTestId('theme-toggle').click();
  });

  test('someone without access to the teams’ projects sees none of their items, and the empty states explain', async () => {
    await as(U.noah.accountId);
    await page.goto(`${site.url}/jira/apps/postmortem-report`);
    const f = await frame('forge-frame-postmortem-report', '[data-testid="section-overdue"]');
    const text = await f.locator('main').innerText();
    expect(text).not.toMatch(/PAY-\d|PLAT-\d|INC-\d/);
    expect(text).toContain('The review queue is empty');
    await page.screenshot({ path: screenshotPath('report-no-access'), fullPage: true });
  });

  test('the Jira admin changes reminder offsets and an escalation contact, and the change history shows it', async () => {
    await as(U.priya.accountId);
    await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
    const f = await frame('forge-frame-postmortem-settings', '[data-testid="save-settings"]');
    await page.screenshot({ path: screenshotPath('admin-before'), fullPage: true });
    // The demo seed's own save (Priya set the space and the second tier) is the first entry.
    await expect(f.locator('[data-testid="settings-history"]').innerText()).resolves.toMatch(/Priya Raman[\s\S]*Confluence space/);

    // Beside the agenda weekday (Process), the agenda page's outcome: none yet in the fresh seed.
    await expect(f.locator('[data-testid="agenda-status"]').innerText()).resolves.toMatch(/No agenda page yet/);

    // The settings are grouped in tabs; Save stays right under the open group.
    expect(await f.getByRole('tab').allInnerTexts()).toEqual(['Process', 'Notifications', 'Confluence', 'Jira', 'Language']);
    await f.getByRole('tab', { name: 'Notifications' }).click();
    await f.locator('#f-reminderOffsets').fill('5, 0');
    // PAY has a row already (the demo's second tier, Priya): Sofia is added as its manager.
    const row = f.getByRole('group', { name: 'Escalation contacts for PAY' });
    await row.getByText('Project lead (the fallback): Marcus Chen').waitFor();
    await row.getByTestId('f-contacts-2-secondTier-chips').getByText('Priya Raman').waitFor();
    await row.getByPlaceholder('Find managers to add').fill('sof');
    await row.getByRole('option', { name: 'Sofia Alvarez' }).click();
    await row.getByRole('button', { name: 'Remove Sofia Alvarez from managers' }).waitFor();

    await f.locator('[data-testid="save-settings"]').click();
    await f.getByText(/Saved 2 changes/).waitFor({ timeout: 30_000 });
    const history = await f.locator('[data-testid="settings-history"]').innerText();
    expect(history).toContain('Priya Raman');
    expect(history).toContain('Reminder offsets (days before due): 7, 1, 0 → 5, 0');
    expect(history).toContain('Escalation contacts for PAY');
    await page.screenshot({ path: screenshotPath('admin-saved'), fullPage: true });

    // A deadline out of range: the server's message is shown on the field and in the summary; the
    // summary's link opens the field's group (its tab says how many fields to fix) and focuses it.
    await f.getByRole('tab', { name: 'Process' }).click();
    await f.locator('#f-postmortemDeadlineDays').fill('99');
    await f.getByRole('tab', { name: 'Jira' }).click();
    await f.locator('[data-testid="save-settings"]').click();
    const summary = f.locator('[data-testid="error-summary"]');
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain('Postmortem deadline: At most 60 days.');
    await expect(f.getByRole('tab', { name: /Process/ }).innerText()).resolves.toMatch(/1 to fix/i);
    await summary.getByRole('link', { name: 'Postmortem deadline' }).click();
    await expect(f.locator('#f-postmortemDeadlineDays').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(f.locator('#f-postmortemDeadlineDays').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.screenshot({ path: screenshotPath('admin-invalid'), fullPage: true });
    await f.locator('#f-postmortemDeadlineDays').fill('7');

    // Template sections: add one, move it up, by keyboard-reachable buttons.
    await f.getByRole('button', { name: 'Add a section' }).click();
    const sections = f.locator('[data-testid="section-row"]');
    const n = await sections.count();
    await sections
      .nth(n - 1)
      .locator('input')
      .first()
      .fill('Follow-up review');
    await f.getByRole('button', { name: 'Move up: Follow-up review' }).click();
    await expect(
      sections
        .nth(n - 2)
        .locator('input')
        .first()
        .inputValue(),
    ).resolves.toBe('Follow-up review');
    await f.locator('[data-testid="save-settings"]').click();
    await f.getByText(/Saved \d+ changes?/).waitFor({ timeout: 30_000 });
    await expect(f.locator('[data-testid="settings-history"]').innerText()).resolves.toContain('Template section "follow-up-review"');

    // Incidents tracked from a start date; the reporter reminded before a page exists; reviewers.
    await f.getByRole('tab', { name: 'Process' }).click();
    await expect(f.locator('#f-trackingStartDate').inputValue()).resolves.toBe('');
    await expect(f.locator('#f-trackingStartDate-help').innerText()).resolves.toContain('resolved before this day are not chased');
    await f.locator('#f-trackingStartDate').fill('2026-09-01');
    await f.getByRole('tab', { name: 'Notifications' }).click();
    await f.getByLabel('Reminded of a postmortem before its page exists').selectOption('reporter');
    await f.getByPlaceholder('Find reviewers to add').fill('gra');
    await f.getByRole('option', { name: 'Grace Okafor' }).click();
    await f.getByRole('button', { name: 'Remove Grace Okafor from reviewers' }).waitFor();
    await f.getByLabel('Reviewer group (Jira group name)').fill('postmortem-reviewers');
    // The hour the day's sweep mails at: 09:00 by default, picked as a time of day.
    await expect(f.getByLabel('Send reminders and escalations at').inputValue()).resolves.toBe('9');
    await f.getByLabel('Send reminders and escalations at').selectOption({ label: '07:00' });
    await f.locator('[data-testid="save-settings"]').click();
    await f.getByText(/Saved 5 changes/).waitFor({ timeout: 30_000 });
    const saved = await f.locator('[data-testid="settings-history"]').innerText();
    expect(saved).toMatch(/Track incidents resolved on or after.*2026-09-01/);
    expect(saved).toMatch(/Reminded before a postmortem page exists.*assignee.*reporter/);
    expect(saved).toMatch(/Reviewers.*Grace Okafor/);
    expect(saved).toMatch(/Reviewer group.*postmortem-reviewers/);
    expect(saved).toMatch(/Send mails at \(hour\).*9.*7/);
    await f.getByRole('tab', { name: 'Process' }).click();
    await expect(f.locator('#f-trackingStartDate').inputValue()).resolves.toBe('2026-09-01');

    await page.getByTestId('theme-toggle').click();
    await f.locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: screenshotPath('admin-dark'), fullPage: true });
    await page.getByTestId('theme-toggle').click();
  });

  test('another admin saved while the page was open: the save is refused with who saved, and "Reload the settings" shows their change', async () => {
    await as(U.priya.accountId);
    await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
    const f = await frame('forge-frame-postmortem-settings', '[data-testid="save-settings"]');

    // Meanwhile, in another tab: the deadline becomes 12 days.
    const invoke = async (resolver: string, payload: unknown) => {
      const res = await fetch(`${site.url}/__site/invoke/admin-resolver`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: U.priya.accountId, resolver, payload, moduleKey: 'postmortem-settings' }),
      });
      return ((await res.json()) as { result: { ok: boolean; data: { settings: Record<string, unknown>; version: number } } }).result;
    };
    const other = await invoke('admin.getOverview', {});
    expect(
      (
        await invoke('admin.saveSettings', {
          settings: { ...other.data.settings, postmortemDeadlineDays: 12 },
          version: other.data.version,
        })
      ).ok,
    ).toBe(true);

    await f.getByRole('tab', { name: 'Notifications' }).click();
    await f.locator('#f-reminderOffsets').fill('3, 0');
    await f.locator('[data-testid="save-settings"]').click();
    const summary = f.locator('[data-testid="error-summary"]');
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toMatch(
      /The settings changed since you opened this page \(Priya Raman saved them at .*\)\. Nothing was saved/,
    );
    await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('admin-conflict'), fullPage: true });

    await f.getByRole('button', { name: 'Reload the settings' }).click();
    await expect(f.locator('#f-postmortemDeadlineDays').inputValue()).resolves.toBe('12');
    await f.getByRole('tab', { name: 'Notifications' }).click();
    await f.locator('#f-reminderOffsets').fill('3, 0');
    await f.locator('[data-testid="save-settings"]').click();
    await f.getByText(/Saved 1 change/).waitFor({ timeout: 30_000 });
  });

  test('once the weekly agenda page is written, the settings page says so by the agenda weekday and links to it', async () => {
    const control = async (method: string, p: string, body?: unknown) => {
      const r = await fetch(`${site.url}${p}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(r.status).toBe(200);
      return r.json() as Promise<Record<string, unknown>>;
    };
    const now = new Date(String((await control('GET', '/__site/clock')).now));
    const monday = new Date(now.getTime() + ((8 - now.getUTCDay()) % 7 || 7) * 86_400_000);
    const day = monday.toISOString().slice(0, 10);
    await control('PUT', '/__site/clock', { now: `${day}T09:00:00.000Z` });
    await control('POST', '/__site/scheduled/postmortem-sweep'); // the day's sweep
    await control('PUT', '/__site/clock', { now: `${day}T10:00:00.000Z` });
    await control('POST', '/__site/scheduled/postmortem-sweep'); // the agenda page

    await as(U.priya.accountId);
    await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
    const f = await frame('forge-frame-postmortem-settings', '[data-testid="save-settings"]');
    const status = f.locator('[data-testid="agenda-status"]');
    await expect(status.innerText()).resolves.toMatch(/^Agenda page created: Postmortem review, week of \d{1,2} \w+ \d{4}\./);
    const link = status.getByRole('link', { name: /^Open “Postmortem review, week of/ });
    await page.screenshot({ path: screenshotPath('admin-agenda'), fullPage: true });
    await link.click();
    await page.waitForURL(/\/confluence\/pages\/\d+$/); // the host serves Confluence's page address as its page view
    await expect(page.locator('h1').first().innerText()).resolves.toMatch(/^Postmortem review, week of/);
    expect(pageErrors).toEqual([]);
  });

  test('a manager who is not a Jira admin cannot open the settings: Jira refuses the admin page', async () => {
    await as(U.marcus.accountId);
    const res = await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
    expect(res?.status()).toBe(403);
    await page.getByTestId('admin-only').waitFor();
    await expect(page.getByTestId('admin-only').innerText()).resolves.toMatch(/only Jira administrators may open/);
    expect(await page.locator('iframe[data-testid="forge-frame-postmortem-settings"]').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('admin-refused'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
