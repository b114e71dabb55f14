/**
 * Records rewritten by hand through REST. Anyone who may edit an incident can rewrite its
 * `postmortem` issue property (page URL, title, owner); anyone who may edit a page can rewrite its
 * `postmortem` content property. The app never takes a link, a title or a mail recipient from an
 * incident property that the page it names does not confirm, and builds the link it shows from
 * the site's base URL and the page id.
 */
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
