/**
 * Records rewritten by hand through REST. Anyone who may edit an incident can rewrite its
 * `postmortem` issue property (page URL, title, owner); anyone who may edit a page can rewrite its
 * `postmortem` content property. The app never takes a link, a title or a mail recipient from an
 * incident property that the page it names does not confirm, and builds the link it shows from
 * the site's base URL and the page id.
 */
import { createHmac } from 'node:crypto';
import { allResolvers, SecuritySite, U, type Answer, type ResolverRef, type Where } from './support';
import type { OutboxEntry } from '../../local/site-api';
import { addDays } from '../../src/domain/dates';
import { sealedAsTheDemoApp } from '../support/demo-seal';
import { siteRequest } from '../support/site-http';
import { clockPastSendHour } from '../support/send-hour';

const EVIL = 'https://evil.example/login';
const BAIT = 'Reset your password now';

function ref(name: string): ResolverRef {
  const r = allResolvers().find((x) => x.name === name);
  if (!r) throw new Error(`no resolver ${name}`);
  return r;
}

describe('a hand-edited incident property never becomes a link, a title or a recipient', () => {
  let site: SecuritySite;
  let today = '';
  let pageId = '';
  let realTitle = '';

  beforeAll(async () => {
    site = await SecuritySite.start();
  });
  afterAll(async () => {
    await site.stop();
  });
  beforeEach(async () => {
    today = await site.reset();
    pageId = site.demoPageId();
    realTitle = site.db.page(pageId)?.title ?? '';
  });

  /**
   * Grace (lead of INC, may edit INC-3) rewrites INC-3's property through Jira REST. With `state`,
   * the record first takes that state as the app would have written it (sealed, test/support/demo-seal.ts),
   * and she rewrites only `patch` over it: fields the seal does not cover (title, URL, owner).
   */
  async function forge(patch: Record<string, unknown>, state?: Record<string, unknown>): Promise<void> {
    const incident = site.db.issueByKey('INC-3');
    const current = incident?.properties.postmortem as Record<string, unknown>;
    const base = state && incident ? sealedAsTheDemoApp(incident.id, { ...current, ...state } as never) : current;
    const r = await siteRequest(site.url, 'PUT', '/rest/api/3/issue/INC-3/properties/postmortem', { ...base, ...patch }, U.grace);
    expect(r.status).toBeLessThan(300);
  }

  async function call<T>(name: string, as: string, payload: unknown, where: Where): Promise<Answer<T>> {
    const r = await site.invoke(ref(name), as, payload, where);
    if (!r.answer) throw new Error(`no answer: ${JSON.stringify(r.body)}`);
    return r.answer as Answer<T>;
  }

  async function sweepMails(): Promise<OutboxEntry[]> {
    const before = ((await site.control('GET', '/__site/outbox')).json as OutboxEntry[]).length;
    await clockPastSendHour(site.url); // the trigger starts the day's sweep at the send hour
    const run = await site.control('POST', '/__site/scheduled/postmortem-sweep');
    expect(run.status).toBe(200);
    return ((await site.control('GET', '/__site/outbox')).json as OutboxEntry[]).slice(before);
  }

  const lateDraft = () => ({ status: 'draft', dueDate: addDays(today, -3) });

  test('a rewritten page URL and title: panel, report and sweep show the page’s own title and a link built from its id', async () => {
    // A late draft as the app recorded it; Grace rewrites the link and title only.
    await forge({ pageUrl: EVIL, pageTitle: BAIT }, lateDraft());
    const pageUrl = `${site.url}/wiki/pages/viewpage.action?pageId=${pageId}`;

    const panel = await call<{ postmortem: { pageUrl: string; pageTitle: string } | null }>(
      'panel.getOverview',
      U.marcus,
      {},
      { kind: 'panel', issueKey: 'INC-3' },
    );
    expect(panel.ok).toBe(true);
    expect(panel.data?.postmortem).toMatchObject({ pageId, pageUrl, pageTitle: realTitle });
    expect(JSON.stringify(panel)).not.toContain('evil.example');
    expect(JSON.stringify(panel)).not.toContain(BAIT);

    const report = await call('report.getReport', U.priya, { filters: {} }, { kind: 'page' });
    expect(report.ok).toBe(true);
    expect(JSON.stringify(report)).toContain(pageUrl);
    expect(JSON.stringify(report)).not.toContain('evil.example');
    expect(JSON.stringify(report)).not.toContain(BAIT);

    const mails = (await sweepMails()).filter((m) => m.issueKey === 'INC-3');
    expect(mails.length).toBeGreaterThan(0); // the late draft is still reminded and escalated
    const text = JSON.stringify(mails);
    expect(text).not.toContain('evil.example');
    expect(text).not.toContain(BAIT);
    expect(text).toContain(`viewpage.action?pageId=${pageId}`);
    expect(mails.every((m) => m.to.every((id) => id === U.marcus || id === U.grace || id === U.priya))).toBe(true);
  });

  test('a rewritten owner: nobody is mailed about it, and panel and report show no postmortem from it', async () => {
    await forge({ ...lateDraft(), ownerAccountId: U.tom, pageUrl: EVIL });
    const mails = await sweepMails();
    expect(mails.filter((m) => m.issueKey === 'INC-3' && m.to.includes(U.tom))).toEqual([]);
    expect(JSON.stringify(mails)).not.toContain('evil.example');

    const panel = await call<{ postmortem: unknown }>('panel.getOverview', U.grace, {}, { kind: 'panel', issueKey: 'INC-3' });
    expect(panel.ok).toBe(true);
    expect(panel.data?.postmortem).toBeNull();
    const report = await call('report.getReport', U.priya, { filters: {} }, { kind: 'page' });
    expect(JSON.stringify(report)).not.toContain('evil.example');
  });

  test('a property naming a page that does not claim the incident, or no page at all, is not a postmortem', async () => {
    const home = site.db.pages().find((p) => p.title === 'Postmortems');
    if (!home) throw new Error('no PM home page');
    for (const other of [home.id, '987654321']) {
      await forge({ pageId: other, pageUrl: EVIL });
      const panel = await call<{ postmortem: unknown }>('panel.getOverview', U.marcus, {}, { kind: 'panel', issueKey: 'INC-3' });
      expect(panel.data?.postmortem).toBeNull();
      const item = await call<{ actionItem: { postmortem: unknown } }>(
        'panel.getOverview',
        U.marcus,
        {},
        { kind: 'panel', issueKey: 'PAY-3' },
      );
      expect(item.data?.actionItem.postmortem).toBeNull();
    }
  });

  test('the control: the untouched demo link shows in the panel with the page’s title', async () => {
    const panel = await call<{ postmortem: { pageTitle: string } | null }>(
      'panel.getOverview',
      U.marcus,
      {},
      { kind: 'panel', issueKey: 'INC-3' },
    );
    expect(panel.data?.postmortem?.pageTitle).toBe(realTitle);
  });
});

describe('a hand-rewritten page record never makes a macro step seal a state the workflow did not go through', () => {
  let site: SecuritySite;
  let today = '';
  let pageId = '';
  let where: Where;

  beforeAll(async () => {
    site = await SecuritySite.start();
  });
  afterAll(async () => {
    await site.stop();
  });
  beforeEach(async () => {
    today = await site.reset();
    pageId = site.demoPageId();
    where = { kind: 'macro', pageId, config: { incidentKey: 'INC-3' } };
  });

  /** The incident's record as the app sealed it (undefined when its seal does not verify with the demo key). */
  function sealedRecord(): Record<string, unknown> | undefined {
    const incident = site.db.issueByKey('INC-3');
    const raw = incident?.properties.postmortem as Record<string, unknown> | undefined;
    if (!incident || !raw?.seal) return undefined;
    const again = sealedAsTheDemoApp(incident.id, raw as never);
    return again.seal === raw.seal ? raw : undefined;
  }

  /** Marcus (the owner, who may edit the page) rewrites the page's `postmortem` content property through Confluence REST. */
  async function rewritePage(patch: Record<string, unknown>): Promise<void> {
    const list = await siteRequest(site.url, 'GET', `/wiki/api/v2/pages/${pageId}/properties?key=postmortem`, undefined, U.marcus);
    const current = (list.json as { results: Array<{ id: string; value: Record<string, unknown>; version: { number: number } }> })
      .results[0];
    if (!current) throw new Error('no page record');
    const r = await siteRequest(
      site.url,
      'PUT',
      `/wiki/api/v2/pages/${pageId}/properties/${current.id}`,
      { key: 'postmortem', value: { ...current.value, ...patch }, version: { number: current.version.number + 1 } },
      U.marcus,
    );
    expect(r.status).toBeLessThan(300);
  }

  const review = (as: string, payload: unknown) =>
    site.invoke(ref('macro.reviewAction'), as, payload, where).then((r) => r.answer as Answer<{ postmortem: Record<string, unknown> }>);

  test('a draft rewritten as "in review" on the page cannot be marked reviewed: the step starts from the sealed draft', async () => {
    // The owner reopens INC-3's postmortem (the app seals the draft), then writes "in review" back on the page by hand.
    expect((await review(U.marcus, { action: 'reopen' })).ok).toBe(true);
    expect(sealedRecord()).toMatchObject({ status: 'draft' });
    await rewritePage({ status: 'in-review', requestedReviewAt: `${today}T08:00:00.000Z` });

    const r = await review(U.sofia, { action: 'mark-reviewed', note: 'Looks fine.' });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('conflict');
    expect(r.error?.message).toMatch(/draft/);
    expect(sealedRecord()).toMatchObject({ status: 'draft' });
    expect(sealedRecord()?.reviewedAt).toBeUndefined();
  });

  test('a due date rewritten on the page is not sealed by send to review or reopen: the sealed one is kept', async () => {
    const sealedDue = sealedRecord()?.dueDate as string;
    expect(sealedDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const far = addDays(today, 400);
    // Reopen after the page was given a due date a year ahead: the draft the app seals keeps the sealed date.
    await rewritePage({ dueDate: far });
    expect((await review(U.marcus, { action: 'reopen' })).ok).toBe(true);
    expect(sealedRecord()).toMatchObject({ status: 'draft', dueDate: sealedDue });
    // Sent to review from a page again saying a year ahead: sent late, as the sealed date says.
    await rewritePage({ dueDate: far });
    const sent = await review(U.marcus, { action: 'request-review', reason: 'The meeting can judge the open findings.' });
    expect(sent.ok).toBe(true);
    expect(sent.data?.postmortem).toMatchObject({ status: 'in-review', dueDate: sealedDue });
    expect(sealedRecord()).toMatchObject({ status: 'in-review', dueDate: sealedDue });
  });

  test('a page saying "reviewed" over an incident record without the seal starts from a draft: nothing unproved is sealed', async () => {
    // Grace (who may edit INC-3) strips the seal; the page is rewritten to claim a review.
    const incident = site.db.issueByKey('INC-3');
    const { seal: _seal, ...unsealed } = incident?.properties.postmortem as Record<string, unknown>;
    expect((await siteRequest(site.url, 'PUT', '/rest/api/3/issue/INC-3/properties/postmortem', unsealed, U.grace)).status).toBeLessThan(
      300,
    );
    await rewritePage({ status: 'reviewed', review: { reviewedBy: U.sofia, reviewedAt: `${today}T08:00:00.000Z` } });
    // Tagging factors needs a reviewed postmortem: refused.
    const tag = await site.invoke(ref('macro.tagFactors'), U.sofia, { factors: ['capacity'] }, where);
    expect((tag.answer as Answer<unknown>).ok).toBe(false);
    // Marking reviewed needs one in review: refused; the incident's record is not sealed by either.
    const r = await review(U.sofia, { action: 'mark-reviewed', note: 'ok' });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('conflict');
    expect(sealedRecord()).toBeUndefined();
  });

  test('the owner who renames the owner on the page still may not review their own postmortem', async () => {
    await rewritePage({ ownerAccountId: U.sofia });
    const r = await review(U.marcus, { action: 'mark-reviewed', note: 'Reviewed it myself.' });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('forbidden');
    expect(sealedRecord()).toMatchObject({ status: 'in-review', ownerAccountId: U.marcus });
  });

  /** Rewrites INC-3's record through Jira REST as `as` (anyone who may edit the incident may). */
  async function rewriteIncident(as: string, value: Record<string, unknown>): Promise<void> {
    const r = await siteRequest(site.url, 'PUT', '/rest/api/3/issue/INC-3/properties/postmortem', value, as);
    expect(r.status).toBeLessThan(300);
  }
  const incidentRecord = () => site.db.issueByKey('INC-3')?.properties.postmortem as Record<string, unknown>;

  test('the owner renamed on the incident’s record (and the page’s) by someone who may edit the incident: the record no longer proves, so no review', async () => {
    expect(incidentRecord()).toMatchObject({ status: 'in-review', ownerAccountId: U.marcus });
    await rewriteIncident(U.grace, { ...incidentRecord(), ownerAccountId: U.sofia });
    await rewritePage({ ownerAccountId: U.sofia });
    const r = await review(U.marcus, { action: 'mark-reviewed', note: 'Reviewed it myself.' });
    expect(r.ok).toBe(false);
    expect(incidentRecord()).toMatchObject({ status: 'in-review', ownerAccountId: U.sofia });
    expect(incidentRecord().reviewedAt).toBeUndefined();
  });

  test('the seal stripped and the owner renamed on the page: the postmortem starts again as the sender’s draft, so its owner still cannot review it', async () => {
    const { seal: _seal, ...unsealed } = incidentRecord();
    await rewriteIncident(U.grace, unsealed);
    await rewritePage({ ownerAccountId: U.sofia });
    // Marcus sends it to review again (it starts from a draft nobody proved): it goes as his.
    const sent = await review(U.marcus, { action: 'request-review', reason: 'The meeting can judge the open findings.' });
    expect(sent.ok).toBe(true);
    expect(sealedRecord()).toMatchObject({ status: 'in-review', ownerAccountId: U.marcus });
    const own = await review(U.marcus, { action: 'mark-reviewed', note: 'Reviewed it myself.' });
    expect(own.ok).toBe(false);
    expect(own.error?.code).toBe('forbidden');
  });

  test('a record sealed before seals covered the owner proves its state, not its owner: the page’s creator stays the owner', async () => {
    // INC-3's record as an earlier version sealed it (postmortem/1: no owner), then the owner renamed on it and on the page.
    const incident = site.db.issueByKey('INC-3')!;
    const r0 = incidentRecord();
    const text = JSON.stringify([
      'postmortem/1',
      incident.id,
      r0.pageId,
      r0.status,
      r0.dueDate,
      r0.requestedReviewAt ?? '',
      r0.reviewedAt ?? '',
    ]);
    const seal = createHmac('sha256', Buffer.alloc(32, 7)).update(text, 'utf8').digest('base64url'); // the demo's key (test/support/demo-seal.ts)
    await rewriteIncident(U.grace, { ...r0, seal, ownerAccountId: U.sofia });
    await rewritePage({ ownerAccountId: U.sofia });
    // The creator is Confluence's to say: an update (which cannot name an author) naming another owner leaves it.
    const page = site.db.page(pageId)!;
    const put = await siteRequest(
      site.url,
      'PUT',
      `/wiki/api/v2/pages/${pageId}`,
      {
        id: pageId,
        status: 'current',
        title: page.title,
        ownerId: U.sofia,
        body: { representation: 'atlas_doc_format', value: page.adf },
        version: { number: page.versions.at(-1)!.number + 1 },
      },
      U.marcus,
    );
    expect(put.status).toBe(200);
    expect(site.db.page(pageId)?.authorId).toBe(U.marcus);

    const own = await review(U.marcus, { action: 'mark-reviewed', note: 'Reviewed it myself.' });
    expect(own.ok).toBe(false);
    expect(own.error?.code).toBe('forbidden');
    // Someone else records the review; the record is sealed again, now with the owner.
    const r = await review(U.sofia, { action: 'mark-reviewed', note: 'Reviewed in the meeting.' });
    expect(r.ok).toBe(true);
    expect(sealedRecord()).toMatchObject({ status: 'reviewed', ownerAccountId: U.marcus });
  });

  test('the control: the genuine in-review postmortem is marked reviewed by someone other than the owner, and sealed so', async () => {
    const r = await review(U.sofia, { action: 'mark-reviewed', note: 'Reviewed in the meeting.' });
    expect(r.ok).toBe(true);
    expect(sealedRecord()).toMatchObject({ status: 'reviewed' });
  });
});

describe('a forged incident record never inflates the count per contributing factor', () => {
  let site: SecuritySite;

  beforeAll(async () => {
    site = await SecuritySite.start();
    await site.reset();
  });
  afterAll(async () => {
    await site.stop();
  });

  type Library = { factors: Array<{ factor: string; count: number }>; countsComplete: boolean; asOf: string };
  const capacity = async () => {
    const r = await site.invoke(ref('report.getFactors'), U.priya, { factor: 'capacity' }, { kind: 'page' });
    const lib = (r.answer as Answer<Library>).data!;
    expect(lib.countsComplete).toBe(true);
    return lib.factors.find((f) => f.factor === 'capacity')?.count;
  };
  /** Grace (lead of INC, who may edit its incidents) writes an incident's record through Jira REST. */
  const write = async (key: string, value: unknown) =>
    expect((await siteRequest(site.url, 'PUT', `/rest/api/3/issue/${key}/properties/postmortem`, value, U.grace)).status).toBeLessThan(300);
  const recordOf = (key: string) => site.db.issueByKey(key)?.properties.postmortem as Record<string, unknown>;

  test('tags added to a genuine reviewed record, a record claiming a review, a copied record: the count stays what the app sealed', async () => {
    expect(await capacity()).toBe(2); // INC-6 and INC-7, as the app sealed them

    // INC-8 is reviewed and sealed with change and process: "capacity" added by hand.
    const inc8 = recordOf('INC-8');
    await write('INC-8', { ...inc8, factors: [...((inc8.factors as string[]) ?? []), 'capacity'] });
    expect(await capacity()).toBe(2);

    // INC-3 is in review: rewritten as reviewed and tagged, keeping its seal.
    await write('INC-3', { ...recordOf('INC-3'), status: 'reviewed', reviewedAt: new Date().toISOString(), factors: ['capacity'] });
    expect(await capacity()).toBe(2);

    // INC-6's genuine record, seal and all, copied onto INC-1.
    await write('INC-1', recordOf('INC-6'));
    expect(await capacity()).toBe(2);
  });
});
