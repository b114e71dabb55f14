/**
 * Creating a postmortem from an incident and linking a page to its incident both ways, through
 * the local site with the demo seed: one postmortem per incident, relink and unlink leave nothing
 * stale, permission refusals as the user, and no half-linked pair when Jira or Confluence fails.
 */
import { checkTemplate, findMacros } from '../../../src/domain/postmortem';
import { DEFAULT_TEMPLATE_SECTIONS } from '../../../src/contracts/settings';
import { expectValidAdf } from '../../unit/domain/postmortem/adfSchema';
import { PostmortemSite, U, type Answer } from './support';

jest.setTimeout(60_000);

interface Created {
  incidentKey: string;
  page: { pageId: string; title: string; url: string };
  status: string;
  dueDate: string;
}

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

function linkedTo(pageId: string) {
  return { globalId: `postmortem-page=${pageId}` };
}

function expectNoLink(incidentKey: string, pageId: string) {
  expect(site.issueProperty(incidentKey)).toBeUndefined();
  expect(site.remoteLinks(incidentKey).filter((r) => r.globalId === `postmortem-page=${pageId}`)).toEqual([]);
}

function expectLinked(incidentKey: string, pageId: string) {
  expect(site.pageProperty(pageId)).toMatchObject({ incidentKey });
  expect(site.issueProperty(incidentKey)).toMatchObject({ pageId });
  expect(site.remoteLinks(incidentKey)).toEqual([expect.objectContaining(linkedTo(pageId))]);
}

describe('create a postmortem from an incident (panel)', () => {
  test('creates the page in the space as the user, titled from the incident, with the template and the macro configured, linked both ways', async () => {
    const r = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' });
    expect(r.error).toBeUndefined();
    const created = r.data!;
    expect(created).toMatchObject({ incidentKey: 'INC-4', status: 'draft' });
    expect(created.page.title).toBe('Postmortem: INC-4 Mobile app login failures after token-service deploy');
    const page = site.db.page(created.page.pageId)!;
    expect(page.spaceId).toBe(site.db.spaceByKey('PM')!.id);
    expect(page.authorId).toBe(U.elena); // created as the user, not the app
    const adf = site.pageAdf(page.id);
    expect(findMacros(adf, { moduleKey: 'postmortem-macro' })).toEqual([
      expect.objectContaining({ guestParams: { incidentKey: 'INC-4' } }),
    ]);
    expect(checkTemplate(adf, DEFAULT_TEMPLATE_SECTIONS).missingSectionIds).toEqual([]);
    expectValidAdf(adf);
    expectLinked('INC-4', page.id);
    expect(site.pageProperty(page.id)).toMatchObject({ status: 'draft', ownerAccountId: U.elena, dueDate: created.dueDate });
    // the incident property is indexed: JQL sees it
    expect(await site.jqlKeys('issue.property[postmortem].status = "draft"', U.elena)).toContain('INC-4');
  });

  test('uses the space the settings name, under the configured parent', async () => {
    const space = site.db.spaceByKey('PM')!;
    site.setSettings({ confluence: { spaceKey: 'PM', parentPageId: space.homepageId ?? undefined } });
    const r = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', {});
    expect(r.ok).toBe(true);
    expect(site.db.page(r.data!.page.pageId)!.parentId).toBe(space.homepageId);
  });

  test('the demo seed names space PM in the settings: creating needs no choice', async () => {
    const r = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', {});
    expect(r.ok).toBe(true);
    expect(site.db.page(r.data!.page.pageId)!.spaceId).toBe(site.db.spaceByKey('PM')!.id);
  });

  test('without a configured space and none chosen, asks for one', async () => {
    site.setSettings({}); // the app's defaults: no space
    const r = await site.panel('createPostmortem', U.elena, 'INC-4', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: { spaceKey: expect.any(String) } } });
    expect(r.error!.message).toMatch(/space/i);
    expect(site.issueProperty('INC-4')).toBeUndefined();
  });

  test('refuses an incident that already has a postmortem, with a link to it', async () => {
    const demoPage = site.demoPageId();
    const before = site.db.pages().length;
    const r = await site.panel('createPostmortem', U.marcus, 'INC-3', { spaceKey: 'PM' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', details: { page: { pageId: demoPage } } } });
    expect(r.error!.message).toMatch(/INC-3 already has a postmortem/);
    expect(site.db.pages().length).toBe(before);
  });

  test('refuses an issue that is not an incident, and an issue the user cannot see', async () => {
    const task = await site.panel('createPostmortem', U.sofia, 'PAY-1', { spaceKey: 'PM' });
    expect(task).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(task.error!.message).toMatch(/not an incident/);
    const hidden = await site.panel('createPostmortem', U.noah, 'INC-4', { spaceKey: 'PM' });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(site.issueProperty('INC-4')).toBeUndefined();
  });

  test('refuses a space the user cannot create pages in', async () => {
    // Noah may see MOB incidents but is not in the PM space
    const mob = await site.rest('POST', '/rest/api/3/issue', U.daniel, {
      fields: { project: { key: 'MOB' }, issuetype: { name: 'Incident' }, summary: 'Crash on start' },
    });
    const key = (mob.json as { key: string }).key;
    const r = await site.panel('createPostmortem', U.noah, key, { spaceKey: 'PM' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', fields: { spaceKey: expect.any(String) } } });
    expect(site.issueProperty(key)).toBeUndefined();
  });
});

describe('link, relink and unlink from the macro', () => {
  test('links a page to an incident both ways, relinks to another leaving nothing on the first, unlinks leaving nothing', async () => {
    const pageId = await site.createPage(U.tom, 'Status page postmortem');
    const link = await site.macro<{ postmortem: { incidentKey: string }; config: unknown }>('linkIncident', U.tom, pageId, {
      incidentKey: 'inc-1',
    });
    expect(link).toMatchObject({
      ok: true,
      data: { postmortem: { incidentKey: 'INC-1', status: 'draft' }, config: { incidentKey: 'INC-1' } },
    });
    expectLinked('INC-1', pageId);

    const relink = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-2' });
    expect(relink.ok).toBe(true);
    expectLinked('INC-2', pageId);
    expectNoLink('INC-1', pageId);

    const unlink = await site.macro('unlinkIncident', U.tom, pageId);
    expect(unlink).toEqual({ ok: true, data: { unlinkedFrom: 'INC-2' } });
    expect(site.pageProperty(pageId)).toBeUndefined();
    expectNoLink('INC-2', pageId);
    expect(await site.jqlKeys('issue.property[postmortem].status = "draft"', U.tom)).not.toContain('INC-2');

    const overview = await site.macro<{ link: unknown }>('getOverview', U.tom, pageId);
    expect(overview).toMatchObject({ ok: true, data: { link: null } });
  });

  test('linking again to the same incident repairs both sides and keeps the record', async () => {
    const pageId = await site.createPage(U.tom, 'Status page postmortem');
    await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-1' });
    const first = site.pageProperty(pageId);
    // someone deletes the remote link by hand
    await site.rest('DELETE', `/rest/api/3/issue/INC-1/remotelink?globalId=${encodeURIComponent(`postmortem-page=${pageId}`)}`, U.grace);
    expect(site.remoteLinks('INC-1')).toEqual([]);
    const again = await site.macro('linkIncident', U.grace, pageId, { incidentKey: 'INC-1' });
    expect(again.ok).toBe(true);
    expectLinked('INC-1', pageId);
    expect(site.pageProperty(pageId)).toEqual(first);
  });

  test('refuses an incident linked elsewhere, with a link to that page, and writes nothing', async () => {
    const pageId = await site.createPage(U.sofia, 'Another checkout postmortem');
    const r = await site.macro('linkIncident', U.sofia, pageId, { incidentKey: 'INC-3' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        details: {
          page: {
            pageId: site.demoPageId(),
            title: expect.stringMatching(/^Postmortem: INC-3/),
            url: expect.stringContaining(site.demoPageId()),
          },
        },
      },
    });
    expect(site.pageProperty(pageId)).toBeUndefined();
    expect(site.issueProperty('INC-3')).toMatchObject({ pageId: site.demoPageId() });
  });

  test('an incident property left behind by a page that no longer claims it does not block linking', async () => {
    const oldPage = await site.createPage(U.tom, 'Old notes');
    await site.macro('linkIncident', U.tom, oldPage, { incidentKey: 'INC-1' });
    // the old page's record is removed by hand: the incident's property is now stale
    const prop = site.db.contentPropsOf(oldPage).find((p) => p.key === 'postmortem')!;
    await site.rest('DELETE', `/wiki/api/v2/pages/${oldPage}/properties/${prop.id}`, U.tom);
    const newPage = await site.createPage(U.tom, 'New postmortem');
    const r = await site.macro('linkIncident', U.tom, newPage, { incidentKey: 'INC-1' });
    expect(r.ok).toBe(true);
    expect(site.issueProperty('INC-1')).toMatchObject({ pageId: newPage });
  });

  test('refuses bad input with a clear message: malformed key, unknown issue, not an incident', async () => {
    const pageId = await site.createPage(U.tom, 'Notes');
    const malformed = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-1" OR project = PAY' });
    expect(malformed).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: { incidentKey: expect.stringMatching(/OPS-12/) } },
    });
    const unknown = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-999' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(unknown.error!.message).toMatch(/INC-999 does not exist or you do not have permission/);
    const task = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'PLAT-1' });
    expect(task).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const extra = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-1', pageId: '1' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(site.pageProperty(pageId)).toBeUndefined();
    expectNoLink('INC-1', pageId);
  });
});

describe('permissions, checked as the user', () => {
  test('someone who cannot see (or edit) the page cannot link, unlink or read it', async () => {
    const demoPage = site.demoPageId();
    const before = site.pageProperty(demoPage);
    for (const [method, payload] of [
      ['getOverview', {}],
      ['linkIncident', { incidentKey: 'INC-1' }],
      ['unlinkIncident', {}],
      ['reviewAction', { action: 'reopen' }],
      ['addMissingSections', {}],
    ] as const) {
      const r = await site.macro(method, U.noah, demoPage, payload);
      expect(r.ok).toBe(false);
      expect(['not-found', 'forbidden']).toContain(r.error!.code);
    }
    expect(site.pageProperty(demoPage)).toEqual(before);
    expectNoLink('INC-1', demoPage);
  });

  test('someone who may edit the page but not see the incident cannot link it, and does not see its details', async () => {
    const mob = await site.rest('POST', '/rest/api/3/issue', U.daniel, {
      fields: { project: { key: 'MOB' }, issuetype: { name: 'Incident' }, summary: 'Crash on start' },
    });
    expect(mob.status).toBe(201);
    const key = (mob.json as { key: string }).key;
    const pageId = await site.createPage(U.sofia, 'Mobile crash postmortem');
    const refused = await site.macro('linkIncident', U.sofia, pageId, { incidentKey: key });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(site.pageProperty(pageId)).toBeUndefined();
    expect(site.issueProperty(key)).toBeUndefined();

    // Priya (in MOB and PM) links it; Sofia then sees the page but not the incident's details
    expect((await site.macro('linkIncident', U.priya, pageId, { incidentKey: key })).ok).toBe(true);
    const overview = await site.macro<{ notice: string; link: { incident: unknown; actions: Record<string, boolean> } }>(
      'getOverview',
      U.sofia,
      pageId,
    );
    expect(overview.data!.link.incident).toBeNull();
    expect(overview.data!.notice).toMatch(/do not have permission to see/);
    expect(overview.data!.link.actions).toMatchObject({ requestReview: false, markReviewed: false, reopen: false });
    const review = await site.macro('reviewAction', U.sofia, pageId, { action: 'request-review' });
    expect(review).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('never half-linked', () => {
  test('when the incident property cannot be written, the page record is undone', async () => {
    const pageId = await site.createPage(U.tom, 'Status page postmortem');
    await site.faults([{ method: 'PUT', pathPattern: '/rest/api/3/issue/INC-1/properties/postmortem', status: 503 }]);
    const r = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-1' });
    expect(r).toMatchObject({ ok: false, error: { code: 'product-error' } });
    expect(r.error!.message).toMatch(/nothing was changed/i);
    expect(site.pageProperty(pageId)).toBeUndefined();
    expectNoLink('INC-1', pageId);
  });

  test('when the remote link cannot be written, both properties are undone', async () => {
    const pageId = await site.createPage(U.tom, 'Status page postmortem');
    await site.faults([{ method: 'POST', pathPattern: '/rest/api/3/issue/INC-1/remotelink', status: 500 }]);
    const r = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-1' });
    expect(r.ok).toBe(false);
    expect(site.pageProperty(pageId)).toBeUndefined();
    expectNoLink('INC-1', pageId);
  });

  test('when relinking fails half-way, the first incident keeps its link', async () => {
    const pageId = await site.createPage(U.tom, 'Status page postmortem');
    await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-1' });
    await site.faults([{ method: 'POST', pathPattern: '/rest/api/3/issue/INC-2/remotelink', status: 502 }]);
    const r = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-2' });
    expect(r.ok).toBe(false);
    expectLinked('INC-1', pageId);
    expectNoLink('INC-2', pageId);
  });

  test('when the page record cannot be removed, unlinking restores the incident side', async () => {
    const pageId = await site.createPage(U.tom, 'Status page postmortem');
    await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-1' });
    await site.faults([{ method: 'DELETE', pathPattern: `/wiki/api/v2/pages/${pageId}/properties/*`, status: 500 }]);
    const r = await site.macro('unlinkIncident', U.tom, pageId);
    expect(r.ok).toBe(false);
    expectLinked('INC-1', pageId);
  });

  test('a passing 5xx is retried and the link completes', async () => {
    const pageId = await site.createPage(U.tom, 'Status page postmortem');
    await site.faults([{ method: 'PUT', pathPattern: '/rest/api/3/issue/INC-1/properties/postmortem', status: 503, count: 2 }]);
    const r = await site.macro('linkIncident', U.tom, pageId, { incidentKey: 'INC-1' });
    expect(r.ok).toBe(true);
    expectLinked('INC-1', pageId);
  });
});

describe('the macro config is untrusted', () => {
  test('a malformed or hostile config gets a notice and grants nothing', async () => {
    const demoPage = site.demoPageId();
    const hostile = await site.macro<{ notice: string; link: { postmortem: { incidentKey: string } } }>(
      'getOverview',
      U.marcus,
      demoPage,
      {},
      { incidentKey: '<img src=x onerror=alert(1)>' },
    );
    expect(hostile.ok).toBe(true);
    expect(hostile.data!.notice).toMatch(/settings are not valid/);
    expect(hostile.data!.link.postmortem.incidentKey).toBe('INC-3');
    const other = await site.macro<{ notice: string; link: { postmortem: { incidentKey: string } } }>(
      'getOverview',
      U.marcus,
      demoPage,
      {},
      { incidentKey: 'INC-1' },
    );
    expect(other.data!.notice).toMatch(/name INC-1, but this page is the postmortem of INC-3/);
    // a config naming an incident does not link or grant anything on its own
    expect(site.issueProperty('INC-1')).toBeUndefined();
    const noah = await site.macro('getOverview', U.noah, demoPage, {}, { incidentKey: 'MOB-1' });
    expect(noah.ok).toBe(false);
  });

  test('a page whose config names an incident but is not linked says so', async () => {
    const pageId = await site.createPage(U.tom, 'Notes');
    const r = await site.macro<{ notice: string; link: unknown; configIncidentKey: string }>(
      'getOverview',
      U.tom,
      pageId,
      {},
      { incidentKey: 'INC-1' },
    );
    expect(r.data).toMatchObject({ link: null, configIncidentKey: 'INC-1' });
    expect(r.data!.notice).toMatch(/not linked/);
  });
});

describe('search as you type', () => {
  test('finds incidents the user can see by words of the summary or by key, and says which are linked', async () => {
    const words = await site.macro<{ incidents: Array<{ key: string; linkedPageId: string | null }> }>(
      'searchIncidents',
      U.sofia,
      site.demoPageId(),
      { query: 'checkout' },
    );
    expect(words.data!.incidents.map((i) => i.key)).toEqual(['INC-3']);
    expect(words.data!.incidents[0]!.linkedPageId).toBe(site.demoPageId());
    const key = await site.macro<{ incidents: Array<{ key: string }> }>('searchIncidents', U.sofia, site.demoPageId(), { query: 'inc-4' });
    expect(key.data!.incidents.map((i) => i.key)).toEqual(['INC-4']);
    const all = await site.macro<{ incidents: Array<{ key: string }> }>('searchIncidents', U.sofia, site.demoPageId(), { query: '' });
    expect(all.data!.incidents.map((i) => i.key)).toEqual(expect.arrayContaining(['INC-1', 'INC-2', 'INC-3', 'INC-4', 'INC-5']));
    expect(all.data!.incidents.every((i) => i.key.startsWith('INC-'))).toBe(true); // tasks are not incidents
  });

  test('hostile text stays one value, and issues the user cannot see are not offered', async () => {
    const hostile = await site.macro<{ incidents: unknown[] }>('searchIncidents', U.sofia, site.demoPageId(), {
      query: '" OR project = MOB OR summary ~ "',
    });
    expect(hostile).toMatchObject({ ok: true, data: { incidents: [] } });
    await site.rest('POST', '/rest/api/3/issue', U.daniel, {
      fields: { project: { key: 'MOB' }, issuetype: { name: 'Incident' }, summary: 'Crash on start' },
    });
    const hidden = await site.macro<{ incidents: Array<{ key: string }> }>('searchIncidents', U.sofia, site.demoPageId(), {
      query: 'crash',
    });
    expect(hidden.data!.incidents).toEqual([]);
    const daniel = await site.macro<Answer<unknown>>('searchIncidents', U.daniel, site.demoPageId(), { query: 'crash' });
    expect(daniel.ok).toBe(true);
  });
});
