/**
 * The local Confluence page editor in a real browser (Debian's Chromium), on the demo seed: Marcus
 * opens the INC-3 postmortem, edits it (a paragraph naming Elena Petrova, an @mention of Tom Becker
 * picked from the site's people), his changes are saved as the page's draft, and Publish makes the
 * next version as ADF with the Postmortem macro untouched; the macro then reports the names. Also:
 * the editor passes axe-core, and Discard drops a draft without touching the published page.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { startSite, type RunningSite } from '../../local/main';
import { DEMO } from '../../local/products';
import { expectValidAdf } from '../unit/domain/postmortem/adfSchema';
import {
  caretAtEnd,
  closeBrowserAndSite,
  launchWithPage,
  MACRO_FRAME,
  requireChromium,
  screenshotPath,
  type LaunchedBrowser,
} from './support/browser';

jest.setTimeout(240_000);

const U = DEMO.users;
const IncidentProperty = z.object({ value: z.object({ pageId: z.coerce.string() }).loose() }).loose();
const PageJson = z
  .object({
    version: z.object({ number: z.number() }).loose(),
    body: z.object({ atlas_doc_format: z.object({ value: z.string() }).loose() }).loose(),
  })
  .loose();

interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
}

describe('page editor (browser)', () => {
  let site: RunningSite;
  let browser: LaunchedBrowser;
  let page: Page;
  let pageId = '';
  const scriptErrors: string[] = [];

  async function rest(method: string, p: string, accountId: string) {
    const res = await fetch(`${site.url}${p}`, { method, headers: { 'x-local-account-id': accountId, accept: 'application/json' } });
    return { status: res.status, json: res.status === 204 ? undefined : ((await res.json()) as unknown) };
  }

  async function published() {
    const r = await rest('GET', `/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`, U.marcus.accountId);
    const p = PageJson.parse(r.json);
    return { version: p.version.number, doc: JSON.parse(p.body.atlas_doc_format.value) as AdfNode };
  }

  beforeAll(async () => {
    requireChromium();
    site = await startSite({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'page-editor-')), seed: 'demo' });
    const prop = await rest('GET', '/rest/api/3/issue/INC-3/properties/postmortem', U.priya.accountId);
    pageId = IncidentProperty.parse(prop.json).value.pageId;
    ({ browser, page } = await launchWithPage(scriptErrors, { siteUrl: site.url, accountId: U.marcus.accountId }));
  });

  afterAll(() => closeBrowserAndSite(browser, site));

  test('Marcus edits the INC-3 postmortem, mentions Tom Becker, publishes; the macro reports the names', async () => {
    const before = await published();
    const macroBefore = before.doc.content?.find((n) => n.type === 'extension' || n.type === 'bodiedExtension');
    expect(macroBefore).toBeDefined();

    await page.goto(`${site.url}/confluence/pages/${pageId}`);
    await page.getByTestId('page-edit').click();
    const editor = page.getByTestId('editor-body');
    await editor.waitFor({ state: 'visible' });
    // Focus moves into the body; the macro is there as a block the editor does not change.
    expect(await editor.evaluate((el) => el === document.activeElement)).toBe(true);
    await editor
      .locator('[data-adf]')
      .filter({ hasText: /macro, kept as it is/ })
      .first()
      .waitFor();

    // A new paragraph after the Summary's, with a name and an @mention picked from the site's people.
    await caretAtEnd(editor.locator('p', { hasText: 'For 75 minutes' }));
    await page.keyboard.press('Enter');
    await page.keyboard.type('Elena Petrova restarted the pool; ');
    await page.keyboard.type('@');
    const picker = page.getByLabel('Mention a person');
    await picker.waitFor({ state: 'visible' });
    await picker.fill('Tom');
    await page.keyboard.press('Enter');
    await page.keyboard.type('confirmed the fix.');
    await editor.locator('.adf-mention', { hasText: '@Tom Becker' }).waitFor();

    // The change is saved as the page's draft (PUT status "draft"); the published page is unchanged.
    await page
      .getByTestId('editor-status')
      .filter({ hasText: /Draft saved/ })
      .waitFor({ timeout: 30_000 });
    const draft = await rest('GET', `/wiki/api/v2/pages/${pageId}?get-draft=true&body-format=atlas_doc_format`, U.marcus.accountId);
    expect(draft.status).toBe(200);
    expect(JSON.stringify(draft.json)).toContain('Elena Petrova restarted the pool');
    expect((await published()).version).toBe(before.version);

    // The editor is accessible in both themes (axe-core, as test/browser/accessibility.test.ts).
    for (const theme of ['dark', 'light']) {
      await page.getByTestId('theme-toggle').click();
      expect(await page.locator('html').getAttribute('data-color-mode')).toBe(theme);
      const axe = await new AxeBuilder({ page: page as never }).include('[data-testid="page-editor"]').analyze();
      expect(
        axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${theme} ${v.id}: ${v.help}`),
      ).toEqual([]);
    }
    await page.screenshot({ path: screenshotPath('page-editor-1-editing'), fullPage: true });

    await page.getByTestId('editor-publish').click();
    await page
      .getByTestId('page-meta')
      .filter({ hasText: `Version ${before.version + 1}` })
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('page-body').getByText('Elena Petrova restarted the pool').waitFor();

    // The new version is valid ADF with the mention as a mention node and the macro as it was.
    const after = await published();
    expect(after.version).toBe(before.version + 1);
    expectValidAdf(after.doc);
    const nodes: AdfNode[] = [];
    const walk = (n: AdfNode) => {
      nodes.push(n);
      n.content?.forEach(walk);
    };
    walk(after.doc);
    expect(nodes.filter((n) => n.type === 'mention').map((n) => n.attrs?.id)).toContain(U.tom.accountId);
    expect(after.doc.content?.find((n) => n.type === macroBefore!.type)).toStrictEqual(macroBefore);
    // Publishing ended the editing: no unpublished changes are left.
    expect((await rest('GET', `/wiki/api/v2/pages/${pageId}?get-draft=true`, U.marcus.accountId)).status).toBe(404);
    expect(await page.getByTestId('page-unpublished-changes').count()).toBe(0);

    const macro = page.frameLocator(MACRO_FRAME).first();
    const findings = macro.locator('section[aria-labelledby="pm-findings"]');
    await findings.locator('.findings li').first().waitFor({ timeout: 60_000 });
    const text = await findings.innerText();
    expect(text).toContain('Elena Petrova');
    expect(text).toContain('Tom Becker');
    await page.screenshot({ path: screenshotPath('page-editor-2-published'), fullPage: true });
    expect(scriptErrors).toEqual([]);
  });

  test('Discard drops the draft; the published version stays as it is', async () => {
    const before = await published();
    await page.goto(`${site.url}/confluence/pages/${pageId}`);
    await page.getByTestId('page-edit').click();
    const editor = page.getByTestId('editor-body');
    await editor.waitFor({ state: 'visible' });
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' A sentence to throw away.');
    await page
      .getByTestId('editor-status')
      .filter({ hasText: /Draft saved/ })
      .waitFor({ timeout: 30_000 });
    expect((await rest('GET', `/wiki/api/v2/pages/${pageId}?get-draft=true`, U.marcus.accountId)).status).toBe(200);
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('editor-discard').click();
    await page.getByTestId('page-edit').waitFor({ state: 'visible' });
    expect((await rest('GET', `/wiki/api/v2/pages/${pageId}?get-draft=true`, U.marcus.accountId)).status).toBe(404);
    const after = await published();
    expect(after).toEqual(before);
    expect(JSON.stringify(after.doc)).not.toContain('A sentence to throw away');
  });
});
