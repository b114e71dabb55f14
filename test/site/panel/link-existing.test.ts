/**
 * The panel's "Link an existing page", through the local site with the demo seed: search the pages
 * the user may see, link one to the incident the panel is on (both ways, the Postmortem macro added
 * at the top when the page has none), and every refusal as the user, with nothing written.
 */
import { addSpace } from '../../../local/products/seeds/builder';
import type { LinkExistingPageResult, SearchPagesResult } from '../../../src/contracts/panel-postmortem';
import type { PanelOverview } from '../../../src/contracts/panel';
import { findMacros } from '../../../src/domain/postmortem';
import { expectValidAdf } from '../../unit/domain/postmortem/adfSchema';
import { PostmortemSite, U } from '../postmortem/support';

jest.setTimeout(60_000);

let site: PostmortemSite;
beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});
beforeEach(async () => {
  await site.reset();
});

const search = (as: string, issueKey: string, query: string) => site.panel<SearchPagesResult>('searchPages', as, issueKey, { query });
const link = (as: string, issueKey: string, pageId: unknown) =>
  site.panel<LinkExistingPageResult>('linkExistingPage', as, issueKey, { pageId });

function expectUntouched(pageId: string, version: number, incidentKey = 'INC-4') {
  expect(site.pageProperty(pageId)).toBeUndefined();
  expect(site.pageVersion(pageId)).toBe(version);
  if (incidentKey === 'INC-4') expect(site.issueProperty('INC-4')).toBeUndefined();
  expect(site.remoteLinks(incidentKey).filter((r) => r.globalId === `postmortem-page=${pageId}`)).toEqual([]);
}

/** A space only `members` may see, with one page in it (created as its first member, through REST). */
async function otherSpacePage(key: string, members: string[], title: string): Promise<string> {
  const spaceId = addSpace(site.db, { key, name: `Space ${key}`, members, author: members[0]!, createdAt: Date.now() });
  const res = await site.rest('POST', '/wiki/api/v2/pages', members[0]!, {
    spaceId,
    status: 'current',
    title,
    body: {
      representation: 'atlas_doc_format',
      value: JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] }),
    },
  });
  expect(res.status).toBe(200);
  return String((res.json as { id: string }).id);
}

describe('link an existing page from the panel', () => {
  test('Elena finds her plain page by words of its title and links it to INC-4: both ways, macro added at the top, the panel then shows it', async () => {
    const pageId = await site.createPage(U.elena, 'Token service login outage notes');
    const before = site.pageVersion(pageId);

    const found = await search(U.elena, 'INC-4', 'login NOTES');
    expect(found.error).toBeUndefined();
    expect(found.data!.pages).toEqual([expect.objectContaining({ pageId, title: 'Token service login outage notes' })]);
    expect(found.data!.spaceKey).toBe('PM'); // the demo seed's postmortem space (SEED.md), where her page is

    const r = await link(U.elena, 'INC-4', pageId);
    expect(r.error).toBeUndefined();
    expect(r.data).toMatchObject({
      incidentKey: 'INC-4',
      page: { pageId, title: 'Token service login outage notes' },
      status: 'draft',
      macro: 'added',
      notice: null,
    });

    expect(site.pageProperty(pageId)).toMatchObject({ incidentKey: 'INC-4', status: 'draft', ownerAccountId: U.elena });
    expect(site.issueProperty('INC-4')).toMatchObject({ pageId, status: 'draft' });
    expect(site.remoteLinks('INC-4')).toEqual([expect.objectContaining({ globalId: `postmortem-page=${pageId}` })]);

    const adf = site.pageAdf(pageId);
    expect(adf.content[0]).toMatchObject({ type: 'extension' });
    expect(findMacros(adf, { moduleKey: 'postmortem-macro' })).toEqual([
      expect.objectContaining({ guestParams: { incidentKey: 'INC-4' } }),
    ]);
    expect(adf.content[1]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Notes.' }] }); // what Elena wrote is kept
    expectValidAdf(adf);
    expect(site.pageVersion(pageId)).toBe(before + 1);
    expect(site.db.page(pageId)!.versions.at(-1)!.authorId).toBe(U.elena); // saved as the user

    const overview = await site.panel<PanelOverview>('getOverview', U.elena, 'INC-4');
    expect(overview.data!.postmortem).toMatchObject({ pageId, status: 'draft' });
  });

  test('a page that already holds the macro keeps its body as it is', async () => {
    const demo = site.pageAdf(site.demoPageId());
    const node = demo.content.find((n) => (n as { type?: string }).type === 'extension') as {
      attrs: { parameters: { guestParams: unknown } };
    };
    const macro = { ...node, attrs: { ...node.attrs, parameters: { ...node.attrs.parameters, guestParams: { incidentKey: 'INC-4' } } } };
    const pageId = await site.createPage(U.elena, 'INC-4 write-up', [
      { type: 'paragraph', content: [{ type: 'text', text: 'Intro.' }] },
      macro,
    ]);
    const before = site.pageVersion(pageId);
    const r = await link(U.elena, 'INC-4', pageId);
    expect(r.data).toMatchObject({ macro: 'present', notice: null });
    expect(site.pageVersion(pageId)).toBe(before);
    expect(site.issueProperty('INC-4')).toMatchObject({ pageId });
  });

  test('when Confluence will not save the macro, the link stands and the answer says to insert the macro by hand', async () => {
    const pageId = await site.createPage(U.elena, 'Login outage notes');
    const before = site.pageVersion(pageId);
    await site.faults([{ method: 'PUT', pathPattern: `/wiki/api/v2/pages/${pageId}`, status: 503 }]);
    const r = await link(U.elena, 'INC-4', pageId);
    expect(r.error).toBeUndefined();
    expect(r.data).toMatchObject({
      macro: 'not-added',
      notice: expect.stringMatching(/The page is linked to INC-4, but .*Insert the Postmortem macro on the page/),
    });
    expect(site.pageVersion(pageId)).toBe(before);
    expect(site.pageProperty(pageId)).toMatchObject({ incidentKey: 'INC-4' });
    expect(site.issueProperty('INC-4')).toMatchObject({ pageId });
  });

  test('a link that fails on the incident side is undone on the page, and the person is told nothing changed', async () => {
    const pageId = await site.createPage(U.elena, 'Login outage notes');
    const before = site.pageVersion(pageId);
    await site.faults([{ method: 'POST', pathPattern: '/rest/api/3/issue/INC-4/remotelink', status: 500 }]);
    const r = await link(U.elena, 'INC-4', pageId);
    expect(r.ok).toBe(false);
    expect(r.error!.message).toMatch(/nothing was changed/);
    expectUntouched(pageId, before);
  });

  test('a page id, or a page URL, typed into the search finds that page', async () => {
    const pageId = await site.createPage(U.elena, 'Unrelated title');
    expect((await search(U.elena, 'INC-4', pageId)).data!.pages.map((p) => p.pageId)).toEqual([pageId]);
    expect(
      (await search(U.elena, 'INC-4', `https://example.atlassian.net/wiki/spaces/PM/pages/${pageId}/Unrelated+title`)).data!.pages.map(
        (p) => p.pageId,
      ),
    ).toEqual([pageId]);
  });

  test('Hannah may read the PM space: she finds pages but may not link one (forbidden, nothing written)', async () => {
    const pageId = await site.createPage(U.elena, 'Login outage draft');
    const before = site.pageVersion(pageId);
    const found = await search(U.hannah, 'INC-4', 'login outage');
    expect(found.data!.pages.map((p) => p.pageId)).toEqual([pageId]);
    const r = await link(U.hannah, 'INC-4', pageId);
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('forbidden');
    expect(r.error!.message).toMatch(/permission to edit this page/);
    expectUntouched(pageId, before);
  });

  test('Noah sees neither the PM pages nor INC-4: no pages found, and linking is refused without writing', async () => {
    const pageId = await site.createPage(U.elena, 'Login outage draft');
    const before = site.pageVersion(pageId);
    // searching is only for the panel of an incident he may browse: INC-4 is hidden, MOB-1 is a task
    const onIncident = await search(U.noah, 'INC-4', 'login');
    expect(onIncident.ok).toBe(false);
    expect(onIncident.error!.code).toBe('not-found');
    expect(JSON.stringify(onIncident)).not.toMatch(/Login outage/i);
    const onTask = await search(U.noah, 'MOB-1', pageId);
    expect(onTask.ok).toBe(false);
    expect(JSON.stringify(onTask)).not.toMatch(/Login outage/i);
    // Elena, who may browse INC-4, does find the page
    expect((await search(U.elena, 'INC-4', 'login')).data!.pages.map((p) => p.pageId)).toContain(pageId);
    const r = await link(U.noah, 'INC-4', pageId);
    expect(r.error!.code).toBe('not-found');
    expect(JSON.stringify(r)).not.toMatch(/Login outage|token-service/i);
    const onHisIssue = await link(U.noah, 'MOB-1', pageId);
    expect(onHisIssue.ok).toBe(false);
    expectUntouched(pageId, before);
  });

  test('a page the user cannot see, or one that does not exist, is not found; its title is not told', async () => {
    const hidden = await otherSpacePage('SEC', [U.priya], 'Secret security review');
    for (const pageId of [hidden, '987654321']) {
      const r = await link(U.elena, 'INC-4', pageId);
      expect(r.error!.code).toBe('not-found');
      expect(r.error!.message).toMatch(/does not exist or you do not have permission/);
      expect(JSON.stringify(r)).not.toMatch(/Secret/);
    }
    expect((await search(U.elena, 'INC-4', 'secret')).data!.pages).toEqual([]);
    expect(site.issueProperty('INC-4')).toBeUndefined();
  });

  test('with a postmortem space set, search stays in it and a page of another space is refused', async () => {
    const elsewhere = await otherSpacePage('ENG', [U.elena, U.priya], 'Login outage in ENG');
    const inPm = await site.createPage(U.elena, 'Login outage in PM');
    site.setSettings({}); // no postmortem space set: the search spans every space she can see
    expect((await search(U.elena, 'INC-4', 'login outage')).data!.pages.map((p) => p.pageId).sort()).toEqual([elsewhere, inPm].sort());

    site.setSettings({ confluence: { spaceKey: 'PM' } });
    const found = await search(U.elena, 'INC-4', 'login outage');
    expect(found.data).toMatchObject({ spaceKey: 'PM' });
    expect(found.data!.pages.map((p) => p.pageId)).toEqual([inPm]);
    expect((await search(U.elena, 'INC-4', elsewhere)).data!.pages).toEqual([]);

    const r = await link(U.elena, 'INC-4', elsewhere);
    expect(r.error).toMatchObject({ code: 'invalid-input', fields: { pageId: 'Not in space PM' } });
    expect(r.error!.message).toMatch(/not in the postmortem space PM/);
    expectUntouched(elsewhere, site.pageVersion(elsewhere));
  });

  test('INC-3 already has a postmortem: refused with a link to that page, nothing written', async () => {
    const pageId = await site.createPage(U.elena, 'Another take on checkout');
    const before = site.pageVersion(pageId);
    const demo = site.demoPageId();
    const r = await link(U.elena, 'INC-3', pageId);
    expect(r.error!.code).toBe('conflict');
    expect(r.error!.message).toMatch(/INC-3 already has a postmortem: "Postmortem: INC-3/);
    expect(r.error!.details).toMatchObject({
      page: { pageId: demo, title: expect.stringMatching(/^Postmortem: INC-3/), url: expect.stringContaining(demo) },
    });
    expectUntouched(pageId, before, 'INC-3');
    expect(site.issueProperty('INC-3')).toMatchObject({ pageId: demo });
  });

  test('the page of another incident is not moved from the panel', async () => {
    const demo = site.demoPageId();
    const r = await link(U.marcus, 'INC-4', demo);
    expect(r.error!.code).toBe('conflict');
    expect(r.error!.message).toMatch(/already the postmortem of INC-3/);
    expect(site.pageProperty(demo)).toMatchObject({ incidentKey: 'INC-3' });
    expect(site.issueProperty('INC-3')).toMatchObject({ pageId: demo });
    expect(site.issueProperty('INC-4')).toBeUndefined();
  });

  test('payloads are checked: digits only, no incident from the payload, no extra fields, query at most 100 characters', async () => {
    for (const bad of ['abc', '12 OR 1=1', '../1', '', 12, null]) {
      const r = await link(U.elena, 'INC-4', bad);
      expect(r.error!.code).toBe('invalid-input');
      expect(r.error!.fields).toHaveProperty('pageId');
    }
    const pageId = await site.createPage(U.elena, 'Tamper test');
    const tampered = await site.panel('linkExistingPage', U.elena, 'INC-4', { pageId, incidentKey: 'INC-1' });
    expect(tampered.error!.code).toBe('invalid-input');
    expect(site.issueProperty('INC-1')).toBeUndefined();
    const long = await search(U.elena, 'INC-4', 'x'.repeat(101));
    expect(long.error).toMatchObject({ code: 'invalid-input', fields: { query: expect.stringMatching(/100/) } });
  });

  test('hostile query text stays text: nothing is interpreted, titles come back verbatim', async () => {
    const title = '<img src=x onerror=alert(1)> "quoted" & co';
    const pageId = await site.createPage(U.elena, title);
    const found = await search(U.elena, 'INC-4', '<img src=x');
    expect(found.data!.pages).toEqual([expect.objectContaining({ pageId, title })]);
    for (const q of ['" OR title ~ "*', '*', '%', 'title = "x"; DROP']) {
      const r = await search(U.elena, 'INC-4', q);
      expect(r.ok).toBe(true);
      expect(r.data!.pages).toEqual([]);
    }
  });

  test('a search makes a few product calls, as the user, reading only', async () => {
    for (let i = 0; i < 5; i += 1) await site.createPage(U.elena, `Bulk page ${i}`);
    const since = (await site.requests()).at(-1)?.seq ?? 0;
    const r = await search(U.elena, 'INC-4', 'bulk page');
    expect(r.data!.pages).toHaveLength(5);
    const calls = (await site.requests(since)).filter((c) => c.target === 'jira' || c.target === 'confluence');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(calls.every((c) => c.actor === 'user' && c.method === 'GET')).toBe(true);
  });
});
