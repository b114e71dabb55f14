/**
 * One escalation mail per incident per manager per sweep, even when an incident's items are cut
 * into several chunks (docs/decisions/0012-sweep-within-storage-quotas.md, the merge phase): INC-1
 * gets action items, then INC-2 more than the fan-out's buffer (FLUSH_SUBJECTS), then INC-1 again,
 * so INC-1's items are not contiguous in the search and land in different chunks. Every reader of
 * an escalation gets one mail per incident, listing the overdue items of every chunk; the run
 * counts what went out and a second sweep sends nothing. Once with the ordinary budgets, once with
 * the smallest the code lets tests set (one search page per scan segment, one mail per invocation).
 * Storage quotas are on, as on Forge.
 */
import { DEMO, seedActionItems, type LocalProducts } from '../../../local/products';
import type { OutboxEntry } from '../../../local/site-api';
import { MAX_LISTED_LINES } from '../../../src/domain/sweep/messages';
import { setSweepBudgetsForTests } from '../../../src/triggers/sweep';
import { FLUSH_SUBJECTS } from '../../../src/triggers/sweep/events';
import { startSweepSite, type SweepSite } from './support/site';

const users = DEMO.users;
const isEscalation = (m: OutboxEntry) => /^(Second-tier escalation|Escalation) for /.test(m.subject);
/** The action items an escalation mail lists (one line per item, starting with its key). */
const listedItems = (m: OutboxEntry) =>
  [...m.textBody.matchAll(/^\s*-?\s*([A-Z][A-Z0-9]+-\d+)\b/gm)].map((x) => x[1] ?? '').filter((k) => k !== m.issueKey);

interface Run {
  runId: string;
  status: string;
  escalations: number;
  failures: number;
  itemsScanned: number;
}

describe('the sweep’s merge phase', () => {
  let site: SweepSite;
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });

  const latestRun = () => site.stored(`sweep-run:${(site.stored('sweep-runs:index') as string[])[0]}`) as Run;

  /** The demo seed plus INC-1's items on both sides of more INC-2 items than a buffer holds; INC-1's overdue PAY items. */
  async function reset(): Promise<{ today: string; inc1Overdue: string[] }> {
    const today = await site.resetSeedToday();
    await site.setClock(`${today}T09:00:00.000Z`);
    const db = (site.running.site.products as LocalProducts).db;
    const now = site.running.site.clock.now();
    const seed = (incidentKey: string, count: number) =>
      seedActionItems(db, {
        projectKey: 'PAY',
        incidentKey,
        count,
        assignees: [users.sofia.accountId, users.liam.accountId],
        reporter: users.marcus.accountId,
        now,
        spreadDays: 20,
      });
    seed('INC-1', 30);
    seed('INC-2', 2 * FLUSH_SUBJECTS);
    seed('INC-1', 30);
    const inc1Overdue = [...db.issues()]
      .filter(
        (i) =>
          i.key.startsWith('PAY-') &&
          (i.properties['postmortem-action'] as { incidentKey?: string } | undefined)?.incidentKey === 'INC-1' &&
          i.duedate !== null &&
          i.duedate < today,
      )
      .map((i) => i.key);
    return { today, inc1Overdue };
  }

  async function sweepOnce(): Promise<OutboxEntry[]> {
    const before = (await site.outbox()).length;
    expect((await site.sweep()).status).toBe(200);
    return (await site.outbox()).slice(before);
  }

  function expectOneMailPerIncidentAndReader(mails: OutboxEntry[], inc1Overdue: string[]): void {
    const escalations = mails.filter(isEscalation);
    const perPair = new Map<string, number>();
    for (const m of escalations) for (const to of m.to) perPair.set(`${m.issueKey} ${to}`, (perPair.get(`${m.issueKey} ${to}`) ?? 0) + 1);
    expect([...perPair.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // INC-1's mails to PAY's managers list its overdue PAY items from both sides of INC-2's: the
    // chunks' parts merged (INC-1's demo items of other projects go to their own managers).
    const payLines = (m: OutboxEntry) => listedItems(m).filter((k) => k.startsWith('PAY-'));
    const inc1 = escalations.filter((m) => m.issueKey === 'INC-1' && m.subject.startsWith('Escalation') && payLines(m).length > 0);
    expect(inc1.length).toBeGreaterThan(0);
    expect(inc1Overdue.length).toBeGreaterThanOrEqual(30);
    for (const m of inc1) expect(payLines(m).sort()).toEqual([...inc1Overdue].sort());
    // INC-2 has more overdue items than one mail lists: the rest are counted, not dropped.
    const inc2 = escalations.find((m) => m.issueKey === 'INC-2' && m.subject.startsWith('Escalation') && payLines(m).length > 0);
    expect(inc2 && listedItems(inc2).length).toBe(MAX_LISTED_LINES);
    expect(inc2?.textBody).toMatch(/…and \d+ more overdue lines? not listed here/);
  }

  test('an incident whose items span chunks: one escalation mail per reader, listing all of them; nothing twice', async () => {
    const { today, inc1Overdue } = await reset();
    const mails = await sweepOnce();
    expectOneMailPerIncidentAndReader(mails, inc1Overdue);
    const run = latestRun();
    expect(run).toMatchObject({ status: 'completed', failures: 0, escalations: mails.filter(isEscalation).length });
    expect(site.stored('sweep:lease')).toBeUndefined();

    // A second sweep the same day: the hourly trigger starts one only when the day has no completed
    // run, so the run history is lost first (as when its write failed) and only the ledger stands
    // between the day's mails and a second copy.
    site.running.site.runtime.kvs.handle('/api/v1/delete', JSON.stringify({ key: 'sweep-runs:index' }));
    await site.setClock(`${today}T10:00:00.000Z`);
    expect(await sweepOnce()).toEqual([]);
    expect(latestRun()).toMatchObject({ status: 'completed', failures: 0 });
  }, 120_000);

  test('the same with one search page per scan segment and one mail per invocation', async () => {
    const { inc1Overdue } = await reset();
    const restore = setSweepBudgetsForTests({ triggerMs: 0, consumerMs: 0 });
    try {
      const mails = await sweepOnce();
      expectOneMailPerIncidentAndReader(mails, inc1Overdue);
      expect(latestRun()).toMatchObject({ status: 'completed', failures: 0, escalations: mails.filter(isEscalation).length });
      expect(site.stored('sweep:lease')).toBeUndefined();
    } finally {
      restore();
    }
  }, 180_000);
});
