/**
 * The review meeting's agenda macro in a real browser (Debian's Chromium), on the local site with
 * the demo seed: a page of space PM holding the `postmortem-agenda` macro as the weekly step writes it
 * (src/domain/agenda/page.ts) shows, as the person viewing it, the review queue (with the findings open when it was
 * sent and the author's reason), the late postmortems (incidents without a page included) and the
 * overdue action items by team, each linked, under headings, in captioned tables; its links go
 * through the bridge's router (the report included, at Jira's address of the global page); a
 * reader with fewer projects gets fewer lists and empty states that say why; keyboard reachable;
 * axe-core finds no serious or critical violation in either theme. Screenshots go to
 * test-results/browser/ (agenda-*).
 */
import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator, Page } from 'playwright-core';
import { LOCAL_ENVIRONMENT_ID } from '../../local/runtime/context';
import { buildAgendaDoc, buildAgendaMacro } from '../../src/domain/agenda';
import { PostmortemSite, U } from '../site/postmortem/support';
import { closeBrowserAndSite, launchWithPage, requireChromium, screenshotPath, signInAs, type LaunchedBrowser } from './support/browser';

jest.setTimeout(240_000);

describe('the review agenda macro (browser)', () => {
  let site: PostmortemSite;
  let browser: LaunchedBrowser;
  let page: Page;
  let agendaPageId = '';
  const scriptErrors: string[] = [];

  async function as(accountId: string, theme: 'light' | 'dark' = 'light') {
    await browser.context.clearCookies();
    await signInAs(browser.context, site.url, accountId, theme);
  }

  async function openAgenda(): Promise<FrameLocator> {
    await page.goto(`${site.url}/confluence/pages/${agendaPageId}`);
    await page.getByTestId('page-title').waitFor();
    const frame = page.frameLocator('[data-testid="forge-frame-postmortem-agenda"]').first();
    await frame.getByTestId('agenda-overdue').waitFor({ state: 'visible', timeout: 60_000 });
    return frame;
  }

  async function axe(): Promise<string[]> {
    const result = await new AxeBuilder({ page: page as never }).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  }

  beforeAll(async () => {
    requireChromium();
    site = await PostmortemSite.start();
    // INC-3 went to review with an open finding and its author's reason.
    const written = await site.patchPageProperty(site.demoPageId(), U.marcus, {
      reviewRequest: {
        requestedBy: U.marcus,
        reason: 'The names are in the timeline only; the meeting decides.',
        findings: [{ kind: 'mention', section: 'Timeline', text: '@Tom Becker', occurrences: 2 }],
        findingsTotal: 1,
      },
    });
    if (written >= 300) throw new Error(`could not record the review request: ${written}`);
    // The agenda page as the weekly step writes it: its intro and the agenda macro (no config).
    const body = buildAgendaDoc(
      buildAgendaMacro(
        { appId: site.running.site.manifest.appId, environmentId: LOCAL_ENVIRONMENT_ID, environmentType: 'DEVELOPMENT' },
        'agenda-0001',
      ),
    );
    agendaPageId = await site.createPage(U.grace, 'Postmortem review, week of this Monday', body.content);
    ({ browser, page } = await launchWithPage(scriptErrors));
  });
  afterAll(() => closeBrowserAndSite(browser, site));
  afterEach(() => expect(scriptErrors).toEqual([]));

  test('Priya, who browses every project, gets the three lists, each linked, under headings and captions', async () => {
    await fetch(`${site.url}/__site/csp-reports`, { method: 'DELETE' });
    await as(U.priya);
    const f = await openAgenda();
    expect(await page.getByTestId('edit-macro').count()).toBe(0); // the agenda has no config
    await f.getByRole('heading', { level: 2, name: 'Postmortem review agenda' }).waitFor();
    expect(await f.getByTestId('agenda-week').innerText()).toMatch(/^Week of Monday, .+ to Sunday, .+ \(UTC\)$/);
    expect(await f.getByTestId('agenda-as-of').innerText()).toMatch(/^Lists as of \d\d:\d\d:\d\d \(UTC\), as you may see them/);

    // (a) the review queue: INC-3 with its page, the finding open when it was sent and the reason.
    const queue = f.getByTestId('agenda-review-queue');
    await queue.getByRole('heading', { level: 3, name: /Review queue/ }).waitFor();
    const queueTable = queue.getByRole('table', { name: 'Postmortems waiting for review, oldest request first' });
    const inc3 = queueTable.getByRole('row').filter({ hasText: 'INC-3' });
    expect(await inc3.getByRole('link', { name: 'INC-3', exact: true }).getAttribute('href')).toMatch(/\/browse\/INC-3$/);
    expect(await inc3.getByRole('link', { name: /^Postmortem: INC-3/ }).getAttribute('href')).toContain(site.demoPageId());
    expect(await inc3.innerText()).toContain('Timeline: mentions @Tom Becker (2×)');
    expect(await inc3.innerText()).toContain('The names are in the timeline only; the meeting decides.');
    expect(await inc3.innerText()).toContain('Marcus Chen');

    // (b) late postmortems: INC-1 and INC-2, tracked from resolution, with no page yet, most late first.
    const late = f.getByTestId('agenda-late');
    const lateRows = late.getByRole('table', { name: /most late first/ }).getByRole('row');
    expect(await lateRows.count()).toBe(3); // header + INC-1 + INC-2
    expect(await lateRows.nth(1).innerText()).toMatch(/INC-1[\s\S]*No postmortem page yet/i);
    expect(await lateRows.nth(2).innerText()).toMatch(/INC-2[\s\S]*No postmortem page yet/i);
    expect(await late.getByRole('link', { name: 'INC-1', exact: true }).getAttribute('href')).toMatch(/\/browse\/INC-1$/);

    // (c) overdue action items by team: Payments and its manager, PAY-4 then PAY-3, each linked, assignee, days overdue.
    const team = f.getByTestId('agenda-team-PAY');
    await team.getByRole('heading', { level: 4, name: /Payments \(PAY\), manager Marcus Chen/ }).waitFor();
    const items = team.getByRole('table', { name: 'Overdue action items of Payments, most overdue first' }).getByRole('row');
    expect(await items.nth(1).innerText()).toMatch(/PAY-4[\s\S]*Liam O'Connor[\s\S]*15 days/i);
    expect(await items.nth(2).innerText()).toMatch(/PAY-3[\s\S]*Sofia Alvarez[\s\S]*3 days/i);
    expect(await team.getByRole('link', { name: 'PAY-4', exact: true }).getAttribute('href')).toMatch(/\/browse\/PAY-4$/);

    // Where the lists continue: the report, at Jira's address of the app's global page.
    const report = f.getByRole('link', { name: 'Open the Postmortem report in Jira' });
    expect(await report.getAttribute('href')).toMatch(/\/jira\/apps\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    await page.screenshot({ path: screenshotPath('agenda-1-priya'), fullPage: true });
    expect(await axe()).toEqual([]);
    const csp = (await (await fetch(`${site.url}/__site/csp-reports`)).json()) as unknown[];
    expect(csp).toEqual([]);

    // Links go through the bridge's router: an item opens in Jira, the report opens as Jira's global page.
    await team.getByRole('link', { name: 'PAY-4', exact: true }).click();
    await page.waitForURL(`${site.url}/jira/browse/PAY-4`);
    const f2 = await openAgenda();
    await f2.getByRole('link', { name: 'Open the Postmortem report in Jira' }).click();
    await page.waitForURL(/\/jira\/apps\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    await page
      .frameLocator('[data-testid="forge-frame-postmortem-report"]')
      .first()
      .locator('[data-testid="section-overdue"]')
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
  });

  test('Tom, who browses INC and PLAT only, gets the postmortem lists, no team, and an empty state that says why; keyboard reaches the links', async () => {
    await as(U.tom);
    const f = await openAgenda();
    const overdue = f.getByTestId('agenda-overdue');
    expect(await overdue.innerText()).toContain('No action item you can see in Jira is overdue.');
    expect(await overdue.getByRole('table').count()).toBe(0);
    expect(await f.locator('body').innerText()).not.toMatch(/PAY-\d/);
    expect(await f.getByTestId('agenda-review-queue').getByRole('link', { name: 'INC-3', exact: true }).count()).toBe(1);
    // Keyboard: Tab from the page reaches the agenda's first link (INC-3 in the review queue).
    await f.getByRole('heading', { level: 2, name: 'Postmortem review agenda' }).click();
    await page.keyboard.press('Tab');
    const focused = await f.locator(':focus').evaluate((el) => ({ tag: el.tagName, text: el.textContent }));
    expect(focused).toEqual({ tag: 'A', text: 'INC-3' });
    await page.screenshot({ path: screenshotPath('agenda-2-tom'), fullPage: true });
  });

  test('once INC-3 is reviewed the queue is empty and says why; the dark theme passes axe; a reader Jira refuses is told so', async () => {
    // Readers of the page only: Noah may not see space PM, so the page (and its agenda) is refused to him.
    await as(U.noah);
    expect((await page.goto(`${site.url}/confluence/pages/${agendaPageId}`))?.status()).toBe(404);

    const reviewed = await site.macro('reviewAction', U.grace, site.demoPageId(), {
      action: 'mark-reviewed',
      note: 'Reviewed in the meeting.',
    });
    expect(reviewed.ok).toBe(true);
    await as(U.hannah, 'dark'); // browses INC and reads space PM; no action-item project
    const f = await openAgenda();
    expect(await page.locator('html').getAttribute('data-color-mode')).toBe('dark');
    const queue = f.getByTestId('agenda-review-queue');
    expect(await queue.innerText()).toContain('No postmortem is waiting for review.');
    expect(await queue.getByRole('table').count()).toBe(0);
    expect(await f.getByTestId('agenda-overdue').innerText()).toContain('No action item you can see in Jira is overdue.');
    await page.screenshot({ path: screenshotPath('agenda-3-hannah-dark'), fullPage: true });
    expect(await axe()).toEqual([]);

    await site.faults([{ pathPattern: '^/rest/api/3/project/search', target: 'jira', status: 403 }]);
    await as(U.hannah);
    const refused = page.frameLocator('[data-testid="forge-frame-postmortem-agenda"]').first();
    await page.goto(`${site.url}/confluence/pages/${agendaPageId}`);
    const note = refused.getByTestId('agenda-no-jira');
    await note.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await note.innerText()).toMatch(/Jira did not let you read its incidents and action items[\s\S]*ask your site admin/);
    expect(await refused.getByRole('table').count()).toBe(0);
    await site.faults([]);
  });
});
