/**
 * The settings page in Chromium (docs/platform.md, Jira REST): the link type and the action-item
 * issue type are chosen from what Jira offers, and references Jira does not have are refused at
 * once, each named by its field's label in the error summary; nothing is saved.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO } from '../../local/products';
import { chromiumAvailable, CHROMIUM, launchBrowser, screenshotPath, type LaunchedBrowser } from './support/browser';

jest.setTimeout(180_000);

let site: RunningSite;
let browser: LaunchedBrowser;
let page: Page;
let dataDir: string;

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-pickers-'));
  site = await startSite({ port: 0, dataDir, seed: 'demo' });
  browser = await launchBrowser();
  await browser.context.addCookies([{ name: 'local_site_user', value: DEMO.users.priya.accountId, url: site.url }]);
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function settingsFrame(group = 'Jira'): Promise<FrameLocator> {
  await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
  const f = page.frameLocator('[data-testid="forge-frame-postmortem-settings"]').first();
  await f.locator('select#f-linkType').waitFor({ state: 'attached', timeout: 60_000 });
  await f.getByRole('tab', { name: group }).click();
  return f;
}

test('incident projects are picked from Jira as chips, not typed; the link type is picked from Jira and saved', async () => {
  const f = await settingsFrame();
  expect(await f.locator('select#f-linkType option').allInnerTexts()).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates']);
  expect(await f.locator('select#f-actionItems-issueType option').allInnerTexts()).toEqual(expect.arrayContaining(['Task', 'Bug']));

  // A project Jira does not have cannot be chosen: the search finds nothing to add.
  const box = f.getByRole('combobox', { name: 'Find incident projects to add' });
  await box.fill('ZZZ');
  await f.getByText('No project you can browse matches; try part of its name or key.').waitFor();
  // One Jira has is added by keyboard and shown as a chip with its name; the focus stays in the box.
  await box.fill('INC');
  await f.getByRole('option', { name: /\(INC\)$/ }).waitFor();
  await box.press('Enter');
  const chips = f.getByTestId('f-incidentFilter-projectKeys-chips');
  await expect(chips.innerText()).resolves.toMatch(/\(INC\)/);
  await expect(box.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  await f.locator('select#f-linkType').selectOption('Blocks');
  await f.getByTestId('save-settings').click();
  await f.getByText(/saved/i).first().waitFor();
  const stored = () => site.site.runtime.kvs.handle('/api/v1/get', JSON.stringify({ key: 'settings:v1' })).body;
  expect(stored()).toContain('"projectKeys":["INC"]');
  await page.screenshot({ path: screenshotPath('settings-projects-picked'), fullPage: true });
  expect(stored()).toContain('"linkType":"Blocks"');
});

test('the postmortem space is picked from the Confluence spaces the admin can see, and saved', async () => {
  const f = await settingsFrame('Confluence');
  const space = f.locator('select#f-confluence-spaceKey');
  expect(await space.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['Postmortems (PM)']));
  await space.selectOption('PM');
  await f.getByTestId('save-settings').click();
  await f.getByText(/saved/i).first().waitFor();
  const stored = site.site.runtime.kvs.handle('/api/v1/get', JSON.stringify({ key: 'settings:v1' })).body;
  expect(stored).toContain('"spaceKey":"PM"');
});

test('the tracking start date is picked with the date picker and written out in the person’s locale under it', async () => {
  const f = await settingsFrame('Process');
  const date = f.locator('#f-trackingStartDate');
  await date.fill('2026-11-17');
  const written = f.getByTestId('f-trackingStartDate-written');
  await expect(written.innerText()).resolves.toMatch(/November/);
  await expect(written.innerText()).resolves.toMatch(/17/);
  expect(await date.getAttribute('aria-describedby')).toContain('f-trackingStartDate-written');
});

test('incident issue types are ticked from the types Jira has; the default project is one of the chosen action-item projects', async () => {
  const f = await settingsFrame();
  const types = f.getByRole('group', { name: 'Incident issue types' });
  await expect(types.getByRole('checkbox', { name: 'Incident' }).isChecked()).resolves.toBe(true);
  await types.getByRole('checkbox', { name: 'Bug' }).check();
  // With no action-item project chosen, any project may be the default (a key); once some are chosen, one of them.
  await expect(f.locator('select#f-actionItems-defaultProjectKey').count()).resolves.toBe(0);
  const box = f.getByRole('combobox', { name: 'Find action-item projects to add' });
  await box.fill('PAY');
  await f.getByRole('option', { name: /\(PAY\)$/ }).click();
  const def = f.locator('select#f-actionItems-defaultProjectKey');
  expect(await def.locator('option').allInnerTexts()).toEqual(['None', 'PAY']);
  await def.selectOption('PAY');
  await f.getByTestId('save-settings').click();
  await f.getByText(/saved/i).first().waitFor();
  const stored = site.site.runtime.kvs.handle('/api/v1/get', JSON.stringify({ key: 'settings:v1' })).body;
  expect(stored).toContain('"issueTypes":["Incident","Bug"]');
  expect(stored).toContain('"defaultProjectKey":"PAY"');
});
