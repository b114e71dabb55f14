/**
 * Debian's Chromium driven by playwright-core (README, "Quick start"): headless, sandbox off, no network
 * chatter, a fresh profile per launch.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

/** Stops a browser test at once, saying how to install Chromium, when it is not there. */
export function requireChromium(): void {
  if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'local-site-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A browser with one page open, whose script errors go to `scriptErrors`. With `signIn`, the local
 * site's user cookie is set before the page opens, so the page is that person's from the start.
 */
export async function launchWithPage(
  scriptErrors: string[],
  signIn?: { siteUrl: string; accountId: string },
): Promise<{ browser: LaunchedBrowser; page: Page }> {
  const browser = await launchBrowser();
  if (signIn) await signInAs(browser.context, signIn.siteUrl, signIn.accountId);
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => scriptErrors.push(e.message));
  return { browser, page };
}

/** Closes the browser, then stops the site; either may be missing when a beforeAll failed early. */
export async function closeBrowserAndSite(
  browser: LaunchedBrowser | undefined,
  site: { stop(): Promise<void> } | undefined,
): Promise<void> {
  await browser?.close();
  await site?.stop();
}

/**
 * The local site shows its pages as `accountId` (its user cookie, as after signing in), in the
 * given theme when one is named (its theme cookie).
 */
export async function signInAs(context: BrowserContext, siteUrl: string, accountId: string, theme?: 'light' | 'dark'): Promise<void> {
  await context.addCookies([
    { name: 'local_site_user', value: accountId, url: siteUrl },
    ...(theme ? [{ name: 'local_site_theme', value: theme, url: siteUrl }] : []),
  ]);
}

export const MACRO_FRAME = '[data-testid="forge-frame-postmortem-macro"]';

/** The Postmortem macro on the page shown, once `ready` shows in it (by default its title). */
export async function macroFrame(page: Page, ready = '#pm-title'): Promise<FrameLocator> {
  const frame = page.frameLocator(MACRO_FRAME).first();
  await frame.locator(ready).waitFor({ state: 'visible', timeout: 30_000 });
  return frame;
}

/** Confluence page `pageId` on the local site, and its Postmortem macro once it shows its title. */
export async function openMacroPage(page: Page, siteUrl: string, pageId: string): Promise<FrameLocator> {
  await page.goto(`${siteUrl}/confluence/pages/${pageId}`);
  await page.getByTestId('page-title').waitFor();
  return macroFrame(page);
}

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results', 'browser');

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

/**
 * Opens an issue panel on an issue as a person does in Jira, with its app button under the summary
 * (the local site's form post); from then on the issue view shows the panel to everyone.
 */
export async function openIssuePanel(siteUrl: string, accountId: string, issueKey: string, moduleKey = 'postmortem-panel'): Promise<void> {
  const res = await fetch(`${siteUrl}/__host/issue-panel`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `local_site_user=${accountId}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ issueKey, moduleKey }).toString(),
  });
  if (res.status !== 303) throw new Error(`Opening ${moduleKey} on ${issueKey} answered ${res.status}: ${await res.text()}`);
}

export const PANEL_FRAME = '[data-testid="forge-frame-postmortem-panel"]';

/**
 * Jira's issue view of `key` with its Postmortem panel (first added by `opener` with the app
 * button, see openIssuePanel), once `ready` shows in the panel.
 */
export async function openIssueWithPanel(page: Page, siteUrl: string, opener: string, key: string, ready: string): Promise<FrameLocator> {
  await openIssuePanel(siteUrl, opener, key);
  await page.goto(`${siteUrl}/jira/browse/${key}`);
  await page.getByTestId('issue-key').filter({ hasText: key }).waitFor();
  const panel = page.frameLocator(PANEL_FRAME).first();
  await panel.locator(ready).waitFor({ state: 'visible', timeout: 30_000 });
  return panel;
}

/** Clicks into an editable `target` and puts the caret after its last character. */
export async function caretAtEnd(target: Locator): Promise<void> {
  await target.click();
  await target.evaluate((el) => {
    const sel = window.getSelection()!;
    const r = document.createRange();
    r.selectNodeContents(el);
    r.collapse(false);
    sel.removeAllRanges();
    sel.addRange(r);
  });
}
