/**
 * The local issue view's status control (docs/platform.md, Jira REST: transitions), in Chromium:
 * an assignee moves an action item to Done with resolution Won't Do and reopens it; a browse-only
 * person (Hannah in INC) is offered no transition.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO, type LocalProducts } from '../../local/products';
import { chromiumAvailable, CHROMIUM, launchBrowser, screenshotPath, type LaunchedBrowser } from './support/browser';

jest.setTimeout(120_000);

let site: RunningSite;
let browser: LaunchedBrowser;
let page: Page;
let dataDir: string;

const as = async (accountId: string) => browser.context.addCookies([{ name: 'local_site_user', value: accountId, url: site.url }]);
const issue = (key: string) => (site.site.products as LocalProducts).db.issueByKey(key);

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'issue-status-'));
  site = await startSite({ port: 0, dataDir, seed: 'demo' });
  browser = await launchBrowser();
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("Liam moves PAY-2 to Done as Won't Do, and reopens it", async () => {
  await as(DEMO.users.liam.accountId);
  await page.goto(`${site.url}/jira/browse/PAY-2`);
  await page.getByLabel('Move to').selectOption({ label: 'Done' });
  await page.getByLabel('Resolution (when done)').selectOption({ label: "Won't Do" });
  await page.getByTestId('status-submit').click();
  await page.waitForURL(`${site.url}/jira/browse/PAY-2`);
  await expect(page.getByTestId('issue-resolution').innerText()).resolves.toBe("Won't Do");
  expect(issue('PAY-2')).toMatchObject({ statusId: '10001', resolutionId: '10001' });
  await page.screenshot({ path: screenshotPath('issue-status-wont-do'), fullPage: true });

  await page.getByLabel('Move to').selectOption({ label: 'To Do' });
  await page.getByTestId('status-submit').click();
  await page.waitForURL(`${site.url}/jira/browse/PAY-2`);
  await expect(page.getByTestId('issue-resolution').innerText()).resolves.toBe('Unresolved');
  expect(issue('PAY-2')).toMatchObject({ statusId: '10000', resolutiondate: null });
});

test('Hannah (browse-only in INC) sees INC-5 but is offered no status change', async () => {
  await as(DEMO.users.hannah.accountId);
  await page.goto(`${site.url}/jira/browse/INC-5`);
  await page.getByTestId('status-readonly').waitFor();
  expect(await page.getByTestId('status-control').count()).toBe(0);
});
