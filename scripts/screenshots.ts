/**
 * `npx tsx scripts/screenshots.ts`: takes the README's pictures of each surface from the local
 * site with its demo seed (Debian's Chromium through playwright-core), into docs/screenshots/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSite } from '../local/main';
import { DEMO } from '../local/products';
import { LOCAL_ENVIRONMENT_ID } from '../local/runtime/context';
import { agendaTitle, buildAgendaDoc, buildAgendaMacro, mondayOf } from '../src/domain/agenda';
import { launchBrowser, openIssuePanel } from '../test/browser/support/browser';

const OUT = path.resolve(__dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenshots-'));
  const site = await startSite({ port: 0, dataDir, seed: 'demo' });
  const browser = await launchBrowser();
  const host = new URL(site.url).hostname;
  const as = async (who: keyof typeof DEMO.users, theme: 'light' | 'dark' = 'light') => {
    await browser.context.clearCookies();
    await browser.context.addCookies([
      { name: 'local_site_user', value: DEMO.users[who].accountId, domain: host, path: '/' },
      { name: 'local_site_theme', value: theme, domain: host, path: '/' },
    ]);
  };
  const page = await browser.context.newPage();
  const shot = async (name: string) => {
    await page.waitForTimeout(800); // let the iframes finish resizing
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  };
  try {
    // sweep once so the outbox and the settings' "last sweep runs" have content (at 10:00 UTC of the
    // site's day: the trigger starts the day's sweep from the send hour, 09:00 in the demo)
    const now = ((await (await fetch(`${site.url}/__site/clock`)).json()) as { now: string }).now;
    await fetch(`${site.url}/__site/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: `${now.slice(0, 10)}T10:00:00.000Z` }),
    });
    await fetch(`${site.url}/__site/scheduled/postmortem-sweep`, { method: 'POST' });

    const pages = (await (
      await fetch(`${site.url}/wiki/api/v2/pages?limit=50`, { headers: { 'X-Local-Account-Id': DEMO.users.marcus.accountId } })
    ).json()) as {
      results: Array<{ id: string; title: string; spaceId: string }>;
    };
    const postmortem = pages.results.find((p) => p.title.startsWith('Postmortem: INC-3'));
    if (!postmortem) throw new Error('demo seed: no INC-3 postmortem page');

    await as('marcus');
    await page.goto(`${site.url}/confluence/pages/${postmortem.id}`);
    await page.frameLocator('[data-testid="forge-frame-postmortem-macro"]').first().getByText('Action items').first().waitFor();
    await shot('macro');

    // The action-item form: the person picker open on the people Jira lets Marcus assign, and the date picker.
    const macro = page.frameLocator('[data-testid="forge-frame-postmortem-macro"]').first();
    await macro.getByRole('button', { name: 'Add action items' }).click();
    const draft = macro.locator('fieldset.draft').first();
    await draft.getByLabel('Summary (required)').fill('Alert when the connection pool is 80% used');
    await draft.getByLabel('Due date (required)').fill(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
    await draft.getByRole('combobox', { name: 'Assignee (required)' }).fill('S');
    await draft.getByRole('listbox', { name: 'People' }).getByRole('option').first().waitFor();
    await draft.scrollIntoViewIfNeeded();
    await shot('action-item-form');
    await page.reload();

    await page.getByTestId('edit-macro').first().click();
    await page.getByTestId('macro-config-dialog').frameLocator('iframe').getByRole('combobox').first().waitFor();
    await shot('macro-config');

    await openIssuePanel(site.url, DEMO.users.marcus.accountId, 'INC-3');
    await page.goto(`${site.url}/jira/browse/INC-3`);
    await page.frameLocator('[data-testid="forge-frame-postmortem-panel"]').first().getByText('Action items').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 420));
    await shot('panel');

    await page.goto(`${site.url}/jira/apps/postmortem-report`);
    await page.frameLocator('iframe').first().getByText('Review queue').first().waitFor();
    await shot('report');

    // The review agenda macro on this week's agenda page, as the weekly step writes it, read as Priya (every project).
    const agendaDoc = buildAgendaDoc(
      buildAgendaMacro({ appId: site.site.manifest.appId, environmentId: LOCAL_ENVIRONMENT_ID }, 'agenda-shot'),
    );
    const agendaPage = await fetch(`${site.url}/wiki/api/v2/pages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Local-Account-Id': DEMO.users.grace.accountId },
      body: JSON.stringify({
        spaceId: postmortem.spaceId,
        status: 'current',
        title: agendaTitle(mondayOf(now.slice(0, 10))),
        body: { representation: 'atlas_doc_format', value: JSON.stringify(agendaDoc) },
      }),
    });
    if (!agendaPage.ok) throw new Error(`could not create the agenda page: ${agendaPage.status}`);
    await as('priya');
    await page.goto(`${site.url}/confluence/pages/${((await agendaPage.json()) as { id: string }).id}`);
    await page.frameLocator('[data-testid="forge-frame-postmortem-agenda"]').first().getByTestId('agenda-overdue').waitFor();
    await shot('agenda');

    await as('priya', 'dark');
    await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
    const settings = page.frameLocator('iframe').first();
    await settings.getByText('Template sections').first().waitFor();
    await shot('settings-dark');
    await as('priya');
    await page.goto(`${site.url}/jira/settings/apps/postmortem-settings`);
    await settings.getByRole('tab', { name: 'Notifications' }).click();
    await settings.getByText('Escalation contacts per project').waitFor();
    await shot('settings-notifications');

    await as('priya');
    await page.goto(`${site.url}/outbox`);
    await shot('outbox');
  } finally {
    await browser.close();
    await site.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
