/**
 * Linking, unlinking and "link again" change only what the caller may change, on objects verified
 * to belong together: the incident key in a page's record is the page editor's to write, so it
 * never lets them change another issue with the app's rights; review state changes only through
 * the review calls; only pages in the postmortem space may be linked; someone who may edit the
 * incident can replace a link to a page they cannot open; and nobody is shown the title of a page
 * they cannot open, in the panel, in the incident's record or in the web links on the incident.
 */
import { addDays } from '../../src/domain/dates';
import { PostmortemSite, U } from '../site/postmortem/support';

jest.setTimeout(60_000);

let site: PostmortemSite;
let today = '';
beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});
beforeEach(async () => {
  await site.reset();
  today = site.running.site.clock.now().toISOString().slice(0, 10);
});

function record(incidentKey: string, owner: string, extra: Record<string, unknown> = {}) {
  return { incidentKey, status: 'draft', ownerAccountId: owner, incidentDate: addDays(today, -3), dueDate: addDays(today, 4), ...extra };
}

async function writePageRecord(pageId: string, as: string, value: unknown): Promise<void> {
  const list = await site.rest('GET', `/wiki/api/v2/pages/${pageId}/properties?key=postmortem`, as);
  const current = (list.json as { results: Array<{ id: string; version: { number: number } }> }).results[0];
  const res = current
    ? await site.rest('PUT', `/wiki/api/v2/pages/${pageId}/properties/${current.id}`, as, {
        key: 'postmortem',
        value,
        version: { number: current.version.number + 1 },
      })
    : await site.rest('POST', `/wiki/api/v2/pages/${pageId}/properties`, as, { key: 'postmortem', value });
  expect(res.status).toBeLessThan(300);
}

const issueRecord = (key: string) => site.db.issueByKey(key)?.properties.postmortem as Record<string, unknown> | undefined;

describe('another issue’s record is never changed from a page’s record', () => {
  let pageId = '';
  beforeEach(async () => {
    // Elena's own page names PAY-6 (an issue she cannot see); PAY-6's record points at her page.
    pageId = await site.createPage(U.elena, 'Elena’s notes');
    await writePageRecord(pageId, U.elena, record('PAY-6', U.elena));
    const put = await site.rest('PUT', '/rest/api/3/issue/PAY-6/properties/postmortem', U.marcus, {
      pageId,
      pageTitle: 'Notes',
      pageUrl: 'https://local-site.atlassian.net/wiki/x',
      status: 'draft',
      dueDate: addDays(today, 4),
      ownerAccountId: U.elena,
    });
    expect(put.status).toBeLessThan(300);
  });

  test('Elena unlinks her page: PAY-6 keeps its record', async () => {
    const before = issueRecord('PAY-6');
    const r = await site.macro('unlinkIncident', U.elena, pageId);
    expect(r.ok).toBe(true);
    expect(issueRecord('PAY-6')).toEqual(before);
    expect(site.db.contentPropsOf(pageId).filter((p) => p.key === 'postmortem')).toEqual([]); // her own page is hers to change
  });

  test('Elena links her page to INC-4 instead: PAY-6 keeps its record', async () => {
    const before = issueRecord('PAY-6');
    const r = await site.macro('linkIncident', U.elena, pageId, { incidentKey: 'INC-4' });
    expect(r.ok).toBe(true);
    expect(issueRecord('PAY-6')).toEqual(before);
    expect(issueRecord('INC-4')).toMatchObject({ pageId });
  });
});

describe('review state changes only through the review calls', () => {
  test('the owner writes “reviewed by Priya” into the page’s record and links again: the incident stays in review', async () => {
    const pageId = site.demoPageId();
    const current = site.db.contentPropsOf(pageId).find((p) => p.key === 'postmortem')?.value as Record<string, unknown>;
    expect(current.status).toBe('in-review');
    await writePageRecord(pageId, U.marcus, {
      ...current,
      status: 'reviewed',
      review: { reviewedBy: U.priya, reviewedAt: `${today}T08:00:00.000Z`, note: 'Looks good' },
    });
    const r = await site.macro<{ postmortem: { status: string } }>('linkIncident', U.marcus, pageId, { incidentKey: 'INC-3' });
    expect(r.ok).toBe(true);
    expect(issueRecord('INC-3')).toMatchObject({ status: 'in-review' });
    expect(issueRecord('INC-3')?.reviewedAt).toBeUndefined();
    const page = site.db.contentPropsOf(pageId).find((p) => p.key === 'postmortem')?.value as Record<string, unknown>;
    expect(page.status).not.toBe('reviewed');
    expect(page.review).toBeUndefined();
  });
});

describe('pages outside the postmortem space, and pages a person cannot open', () => {
  const SECRET = 'Elena private notes about INC-4';
  let privatePageId = '';

  beforeEach(async () => {
    // No postmortem space set (the demo seed sets PM), so a page of any space may be linked unless a test sets one.
    site.setSettings({});
    // A personal space only Elena may see.
    site.db.putSpace({
      id: '990001',
      key: '~elena',
      name: 'Elena Petrova',
      members: [U.elena],
      viewers: [],
      homepageId: null,
      createdAt: new Date().toISOString(),
      authorId: U.elena,
    });
    const res = await site.rest('POST', '/wiki/api/v2/pages', U.elena, { spaceId: '990001', status: 'current', title: SECRET });
    expect(res.status).toBe(200);
    privatePageId = String((res.json as { id: string }).id);
  });

  test('with a postmortem space set, a page in a personal space cannot be linked', async () => {
    site.setSettings({ confluence: { spaceKey: 'PM' } });
    const r = await site.macro('linkIncident', U.elena, privatePageId, { incidentKey: 'INC-4' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(issueRecord('INC-4')).toBeUndefined();
    expect(site.db.remoteLinksOf(site.db.issueByKey('INC-4')!.id)).toEqual([]);
  });

  test('a link to a page Grace cannot open shows her no title anywhere, and she may replace it', async () => {
    const linked = await site.macro('linkIncident', U.elena, privatePageId, { incidentKey: 'INC-4' });
    expect(linked.ok).toBe(true);
    const inc4 = site.db.issueByKey('INC-4')!;
    // what anyone who may browse INC-4 can read: its record and its web links
    expect(JSON.stringify(issueRecord('INC-4'))).not.toContain(SECRET);
    expect(JSON.stringify(site.db.remoteLinksOf(inc4.id))).not.toContain(SECRET);
    const panel = await site.panel('getOverview', U.grace, 'INC-4');
    expect(panel.ok).toBe(true);
    expect(JSON.stringify(panel)).not.toContain(SECRET);

    // Grace (lead of INC, may edit INC-4, cannot open Elena's space) creates its postmortem in PM
    const created = await site.panel<{ page: { pageId: string } }>('createPostmortem', U.grace, 'INC-4', { spaceKey: 'PM' });
    expect(created.ok).toBe(true);
    expect(JSON.stringify(created)).not.toContain(SECRET);
    const newPageId = created.data!.page.pageId;
    expect(issueRecord('INC-4')).toMatchObject({ pageId: newPageId });
    expect(site.db.remoteLinksOf(inc4.id).map((l) => l.globalId)).toEqual([`postmortem-page=${newPageId}`]);
  });

  test('someone who may only browse the incident cannot replace the link', async () => {
    await site.macro('linkIncident', U.elena, privatePageId, { incidentKey: 'INC-4' });
    const r = await site.panel('createPostmortem', U.hannah, 'INC-4', { spaceKey: 'PM' });
    expect(r.ok).toBe(false);
    expect(issueRecord('INC-4')).toMatchObject({ pageId: privatePageId });
  });
});
