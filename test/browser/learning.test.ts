/**
 * Learning from incidents in a real browser (Debian's Chromium), on the local site with the demo
 * seed: "Refresh timeline from Jira" adds a new comment of INC-4 to its postmortem's Timeline; an
 * action item drafted like an earlier one shows the earlier one while typing; a reviewed
 * postmortem is tagged with a contributing factor in the macro and found by that factor in the
 * report; the report's practice chart renders with the seed's year of history, its table beside it.
 * Screenshots go to test-results/browser/ (learning-*).
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

const WRITTEN = (title: string) => `What we wrote for ${title}: the token service rejected valid sessions for 40 minutes.`;

describe('learning from incidents (browser)', () => {
  let site: PostmortemSite;
  let browser: LaunchedBrowser;
  let page: Page;
  let pageId: string;
  const scriptErrors: string[] = [];

  async function as(accountId: string) {
    await browser.context.clearCookies();
    await signInAs(browser.context, site.url, accountId);
  }
  const openPage = (id: string) => openMacroPage(page, site.url, id);
  async function openReport(): Promise<FrameLocator> {
    await page.goto(`${site.url}/jira/apps/postmortem-report`);
    const f = page.frameLocator('[data-testid="forge-frame-postmortem-report"]').first();
    await f.locator('[data-testid="section-overdue"]').first().waitFor({ state: 'visible', timeout: 60_000 });
    return f;
  }

  beforeAll(async () => {
    requireChromium();
    site = await PostmortemSite.start();
    ({ browser, page } = await launchWithPage(scriptErrors));
    pageId = await site.createPostmortem(U.elena, 'INC-4');
  });
  afterAll(() => closeBrowserAndSite(browser, site));
  afterEach(() => expect(scriptErrors).toEqual([]));

  test('"Refresh timeline from Jira" adds what happened since, in roles', async () => {
    const comment = await site.rest('POST', '/rest/api/3/issue/INC-4/comment', U.tom, {
      body: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Sessions stable for an hour.' }] }],
      },
    });
    expect(comment.status).toBe(201);
    await as(U.elena);
    const macro = await openPage(pageId);
    await macro.getByTestId('refresh-timeline').click();
    const done = macro.getByTestId('timeline-refreshed');
    await done.waitFor();
    expect(await done.innerText()).toMatch(/Added 1 event from INC-4’s history/);
    const body = JSON.stringify(site.pageAdf(pageId));
    expect(body).toContain('A responder commented: Sessions stable for an hour.');
    expect(body).not.toContain('Tom Becker');
    await page.screenshot({ path: screenshotPath('learning-1-timeline-refreshed'), fullPage: true });
  });

  test('drafting an action item like an earlier one shows the earlier one, its incident and state', async () => {
    await as(U.grace);
    const macro = await openPage(pageId);
    await macro.getByRole('button', { name: 'Add action items' }).click();
    await macro.getByLabel('Summary (required)').first().pressSequentially('Alerting on token-service pool utilisation over 80%');
    const similar = macro.getByTestId('similar-items');
    await similar.waitFor({ timeout: 15_000 });
    const text = await similar.innerText();
    expect(text).toContain('PAY-2');
    expect(text).toMatch(/proposed after INC-3, still open/);
    await page.screenshot({ path: screenshotPath('learning-2-similar'), fullPage: true });
    // leave no unsent draft behind (leaving a page with one asks first)
    await macro.getByLabel('Summary (required)').first().fill('');
    await macro.getByRole('button', { name: 'Close' }).first().click();
  });

  test('a reviewed postmortem is tagged in the macro and found by its factor in the report', async () => {
    await site.fillSections(pageId, U.elena, WRITTEN);
    expect((await site.macro('reviewAction', U.elena, pageId, { action: 'request-review' })).ok).toBe(true);
    expect((await site.macro('reviewAction', U.daniel, pageId, { action: 'mark-reviewed' })).ok).toBe(true);

    await as(U.elena);
    const macro = await openPage(pageId);
    const factors = macro.getByTestId('pm-factors');
    await factors.waitFor();
    await factors.getByLabel('capacity').check();
    await factors.getByLabel('change').check();
    await factors.getByRole('button', { name: 'Save factors' }).click();
    await macro.getByTestId('factors-saved').filter({ hasText: 'Tagged: change, capacity.' }).waitFor();
    expect(site.issueProperty('INC-4')).toMatchObject({ factors: ['change', 'capacity'] });
    await page.screenshot({ path: screenshotPath('learning-3-factors-tagged'), fullPage: true });

    await as(U.priya);
    const report = await openReport();
    const section = report.getByTestId('factors');
    await section.getByLabel('Contributing factor').selectOption({ label: 'capacity (3 postmortems)' });
    await section.getByRole('button', { name: 'Show postmortems' }).click();
    const list = report.getByTestId('factor-postmortems');
    await list.getByText(/INC-4: Mobile app login failures/).waitFor();
    expect(await list.locator('li').count()).toBe(3); // INC-4, and the seed's INC-6 and INC-7
    await expect(list.innerText()).resolves.toMatch(/Postmortem: INC-4/);
    await page.screenshot({ path: screenshotPath('learning-4-report-by-factor'), fullPage: true });
  });

  test('the practice chart renders with the demo data, its table beside it', async () => {
    await as(U.priya);
    const report = await openReport();
    const practice = report.getByTestId('practice');
    const chart = practice.getByTestId('practice-chart');
    await chart.waitFor({ timeout: 30_000 });
    await practice.getByLabel('Team').selectOption({ label: 'Incidents (INC) · Grace Okafor' });
    await expect(chart.locator('title').innerHTML()).resolves.toMatch(/Incidents \(INC\): postmortems on time/);
    await expect(chart.locator('desc').innerHTML()).resolves.toMatch(/postmortems on time: .*100%/);
    expect(await chart.locator('rect.pm-on-time').count()).toBeGreaterThanOrEqual(3);
    const table = practice.getByTestId('practice-table');
    expect(await table.locator('tbody tr').count()).toBe(12);
    await expect(table.innerText()).resolves.toMatch(/100% \(1 of 1\)/);
    await practice.getByLabel('Team').selectOption({ label: 'Mobile (MOB) · Daniel Kim' });
    // MOB-3 to MOB-7 fall due in two months (local/products/SEED.md): a bar each
    expect(await chart.locator('rect.items-done').count()).toBeGreaterThanOrEqual(2);
    await practice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('learning-5-practice'), fullPage: true });
  });
});
