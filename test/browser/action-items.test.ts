/**
 * Action items, end to end, in a real browser (Debian's Chromium) on the local site with the demo
 * seed: on the INC-3 postmortem page a person drafts three action items (one with a past due
 * date), sees two created in Jira with every field, link and property, double-submits the fixed
 * third without a duplicate, changes a due date from the page and sees it in Jira, and sees the
 * same items with their states in the incident's panel. Jira's search lags writes here (the local
 * site's search lag is on until the panel test), so the table must still show what was just
 * created (docs/platform.md, Jira REST). Screenshots go to test-results/browser/.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { addDays, startDemoSite, U, type DemoSite } from '../site/action-items/support';
import {
  closeBrowserAndSite,
  launchWithPage,
  macroFrame,
  openIssuePanel,
  requireChromium,
  screenshotPath,
  type LaunchedBrowser,
} from './support/browser';

jest.setTimeout(180_000);

describe('action items: draft, create, double-submit, edit, panel (browser)', () => {
  let site: DemoSite;
  let browser: LaunchedBrowser;
  let page: Page;
  let today: string;
  const scriptErrors: string[] = [];

  const itemsWithSummary = (summary: string) => [...site.db.issues()].filter((i) => i.summary === summary);

  const shownMacro = () => macroFrame(page, '#ai-title');

  /** Picks an assignee in draft `n` (1-based) by typing part of the name and choosing the match. */
  async function pickAssignee(frame: FrameLocator, n: number, name: string) {
    const fieldset = frame.locator('fieldset.draft').nth(n - 1);
    const box = fieldset.getByRole('combobox', { name: 'Assignee (required)' });
    await box.fill(name.split(' ')[0] ?? name);
    await fieldset.getByRole('option', { name }).click();
    expect(await box.inputValue()).toBe(name);
  }

  beforeAll(async () => {
    requireChromium();
    site = await startDemoSite();
    site.setSettings({ actionItems: { projectKeys: ['PAY', 'PLAT'], defaultProjectKey: 'PAY', issueType: 'Task' } });
    const list = await site.macro<{ today: string }>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
    today = list.data!.today;
    site.db.searchLag.ms = 600_000;
    ({ browser, page } = await launchWithPage(scriptErrors, { siteUrl: site.url, accountId: U.marcus }));
  });

  afterAll(() => closeBrowserAndSite(browser, site));

  test('the page shows the incident’s action items live from Jira', async () => {
    await page.goto(`${site.url}/confluence/pages/${site.pageId}`);
    const macro = await shownMacro();
    const table = macro.locator('section.action-items table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(7);
    expect(await macro.locator('section.action-items .counts').innerText()).toBe('1 of 7 done · 2 overdue · 1 needs a due date');
    const pay5 = table.locator('tr', { hasText: 'PAY-5' });
    expect(await pay5.textContent()).toContain('needs a due date');
    await page.screenshot({ path: screenshotPath('action-items-1-table'), fullPage: true });
  });

  test('three drafts, one with a past due date: two are created in Jira, the third stays with its reason', async () => {
    const macro = await shownMacro();
    await macro.getByRole('button', { name: 'Add action items' }).click();
    await macro.getByRole('button', { name: 'Add another item' }).click();
    await macro.getByRole('button', { name: 'Add another item' }).click();
    const drafts = macro.locator('fieldset.draft');
    expect(await drafts.count()).toBe(3);

    const fill = async (
      n: number,
      o: { summary: string; project?: string; assignee: string; due: string; priority?: string; kind?: string },
    ) => {
      const d = drafts.nth(n - 1);
      await d.getByLabel('Summary (required)').fill(o.summary);
      if (o.kind) await d.getByLabel('Kind').selectOption(o.kind);
      if (o.project) await d.getByLabel('Project').selectOption(o.project);
      await pickAssignee(macro, n, o.assignee);
      await d.getByLabel('Due date (required)').fill(o.due);
      if (o.priority) await d.getByLabel('Priority').selectOption(o.priority);
    };
    await fill(1, {
      summary: 'Cap gateway connections per pod <b>now</b>',
      assignee: 'Sofia Alvarez',
      due: addDays(today, 10),
      priority: 'Highest',
      kind: 'mitigate',
    });
    await fill(2, {
      summary: 'Dashboard for pool saturation',
      project: 'PLAT',
      assignee: 'Tom Becker',
      due: addDays(today, 20),
      kind: 'detect',
    });
    await fill(3, { summary: 'Game day for gateway failover', assignee: "Liam O'Connor", due: addDays(today, -2), kind: 'process' });
    await page.screenshot({ path: screenshotPath('action-items-2-drafts'), fullPage: true });

    await macro.getByRole('button', { name: 'Create 3 action items' }).click();
    const report = macro.locator('form.action-form [role="status"].message');
    await report.waitFor();
    expect(await report.innerText()).toMatch(/2 created in Jira/);
    expect(await report.innerText()).toMatch(/1 not created/);
    // The focus moved to the outcome, not to the page body.
    await expect(report.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // The failed draft stays, with the reason under its field.
    expect(await drafts.count()).toBe(1);
    expect(await drafts.first().getByLabel('Summary (required)').inputValue()).toBe('Game day for gateway failover');
    expect(await drafts.first().locator('.field-error').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/in the past/)]),
    );
    await page.screenshot({ path: screenshotPath('action-items-3-two-created'), fullPage: true });

    // In Jira: every field, the label, the property, the link to the incident and to the page.
    const [first] = itemsWithSummary('Cap gateway connections per pod <b>now</b>');
    const [second] = itemsWithSummary('Dashboard for pool saturation');
    expect(first).toMatchObject({
      assignee: U.sofia,
      duedate: addDays(today, 10),
      priorityId: '1',
      labels: ['postmortem-action'],
      reporter: U.marcus,
    });
    expect(second).toMatchObject({ assignee: U.tom, duedate: addDays(today, 20), labels: ['postmortem-action'] });
    expect(second?.key).toMatch(/^PLAT-/);
    for (const issue of [first!, second!]) {
      expect(issue.properties['postmortem-action']).toMatchObject({
        incidentKey: 'INC-3',
        pageId: site.pageId,
        creationKey: expect.stringMatching(/^ai-/),
      });
      const incident = site.db.issueByKey('INC-3')!;
      expect(site.db.linksOf(issue.id).some((l) => l.inwardIssueId === incident.id || l.outwardIssueId === incident.id)).toBe(true);
      expect(site.db.remoteLinksOf(issue.id).map((r) => r.object.url)).toEqual([expect.stringContaining(`/pages/${site.pageId}/`)]);
    }
    expect(itemsWithSummary('Game day for gateway failover')).toHaveLength(0);
    // The summary is shown as text, not as HTML.
    const row = macro.locator('section.action-items tbody tr', { hasText: first!.key });
    await row.waitFor();
    expect(await row.innerText()).toContain('<b>now</b>');
    expect(await row.locator('b').count()).toBe(0);
  });

  test('fixing the date and double-submitting makes one issue', async () => {
    const macro = await shownMacro();
    const draft = macro.locator('fieldset.draft').first();
    await draft.getByLabel('Due date (required)').fill(addDays(today, 30));
    const since = await site.lastSeq();
    await macro.getByRole('button', { name: 'Create action item' }).dblclick();
    const report = macro.locator('form.action-form [role="status"].message');
    await report.filter({ hasText: '1 created in Jira' }).waitFor();
    // Even a second request with the same creation key would not make another (see the integration tests).
    expect(itemsWithSummary('Game day for gateway failover')).toHaveLength(1);
    expect((await site.requests(since)).filter((r) => r.path === '/rest/api/3/issue/bulk')).toHaveLength(1);
    expect(await macro.locator('fieldset.draft').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('action-items-4-third-created'), fullPage: true });
  });

  test('changing a due date from the page writes it to Jira', async () => {
    const macro = await shownMacro();
    const [item] = itemsWithSummary('Dashboard for pool saturation');
    const row = macro.locator('section.action-items tbody tr', { hasText: item!.key });
    await row.getByRole('button', { name: `Edit ${item!.key}: due date or assignee` }).click();
    const editor = macro.getByRole('form', { name: `Edit ${item!.key}` });
    const newDue = addDays(today, 25);
    await editor.getByLabel('Due date').fill(newDue);
    await editor.getByRole('button', { name: 'Save' }).click();
    await macro.getByText(`${item!.key} updated in Jira.`).waitFor();
    expect(site.db.issueByKey(item!.key)?.duedate).toBe(newDue);
    await row.filter({ hasText: 'due in 25 days' }).waitFor();
    await page.screenshot({ path: screenshotPath('action-items-5-edited'), fullPage: true });
  });

  test('the incident’s panel shows the same items with their states', async () => {
    site.db.searchLag.ms = 0; // the index has caught up
    await openIssuePanel(site.url, U.grace, 'INC-3');
    await page.goto(`${site.url}/jira/browse/INC-3`);
    const panel = page.frameLocator('[data-testid="forge-frame-postmortem-panel"]').first();
    const list = panel.locator('ul.items');
    await list.waitFor({ timeout: 30_000 });
    expect(await list.locator('li').count()).toBe(10);
    expect(await panel.locator('#pm-items + p').innerText()).toBe('1 of 10 done · 2 overdue · 1 needs a due date');
    for (const summary of [
      'Cap gateway connections per pod <b>now</b>',
      'Dashboard for pool saturation',
      'Game day for gateway failover',
    ]) {
      const [issue] = itemsWithSummary(summary);
      const li = list.locator('li', { hasText: issue!.key });
      expect(await li.innerText()).toContain(summary);
      expect(await li.textContent()).toMatch(/due in \d+ days/);
    }
    expect(await list.locator('li', { hasText: 'PAY-4' }).textContent()).toMatch(/overdue by 15 days/);
    await page.screenshot({ path: screenshotPath('action-items-6-panel'), fullPage: true });
    expect(scriptErrors).toEqual([]);
  });

  test('dark mode: the macro’s table and form follow the product theme (design tokens)', async () => {
    await page.goto(`${site.url}/confluence/pages/${site.pageId}`);
    const macro = await shownMacro();
    await macro.locator('section.action-items table').waitFor();
    const lightText = await macro
      .locator('section.action-items td')
      .first()
      .evaluate((el) => getComputedStyle(el).color);
    await page.getByTestId('theme-toggle').click();
    await macro.locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    await macro.getByRole('button', { name: 'Add action items' }).click();
    await macro.locator('fieldset.draft').first().waitFor();
    const darkText = await macro
      .locator('section.action-items td')
      .first()
      .evaluate((el) => getComputedStyle(el).color);
    expect(darkText).not.toBe(lightText);
    await page.screenshot({ path: screenshotPath('action-items-7-dark'), fullPage: true });
    await page.getByTestId('theme-toggle').click();
  });
});
