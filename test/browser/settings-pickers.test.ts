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

async function settingsFrame(): Promise<FrameLocator> {
  await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
  const f = page.frameLocator('[data-testid="forge-frame-postmortem-settings"]').first();
  await f.locator('select#f-linkType').waitFor({ state: 'visible', timeout: 60_000 });
  return f;
}

test('an unknown incident project is refused with its label, nothing saved; the link type is picked from Jira and saved', async () => {
  const f = await settingsFrame();
  expect(await f.locator('select#f-linkType option').allInnerTexts()).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates']);
  expect(await f.locator('select#f-actionItems-issueType option').allInnerTexts()).toEqual(expect.arrayContaining(['Task', 'Bug']));

  await f.locator('#f-incidentFilter-projectKeys').fill('INC, ZZZ');
  await f.locator('select#f-linkType').selectOption('Blocks');
  await f.getByTestId('save-settings').click();
  const summary = f.getByTestId('error-summary');
  await summary.waitFor();
  await expect(summary.innerText()).resolves.toMatch(/Incident projects: Jira has no project ZZZ, or you cannot see it/);
  await page.screenshot({ path: screenshotPath('settings-references-refused'), fullPage: true });
  const stored = () => site.site.runtime.kvs.handle('/api/v1/get', JSON.stringify({ key: 'settings:v1' })).body;
  expect(stored()).not.toContain('ZZZ');

  await f.locator('#f-incidentFilter-projectKeys').fill('INC');
  await f.getByTestId('save-settings').click();
  await f.getByText(/saved/i).first().waitFor();
  expect(stored()).toContain('"linkType":"Blocks"');
});
