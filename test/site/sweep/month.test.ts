/**
 * A month of daily sweeps over the demo seed, in the local site: every day's outbox is checked
 * against mails derived here from the seed's dates (SEED.md) and the sweep policy (src/domain/sweep/plan.ts), exactly
 * (issue, recipients, subject, which items an escalation lists as new and as still overdue), and
 * every day's product calls against the minimum (search pages + one call per mail + one mail-reach
 * check per reader and issue the mail goes through or names).
 */
import { startSweepSite, type SweepSite } from './support/site';
import { addDays } from '../../../src/domain/dates';
import { DEFAULT_SETTINGS } from '../../../src/contracts/settings';
import { DEMO_SECOND_TIER, Expectations, GRACE, MARCUS, U, byKey, comparable, type SecondTier } from './support/expectations';

describe('the sweep over a month of the demo seed', () => {
  let site: SweepSite;
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });

  /** Sweeps the seed daily for 31 days, checking each day's mails and calls; returns the call totals. */
  async function month(opts: { secondTier?: SecondTier; contacts?: boolean } = {}) {
    const seedToday = await site.resetSeedToday();
    if (opts.contacts) {
      const tier = opts.secondTier ? [opts.secondTier.accountId] : [];
      const settings = {
        ...DEFAULT_SETTINGS,
        escalation: { repeatDays: 7, secondTierAfterDays: opts.secondTier?.after ?? 14 },
        escalationContacts: {
          PAY: { managers: [MARCUS], secondTier: tier },
          PLAT: { managers: [GRACE], secondTier: tier },
          INC: { managers: [GRACE], secondTier: tier }, // late postmortems (INC-1, INC-2, INC-4)
        },
      };
      site.running.site.runtime.kvs.handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value: settings }));
    }
    // Without contacts of its own, the month runs on the demo seed's settings: Priya is every project's second tier.
    // Late postmortems (INC-1, INC-2, INC-4, tracked from resolution) are escalated to INC's contacts like action items.
    const expect_ = new Expectations(seedToday, opts.contacts ? opts.secondTier : DEMO_SECOND_TIER);
    let seq = 0;
    let totals = { pages: 0, notify: 0, leads: 0, reach: 0, other: 0, mails: 0 };

    for (let d = 0; d <= 30; d++) {
      const today = addDays(seedToday, d);
      await site.setClock(`${today}T09:00:00.000Z`);
      const before = (await site.outbox()).length;
      const res = await site.sweep();
      expect(res.status).toBe(200);
      const sent = (await site.outbox()).slice(before);
      const expected = expect_.day(today);
      expect({ day: d, mails: sent.map(comparable).sort(byKey) }).toEqual({ day: d, mails: expected.sort(byKey) });
      for (const m of sent) expect(m.htmlBody).toContain('<');

      const calls = await site.requests(seq);
      seq = calls.at(-1)?.seq ?? seq;
      const product = calls.filter((c) => c.target === 'jira' || c.target === 'confluence');
      const pages = product.filter((c) => c.path.startsWith('/rest/api/3/search/jql')).length;
      const notify = product.filter((c) => /\/notify$/.test(c.path)).length;
      const leads = product.filter((c) => c.path.startsWith('/rest/api/3/project/search')).length;
      // Mail reach (docs/platform.md, Jira): one check per reader and issue a mail goes through or names.
      const reach = product.filter((c) => c.path.startsWith('/rest/api/3/user/viewissue/search')).length;
      const pairs = new Set(
        sent.flatMap((m) => m.to.flatMap((r) => [`${r} ${m.issueKey}`, ...(m.issueKey.startsWith('INC-') ? [] : [`${r} INC-3`])])),
      );
      expect({ day: d, reach }).toEqual({ day: d, reach: pairs.size });
      expect(product.every((c) => c.actor === 'app')).toBe(true);
      expect(pages).toBe(1);
      expect(notify).toBe(sent.length);
      // A lead is looked up only on a day an escalation to a lead is due (none with contacts configured), once for all projects.
      expect(leads).toBe(!opts.contacts && expected.some((m) => m.now) ? 1 : 0);
      totals = {
        pages: totals.pages + pages,
        notify: totals.notify + notify,
        leads: totals.leads + leads,
        reach: totals.reach + reach,
        other: totals.other + product.length - pages - notify - leads - reach,
        mails: totals.mails + sent.length,
      };
    }
    expect(totals.other).toBe(0);
    const minimum = totals.pages + totals.mails + totals.reach;
    const actual = totals.pages + totals.notify + totals.leads + totals.reach;
    console.log(
      `demo month${opts.contacts ? ' (escalation contacts configured)' : ''}: ${totals.mails} mails in 31 sweeps; product calls ${actual} vs minimum ${minimum} (search pages ${totals.pages} + mails ${totals.mails} + reach checks ${totals.reach}); lead look-ups ${totals.leads}${opts.contacts ? '' : ' (the demo’s settings: no managers, so project leads are the managers; Priya is the second tier)'}`,
    );
    expect(totals.notify).toBe(totals.mails);

    return { seedToday, totals };
  }

  test('sends exactly the mails that are due, each once, with product calls at the minimum plus lead look-ups', async () => {
    const { seedToday } = await month();
    // The last 30 runs are kept, newest first, each completed with its counters.
    const store = site.running.site.runtime.kvs;
    const index = JSON.parse(store.handle('/api/v1/get', JSON.stringify({ key: 'sweep-runs:index' })).body) as { value: string[] };
    expect(index.value).toHaveLength(30);
    const newest = JSON.parse(store.handle('/api/v1/get', JSON.stringify({ key: `sweep-run:${index.value[0]}` })).body) as {
      value: Record<string, unknown>;
    };
    expect(newest.value).toMatchObject({ status: 'completed', today: addDays(seedToday, 30), failures: 0, itemsScanned: 6 });
  });

  test('with escalation contacts (and a second tier) configured: the second tier joins at 14 days, and product calls are exactly the minimum', async () => {
    const { totals } = await month({ contacts: true, secondTier: { accountId: U(1), after: 14 } });
    expect(totals.leads).toBe(0);
    expect(totals.pages + totals.notify).toBe(totals.pages + totals.mails);
  });
});
