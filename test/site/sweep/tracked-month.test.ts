/**
 * A month of daily sweeps over the demo seed with incidents tracked from resolution (settings
 * trackingStartDate 90 days before the seed's today): INC-1 and INC-2, resolved 75 and 51 days
 * ago with no postmortem, are chased as late postmortems from the first day (the INC lead told
 * weekly, their assignees told each time too); INC-4, resolved 2 days ago, is reminded before its
 * due date, then escalated, until a page is sent to review. Mails are derived here from the seed's
 * dates (SEED.md) and the policy in src/domain/sweep/plan.ts, independently of the planner.
 */
import { DEFAULT_SETTINGS } from '../../../src/contracts/settings';
import { addDays } from '../../../src/domain/dates';
import { GRACE, U } from './support/expectations';
import { startSweepSite, type SweepSite } from './support/site';
import { sealedAsTheDemoApp } from '../../support/demo-seal';
import { siteRequest } from '../../support/site-http';

const TOM = U(7);
const ELENA = U(9);

interface Mail {
  issueKey: string;
  to: string[];
  subject: string;
}

describe('a month of sweeps chases every incident tracked from resolution', () => {
  let site: SweepSite;
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });

  it('INC-1 and INC-2 as late postmortems, INC-4 from reminder to escalation until sent to review', async () => {
    const seedToday = await site.resetSeedToday();
    const settings = { ...DEFAULT_SETTINGS, trackingStartDate: addDays(seedToday, -90) };
    site.running.site.runtime.kvs.handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value: settings }));

    // Each incident's due date: the day it was resolved (SEED.md) + 7.
    const incidents = [
      { key: 'INC-1', owner: TOM, due: addDays(seedToday, -75 + 7) },
      { key: 'INC-2', owner: ELENA, due: addDays(seedToday, -51 + 7) },
      { key: 'INC-4', owner: ELENA, due: addDays(seedToday, -2 + 7) },
    ];
    const SENT_TO_REVIEW_ON_DAY = 15;
    const sent = new Set<string>();
    const expected = (d: number): Mail[] => {
      const today = addDays(seedToday, d);
      const out: Mail[] = [];
      for (const i of incidents) {
        if (i.key === 'INC-4' && d >= SENT_TO_REVIEW_ON_DAY) continue;
        const until = Math.round((Date.parse(i.due) - Date.parse(today)) / 86_400_000);
        if (until >= 0) {
          const stage = [0, 2].find((o) => o >= until); // postmortem reminder offsets 2, 0
          if (stage === undefined || sent.has(`${i.key}:r${stage}`)) continue;
          sent.add(`${i.key}:r${stage}`);
          const words = until === 0 ? 'due today' : `due in ${until} day${until === 1 ? '' : 's'}`;
          out.push({ issueKey: i.key, to: [i.owner], subject: `Postmortem for ${i.key} is ${words}: ${SUMMARY[i.key]}` });
          continue;
        }
        const late = -until;
        const stage = 1 + Math.floor((late - 1) / 7) * 7; // escalation every 7 days from overdue day 1
        if (sent.has(`${i.key}:e${stage}`)) continue;
        sent.add(`${i.key}:e${stage}`);
        out.push({ issueKey: i.key, to: [GRACE], subject: `Escalation for ${i.key}: the postmortem is late` });
        out.push({
          issueKey: i.key,
          to: [i.owner],
          subject: `Your postmortem for ${i.key} is late by ${late} day${late === 1 ? '' : 's'}`,
        });
      }
      return out.sort(byText);
    };

    let seen = (await site.outbox()).length;
    const chased: Record<string, number> = {};
    for (let d = 0; d <= 30; d++) {
      const today = addDays(seedToday, d);
      await site.setClock(`${today}T09:00:00.000Z`);
      if (d === SENT_TO_REVIEW_ON_DAY) {
        // Elena writes INC-4's postmortem and sends it to review: from then on nobody is chased about it.
        // The app records that on the incident, sealed with its key (the demo's: test/support/demo-seal.ts).
        const rest = (method: string, p: string, body?: unknown) => siteRequest(site.running.url, method, p, body, ELENA);
        const inc4 = (await rest('GET', '/rest/api/3/issue/INC-4?fields=summary')).json as { id: string };
        const put = await rest(
          'PUT',
          '/rest/api/3/issue/INC-4/properties/postmortem',
          sealedAsTheDemoApp(inc4.id, {
            pageId: '999001',
            pageTitle: 'Postmortem: INC-4',
            pageUrl: 'https://local-site.atlassian.net/wiki/pages/999001',
            status: 'in-review',
            dueDate: incidents[2]!.due,
            ownerAccountId: ELENA,
            requestedReviewAt: `${today}T09:00:00.000Z`,
          }),
        );
        expect(put.status).toBeLessThan(300);
      }
      expect((await site.sweep()).status).toBe(200);
      const all = await site.outbox();
      const mails = all
        .slice(seen)
        .filter((m) => ['INC-1', 'INC-2', 'INC-4'].includes(m.issueKey))
        .map((m) => ({ issueKey: m.issueKey, to: [...m.to].sort(), subject: m.subject }))
        .sort(byText);
      seen = all.length;
      expect({ day: d, mails }).toEqual({ day: d, mails: expected(d) });
      for (const m of mails) chased[m.issueKey] = (chased[m.issueKey] ?? 0) + 1;
    }
    // Chased all month: INC-1 and INC-2 weekly; INC-4 reminded twice, then escalated until sent to review.
    expect(chased['INC-1']).toBeGreaterThanOrEqual(8);
    expect(chased['INC-2']).toBeGreaterThanOrEqual(8);
    expect(chased['INC-4']).toBe(2 + 2 * 2);
  });
});

const SUMMARY: Record<string, string> = {
  'INC-1': 'Status page unreachable during DNS provider outage',
  'INC-2': 'Push notifications delayed by up to 2 hours on Android',
  'INC-4': 'Mobile app login failures after token-service deploy',
};

const byText = (a: Mail, b: Mail) => `${a.issueKey} ${a.to.join()} ${a.subject}`.localeCompare(`${b.issueKey} ${b.to.join()} ${b.subject}`);
