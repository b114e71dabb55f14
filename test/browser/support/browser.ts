/**
 * Debian's Chromium driven by playwright-core (README, "Quick start"): headless, sandbox off, no network
 * chatter, a fresh profile per launch.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
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
