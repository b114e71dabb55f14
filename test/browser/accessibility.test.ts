/**
 * Accessibility of every surface, checked by axe-core in Debian's Chromium on the local site with the
 * demo seed: the host pages and each Custom UI surface inside them (axe follows the iframes), in the
 * light and the dark theme. Any serious or critical violation fails the test and is listed with its
 * rule, the element and axe's help text.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO } from '../../local/products';
import { chromiumAvailable, CHROMIUM, launchBrowser, openIssuePanel, type LaunchedBrowser } from './support/browser';

jest.setTimeout(240_000);

const U = DEMO.users;

const IncidentProperty = z.object({ value: z.object({ pageId: z.coerce.string() }).loose() }).loose();

interface Surface {
  name: string;
  path: () => string;
  /** A Custom UI frame that must have rendered before axe runs (none for plain host pages). */
  frame?: { testId: string; ready: string };
  /** Opens something (a dialog) before the check. */
  open?: (page: Page) => Promise<void>;
}

describe('accessibility of every surface (axe-core, light and dark)', () => {
  let site: RunningSite;
  let browser: LaunchedBrowser;
  let page: Page;
  let inc3PageId = '';

  async function as(accountId: string, theme: 'light' | 'dark'): Promise<void> {
    await browser.context.clearCookies();
    await browser.context.addCookies([
      { name: 'local_site_user', value: accountId, url: site.url },
      { name: 'local_site_theme', value: theme, url: site.url },
    ]);
  }

  const surfaces: Surface[] = [
    { name: 'index', path: () => '/' },
    { name: 'outbox', path: () => '/outbox' },
    { name: 'sweep & clock', path: () => '/scheduler' },
    {
      name: 'Postmortem macro (INC-3, in review)',
      path: () => `/confluence/pages/${inc3PageId}`,
      frame: { testId: 'forge-frame-postmortem-macro', ready: '#root *' },
    },
    {
      name: 'macro config dialog',
      path: () => `/confluence/pages/${inc3PageId}`,
      frame: { testId: 'forge-frame-postmortem-macro', ready: '#root *' },
      open: async (p) => {
        await p.getByTestId('edit-macro').first().click();
        await p
          .frameLocator('[data-testid="macro-config-dialog"] iframe')
          .first()
          .locator('#root *')
          .first()
          .waitFor({ state: 'visible', timeout: 60_000 });
      },
    },
    {
      name: 'Postmortem panel on INC-3',
      path: () => '/jira/browse/INC-3',
      frame: { testId: 'forge-frame-postmortem-panel', ready: '#root *' },
    },
    {
      name: 'Postmortem panel on INC-4 (no postmortem yet)',
      path: () => '/jira/browse/INC-4',
      frame: { testId: 'forge-frame-postmortem-panel', ready: '#root *' },
    },
    {
      // An action item: its Won't do section with the request form open.
      name: 'Postmortem panel on PAY-4 (action item, Won’t do form)',
      path: () => '/jira/browse/PAY-4',
      frame: { testId: 'forge-frame-postmortem-panel', ready: '[data-testid="waiver"]' },
      open: async (p) => {
        const f = p.frameLocator('[data-testid="forge-frame-postmortem-panel"]').first();
        await f.getByRole('button', { name: 'Close without doing it…' }).click();
        await f.getByRole('textbox', { name: 'Why will it not be done?' }).waitFor();
      },
    },
    {
      name: 'Postmortem issue context on INC-4 (no postmortem yet)',
      path: () => '/jira/browse/INC-4',
      frame: { testId: 'forge-frame-postmortem-context', ready: '#root *' },
    },
    {
      name: 'Postmortem report',
      path: () => '/jira/apps/postmortem-report',
      frame: { testId: 'forge-frame-postmortem-report', ready: '[data-testid="section-overdue"]' },
    },
    {
      name: 'Postmortem settings',
      path: () => '/jira/settings/apps/postmortem-settings',
      frame: { testId: 'forge-frame-postmortem-settings', ready: 'form, [role="alert"]' },
    },
    {
      // The Notifications group: owner role select, reviewers picker and group.
      name: 'Postmortem settings, Notifications',
      path: () => '/jira/settings/apps/postmortem-settings',
      frame: { testId: 'forge-frame-postmortem-settings', ready: 'form, [role="alert"]' },
      open: async (p) => {
        const f = p.frameLocator('[data-testid="forge-frame-postmortem-settings"]').first();
        await f.getByRole('tab', { name: 'Notifications' }).click();
        await f.getByPlaceholder('Find reviewers to add').waitFor({ state: 'visible' });
      },
    },
  ];

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get install -y chromium (or set CHROMIUM_PATH).`);
    site = await startSite({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'a11y-browser-')), seed: 'demo' });
    const res = await fetch(`${site.url}/rest/api/3/issue/INC-3/properties/postmortem`, {
      headers: { 'x-local-account-id': U.priya.accountId, accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`INC-3's postmortem property answered ${res.status}: ${await res.text()}`);
    inc3PageId = IncidentProperty.parse(await res.json()).value.pageId;
    // The panels are on these issues once someone opened them from the app button (as in Jira).
    await openIssuePanel(site.url, U.grace.accountId, 'INC-3');
    await openIssuePanel(site.url, U.grace.accountId, 'INC-4');
    await openIssuePanel(site.url, U.grace.accountId, 'PAY-4');
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const surface of surfaces) {
      test(`${surface.name}, ${theme} theme: no serious or critical violation`, async () => {
        await as(U.priya.accountId, theme);
        await page.goto(site.url + surface.path());
        if (surface.frame) {
          const f = page.frameLocator(`[data-testid="${surface.frame.testId}"]`).first();
          await f.locator(surface.frame.ready).first().waitFor({ state: 'visible', timeout: 60_000 });
        }
        await surface.open?.(page);
        expect(await page.locator('html').getAttribute('data-color-mode')).toBe(theme);
        const result = await new AxeBuilder({ page: page as never }).analyze();
        const bad = result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.impact} ${v.id}: ${v.help} — ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 5)
                .join('; ')}`,
          );
        expect(bad).toEqual([]);
      });
    }
  }
});

describe('disabled controls look disabled', () => {
  let site: RunningSite;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    site = await startSite({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'a11y-disabled-')), seed: 'demo' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`${theme}: a disabled button is drawn with the disabled tokens, unlike an enabled one`, async () => {
      await browser.context.clearCookies();
      await browser.context.addCookies([
        { name: 'local_site_user', value: U.priya.accountId, url: site.url },
        { name: 'local_site_theme', value: theme, url: site.url },
      ]);
      const page = await browser.context.newPage();
      await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
      const f = page.frameLocator('[data-testid="forge-frame-postmortem-settings"]').first();
      const first = f.getByRole('button', { name: /^Move up: / }).first();
      await first.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await first.isDisabled()).toBe(true);
      const look = (b: typeof first) =>
        b.evaluate((el) => {
          const cs = getComputedStyle(el);
          const probe = document.createElement('span');
          probe.style.color = 'var(--ds-text-disabled)';
          probe.style.background = 'var(--ds-background-disabled)';
          document.body.appendChild(probe);
          const tokens = getComputedStyle(probe);
          const out = {
            color: cs.color,
            background: cs.backgroundColor,
            disabledText: tokens.color,
            disabledBackground: tokens.backgroundColor,
            cursor: cs.cursor,
          };
          probe.remove();
          return out;
        });
      const disabled = await look(first);
      expect(disabled.color).toBe(disabled.disabledText);
      expect(disabled.background).toBe(disabled.disabledBackground);
      expect(disabled.cursor).toBe('not-allowed');
      const enabled = await look(f.getByRole('button', { name: /^Move down: / }).first());
      expect(enabled.color).not.toBe(enabled.disabledText);
      await page.close();
    });
  }
});
