/**
 * The `postmortem` issue property is written by the app, sealed (docs/decisions/0017-postmortem-record-sealed.md),
 * but anyone who may edit an incident may rewrite it. INC-1's assignee (Tom) writes
 * `{"status":"reviewed"}` on it, and INC-2's assignee (Elena) copies INC-3's genuine, sealed
 * in-review record onto INC-2: the sweep still chases both as late postmortems with no page, while
 * INC-3 (genuinely in review) and the demo's reviewed postmortems are not chased.
 */
import { DEFAULT_SETTINGS } from '../../../src/contracts/settings';
import { addDays } from '../../../src/domain/dates';
import { GRACE, U } from './support/expectations';
import { startSweepSite, type SweepSite } from './support/site';
import { siteRequest } from '../../support/site-http';

const TOM = U(7);
const ELENA = U(9);

describe('a postmortem record written by hand on the incident', () => {
  let site: SweepSite;
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });

  it('is not believed: forged and copied records are chased, genuine ones are not', async () => {
    const seedToday = await site.resetSeedToday();
    const settings = { ...DEFAULT_SETTINGS, trackingStartDate: addDays(seedToday, -400) };
    site.running.site.runtime.kvs.handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value: settings }));
    const rest = (as: string, method: string, p: string, body?: unknown) => siteRequest(site.running.url, method, p, body, as);

    const genuine = (await rest(ELENA, 'GET', '/rest/api/3/issue/INC-3/properties/postmortem')).json as { value: Record<string, unknown> };
    expect(genuine.value).toMatchObject({ status: 'in-review', seal: expect.stringMatching(/^[\w-]{43}$/) });
    for (const [key, as, value] of [
      ['INC-1', TOM, { status: 'reviewed' }],
      ['INC-2', ELENA, { ...genuine.value }],
    ] as const) {
      const put = await rest(as, 'PUT', `/rest/api/3/issue/${key}/properties/postmortem`, value);
      expect(put.status).toBeLessThan(300);
    }
    // Jira's index believes the forgeries (which is why the sweep does not ask it about the status).
    const indexed = await rest(GRACE, 'POST', '/rest/api/3/search/jql', {
      jql: 'issue.property[postmortem].status IN ("in-review", "reviewed") AND key IN (INC-1, INC-2)',
      fields: ['summary'],
    });
    expect((indexed.json as { issues: { key: string }[] }).issues.map((i) => i.key).sort()).toEqual(['INC-1', 'INC-2']);

    await site.setClock(`${seedToday}T09:00:00.000Z`);
    expect((await site.sweep()).status).toBe(200);
    const mails = await site.outbox();
    // Mails about the incident's postmortem (its action items are chased on their own).
    const about = (key: string) => mails.filter((m) => m.issueKey === key && /postmortem/i.test(m.subject));
    // Late (resolved 75 and 51 days ago): escalated to the INC lead, and their assignees told.
    for (const [key, owner] of [
      ['INC-1', TOM],
      ['INC-2', ELENA],
    ] as const) {
      expect(about(key).map((m) => m.subject)).toContain(`Escalation for ${key}: the postmortem is late`);
      expect(about(key).some((m) => m.to.includes(owner) && /is late by \d+ days/.test(m.subject))).toBe(true);
    }
    // Genuine in-review and reviewed postmortems (sealed by the app) are not chased.
    expect(about('INC-3')).toEqual([]);
    const reviewed = await rest(GRACE, 'POST', '/rest/api/3/search/jql', {
      jql: 'issue.property[postmortem].status = "reviewed"',
      fields: ['summary'],
      properties: ['postmortem'],
      maxResults: 100,
    });
    const genuineReviewed = (reviewed.json as { issues: { key: string; properties?: { postmortem?: { seal?: string } } }[] }).issues
      .filter((i) => i.properties?.postmortem?.seal)
      .map((i) => i.key);
    expect(genuineReviewed.length).toBeGreaterThan(0);
    for (const key of genuineReviewed) expect(about(key)).toEqual([]);
  });
});
