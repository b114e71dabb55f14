/**
 * "Add missing sections" through the local site: it inserts each section where the template puts
 * it, never overwrites what people wrote,
 * and never writes under someone's editing (a page not published yet, a published page with
 * unpublished changes, a version published between the app's read and its write: each is said,
 * nothing is written). The macro and its config dialog on a page not published yet. Also the
 * macro's adfExport.
 */
import { checkTemplate } from '../../../src/domain/postmortem';
import { DEFAULT_TEMPLATE_SECTIONS } from '../../../src/contracts/settings';
import { expectValidAdf } from '../../unit/domain/postmortem/adfSchema';
import { PostmortemSite, U } from './support';

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

const PERSON_TEXT = { type: 'paragraph', content: [{ type: 'text', text: 'Written by a person: the gateway pool was too small.' }] };
const SUMMARY_ONLY = [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Summary' }] }, PERSON_TEXT];

interface Added {
  added: string[];
  attempts: number;
}

describe('add missing sections', () => {
  test('inserts each missing section where the template puts it, keeps everything written, and adds nothing the second time', async () => {
    const pageId = site.demoPageId();
    const before = site.pageAdf(pageId);
    const overview = await site.macro<{ link: { templateCheck: { missingSections: string[] }; actions: { addMissingSections: boolean } } }>(
      'getOverview',
      U.marcus,
      pageId,
    );
    expect(overview.data!.link.templateCheck.missingSections).toEqual(['Metrics and supporting data', 'Related items']);
    expect(overview.data!.link.actions.addMissingSections).toBe(true);

    const r = await site.macro<Added>('addMissingSections', U.marcus, pageId);
    expect(r).toEqual({ ok: true, data: { added: ['Metrics and supporting data', 'Related items'], attempts: 1 } });
    const after = site.pageAdf(pageId);
    // The new version's sections are in template order (Metrics right after Timeline, not at the end).
    type Block = { type: string; attrs?: { level?: number }; content?: Array<{ text?: string }> };
    const titles = (d: { content: unknown[] }) =>
      (d.content as Block[])
        .filter((n) => n.type === 'heading' && n.attrs?.level === 2)
        .map((n) => (n.content ?? []).map((t) => t.text ?? '').join(''));
    expect(titles(after)).toEqual(DEFAULT_TEMPLATE_SECTIONS.map((s) => s.title));
    // The author's text is unchanged: every block of the old version, in its order, with the new ones only in between.
    const old = before.content.map((n) => JSON.stringify(n));
    const kept = after.content.map((n) => JSON.stringify(n)).filter((n) => old.includes(n));
    expect(kept).toEqual(old);
    expect(after.content).toHaveLength(before.content.length + 6); // heading, guidance panel and empty paragraph of each
    expect(checkTemplate(after, DEFAULT_TEMPLATE_SECTIONS).missingSectionIds).toEqual([]);
    expectValidAdf(after);
    expect(site.db.page(pageId)!.versions.at(-1)!.authorId).toBe(U.marcus); // saved as the user

    const again = await site.macro<Added>('addMissingSections', U.marcus, pageId);
    expect(again).toEqual({ ok: true, data: { added: [], attempts: 1 } });
    expect(site.pageAdf(pageId)).toEqual(after);
  });

  test('a version published between the app’s read and its write is kept: the app says so and writes nothing', async () => {
    const pageId = await site.createPage(U.tom, 'Gateway notes', SUMMARY_ONLY);
    // the app's save is held back long enough for the person's save to land first
    await site.faults([{ method: 'PUT', pathPattern: `/wiki/api/v2/pages/${pageId}`, target: 'confluence', latencyMs: 1500, count: 1 }]);
    const since = (await site.requests()).at(-1)?.seq ?? 0;
    const pending = site.macro<Added>('addMissingSections', U.tom, pageId);
    // wait until the app has read the page (its GET is logged), then save as a person
    for (let i = 0; i < 200; i += 1) {
      const calls = await site.requests(since);
      if (calls.some((c) => c.method === 'GET' && c.path.startsWith(`/wiki/api/v2/pages/${pageId}?`) && c.actor === 'user')) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const meanwhile = { type: 'paragraph', content: [{ type: 'text', text: 'Added meanwhile by Aiko.' }] };
    await site.savePage(pageId, U.aiko, { type: 'doc', version: 1, content: [...SUMMARY_ONLY, meanwhile] });

    const r = await pending;
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(r.error!.message).toMatch(/published a new version of this page.*Nothing was changed/);
    expect(site.pageAdf(pageId).content).toEqual([...SUMMARY_ONLY, meanwhile]);
    const calls = await site.requests(since);
    expect(calls.filter((c) => c.method === 'PUT' && c.path === `/wiki/api/v2/pages/${pageId}`).map((c) => c.status)).toEqual([409]);
  });

  test('a published page with someone’s unpublished changes is left alone: the app says who is editing it', async () => {
    const pageId = await site.createPage(U.tom, 'Gateway notes', SUMMARY_ONLY);
    const editing = {
      type: 'doc',
      version: 1,
      content: [...SUMMARY_ONLY, { type: 'paragraph', content: [{ type: 'text', text: 'Aiko is still writing this.' }] }],
    };
    const saved = await site.rest('PUT', `/wiki/api/v2/pages/${pageId}`, U.aiko, {
      id: pageId,
      status: 'draft',
      title: 'Gateway notes',
      body: { representation: 'atlas_doc_format', value: JSON.stringify(editing) },
      version: { number: 1 },
    });
    expect(saved.status).toBe(200);
    const version = site.pageVersion(pageId);

    const r = await site.macro<Added>('addMissingSections', U.tom, pageId);
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(r.error!.message).toMatch(/^Aiko Tanaka has unpublished changes to this page .*Nothing was changed/);
    expect(site.pageVersion(pageId)).toBe(version);
    expect(site.pageAdf(pageId).content).toEqual(SUMMARY_ONLY);
    expect(JSON.parse(site.db.page(pageId)!.draft!.adf)).toEqual(editing);

    // Once published, the draft is older than the published version: the sections go in.
    await site.savePage(pageId, U.aiko, editing);
    const after = await site.macro<Added>('addMissingSections', U.tom, pageId);
    expect(after.ok).toBe(true);
    expect(after.data!.added).toContain('Customer impact');
    expect(site.pageAdf(pageId).content.slice(0, 3)).toEqual(editing.content);
  });

  test('a page body that is not a document is refused, nothing written', async () => {
    const pageId = await site.createPage(U.tom, 'Odd page');
    const page = site.db.page(pageId)!;
    site.db.putPage({ ...page, adf: 'not json' });
    const version = site.pageVersion(pageId);
    const r = await site.macro('addMissingSections', U.tom, pageId);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(r.error!.message).toMatch(/not an ADF document/);
    expect(site.pageVersion(pageId)).toBe(version);
  });
});

describe('a page not published yet (a draft only its author sees)', () => {
  async function newDraft(as: string): Promise<string> {
    const space = site.db.spaceByKey('PM');
    const doc = { type: 'doc', version: 1, content: SUMMARY_ONLY };
    const res = await site.rest('POST', '/wiki/api/v2/pages', as, {
      spaceId: space?.id,
      status: 'draft',
      title: 'Postmortem: INC-4',
      body: { representation: 'atlas_doc_format', value: JSON.stringify(doc) },
    });
    expect(res.status).toBe(200);
    const id = String((res.json as { id: string }).id);
    // The published-page read answers 404 for it, as Confluence does.
    expect((await site.rest('GET', `/wiki/api/v2/pages/${id}`, as)).status).toBe(404);
    return id;
  }

  test('the config dialog links it to its incident, and the macro shows it, with the page’s eventual address', async () => {
    const pageId = await newDraft(U.elena);
    const linked = await site.macro<{ postmortem: { incidentKey: string } }>('linkIncident', U.elena, pageId, { incidentKey: 'INC-4' });
    expect(linked).toMatchObject({ ok: true, data: { postmortem: { incidentKey: 'INC-4', status: 'draft' } } });
    expect(site.pageProperty(pageId)).toMatchObject({ incidentKey: 'INC-4' });
    expect(site.issueProperty('INC-4')).toMatchObject({ pageId, pageUrl: `${site.url}/wiki/pages/viewpage.action?pageId=${pageId}` });
    // That address opens the page in the local site.
    const open = await fetch(`${site.url}/wiki/pages/viewpage.action?pageId=${pageId}`, { redirect: 'manual' });
    expect(open.headers.get('location')).toBe(`/confluence/pages/${pageId}`);

    const overview = await site.macro<{ link: { incident: { key: string }; templateCheck: { missingSections: string[] } } | null }>(
      'getOverview',
      U.elena,
      pageId,
    );
    expect(overview.ok).toBe(true);
    expect(overview.data!.link).toMatchObject({ incident: { key: 'INC-4' } });
    expect(overview.data!.link!.templateCheck.missingSections).toContain('Customer impact');
  });

  test('the host’s config dialog saves the macro’s settings into the draft, which stays unpublished', async () => {
    const space = site.db.spaceByKey('PM');
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'extension',
          attrs: {
            extensionType: 'com.atlassian.ecosystem',
            extensionKey: 'app/static/postmortem-macro',
            parameters: { localId: 'm1', guestParams: {} },
            localId: 'm1',
          },
        },
      ],
    };
    const res = await site.rest('POST', '/wiki/api/v2/pages', U.elena, {
      spaceId: space?.id,
      status: 'draft',
      title: 'Postmortem: INC-4',
      body: { representation: 'atlas_doc_format', value: JSON.stringify(doc) },
    });
    const pageId = String((res.json as { id: string }).id);
    const saved = await fetch(`${site.url}/__host/macro-config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `local_site_user=${encodeURIComponent(U.elena)}` },
      body: JSON.stringify({ pageId, localId: 'm1', config: { incidentKey: 'INC-4' } }),
    });
    expect(saved.status).toBe(200);
    const page = site.db.page(pageId)!;
    expect(page.status).toBe('draft');
    expect(page.adf).toContain('"incidentKey":"INC-4"');
  });

  test('"Add missing sections" does not write under the editor: it names the sections to add there', async () => {
    const pageId = await newDraft(U.elena);
    const before = site.db.page(pageId)!.adf;
    const r = await site.macro<Added>('addMissingSections', U.elena, pageId);
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(r.error!.message).toMatch(/not published yet.*Add these sections in the editor: .*Customer impact/);
    expect(site.db.page(pageId)!.adf).toBe(before);
  });

  test('an incident linked to someone’s unpublished page keeps it: another person cannot give it a second postmortem', async () => {
    const pageId = await newDraft(U.elena);
    expect((await site.macro('linkIncident', U.elena, pageId, { incidentKey: 'INC-4' })).ok).toBe(true);
    const pagesBefore = site.db.pages().length;
    const created = await site.panel('createPostmortem', U.tom, 'INC-4', { spaceKey: 'PM' });
    expect(created).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(site.db.pages()).toHaveLength(pagesBefore);
    expect(site.issueProperty('INC-4')).toMatchObject({ pageId });
  });

  test('someone else gets "not found" for another person’s draft', async () => {
    const pageId = await newDraft(U.elena);
    const r = await site.macro('getOverview', U.tom, pageId);
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const link = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-4' });
    expect(link).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('adfExport', () => {
  test('gives the incident link, status, due date and action items (one JQL search) as valid ADF', async () => {
    const pageId = site.demoPageId();
    const since = (await site.requests()).at(-1)?.seq ?? 0;
    const r = await site.post('/__site/invoke/macro-export', {
      accountId: U.marcus,
      payload: { context: { extension: { content: { id: pageId } } } },
    });
    expect(r.status).toBe(200);
    const adf = (r.json as { result: unknown }).result;
    expectValidAdf(adf);
    const text = JSON.stringify(adf);
    expect(text).toContain('Postmortem for INC-3');
    expect(text).toContain('In review');
    expect(text).toMatch(/sent to review on time/); // sent today−19, due today−17
    for (const key of ['PAY-1', 'PAY-2', 'PLAT-1', 'PAY-3', 'PAY-4', 'PLAT-2', 'PAY-5']) expect(text).toContain(key);
    const searches = (await site.requests(since)).filter((c) => c.path.startsWith('/rest/api/3/search/jql'));
    expect(searches).toHaveLength(1);
  });

  test('a page that is not linked says so', async () => {
    const pageId = await site.createPage(U.tom, 'Notes');
    const r = await site.post('/__site/invoke/macro-export', {
      accountId: U.marcus,
      payload: { context: { extension: { content: { id: pageId } } } },
    });
    expect(JSON.stringify((r.json as { result: unknown }).result)).toContain('not linked to an incident');
    const bad = await site.post('/__site/invoke/macro-export', {
      accountId: U.marcus,
      payload: { context: { extension: { content: { id: '../../etc' } } } },
    });
    expect(JSON.stringify((bad.json as { result: unknown }).result)).toContain('not linked to an incident');
  });
});
