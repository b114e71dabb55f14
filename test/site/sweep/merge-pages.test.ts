/**
 * The merge phase in pages (docs/decisions/0018-sweep-merge-in-pages.md): an incident whose overdue
 * items span many chunks is escalated by a chain of merge invocations, each bounded by its storage
 * units (`budgets.mergeUnits`, made small here so one incident takes many), each next one delayed
 * by the units the one before used. Its managers still get one mail each, listing
 * MAX_LISTED_LINES lines and counting every overdue item; the marks of every item are recorded
 * (a second sweep sends nothing); no storage call is refused. Under the latency profile, with the
 * storage quotas on, as on Forge.
 */
import { DEMO, seedActionItems, type LocalProducts } from '../../../local/products';
import { REALISTIC_LATENCY } from '../../../local/runtime/latency';
import { storagePeaks } from '../../../local/runtime/quota-use';
import type { LoggedRequest } from '../../../local/runtime/request-log';
import type { OutboxEntry } from '../../../local/site-api';
import { MAX_LISTED_LINES } from '../../../src/domain/sweep/messages';
import { setSweepBudgetsForTests } from '../../../src/triggers/sweep';
import { MERGE_UNITS_PER_MINUTE } from '../../../src/triggers/sweep/events';
import { recordStorageCalls, startSweepSite, type SweepSite } from './support/site';

const users = DEMO.users;
const ITEMS = 900;
const MERGE_UNITS = 15;
const isEscalation = (m: OutboxEntry) => /^(Second-tier escalation|Escalation) for /.test(m.subject);
const listedItems = (m: OutboxEntry) =>
  [...m.textBody.matchAll(/^\s*-?\s*([A-Z][A-Z0-9]+-\d+)\b/gm)].map((x) => x[1] ?? '').filter((k) => k !== m.issueKey);
const unitsOf = (c: LoggedRequest) =>
  /\/(get|query)$/.test(c.path)
    ? Math.max(1, Math.ceil((c.responseBytes ?? 0) / 10_240))
    : Math.max(1, Math.ceil((c.requestBytes ?? 0) / 10_240));

describe('an incident with many overdue items across chunks, merged in pages', () => {
  let site: SweepSite;
  beforeAll(async () => {
    site = await startSweepSite(undefined, { latency: REALISTIC_LATENCY });
  });
  afterAll(async () => {
    await site.stop();
  });

  test('one mail per reader counting every item; each merge invocation bounded and paced by its units; nothing twice', async () => {
    const today = await site.resetSeedToday();
    await site.setClock(`${today}T09:00:00.000Z`);
    const db = (site.running.site.products as LocalProducts).db;
    seedActionItems(db, {
      projectKey: 'PAY',
      incidentKey: 'INC-3',
      count: ITEMS,
      assignees: [users.sofia.accountId, users.liam.accountId],
      reporter: users.marcus.accountId,
      now: site.running.site.clock.now(),
      spreadDays: 40,
    });
    const overdue = [...db.issues()].filter(
      (i) =>
        i.key.startsWith('PAY-') &&
        (i.properties['postmortem-action'] as { incidentKey?: string } | undefined)?.incidentKey === 'INC-3' &&
        i.duedate !== null &&
        i.duedate < today,
    );
    expect(overdue.length).toBeGreaterThan(MAX_LISTED_LINES + 100);

    const runtime = site.running.site.runtime;
    const { calls: storage, stop: stopRecording } = recordStorageCalls(site);
    // When the run's merge phase was claimed (the last chunk's `sweep-run:<id>:merge`), in platform time.
    let mergeClaimedAt = 0;
    const answer = runtime.kvs.answer.bind(runtime.kvs);
    runtime.kvs.answer = (path, body, nowMs) => {
      if (path.endsWith('/set') && body && /"key":"sweep-run:[^"]+:merge"/.test(body)) mergeClaimedAt = nowMs ?? 0;
      return answer(path, body, nowMs);
    };
    const invocationsBefore = runtime.invocations.length;
    const before = (await site.outbox()).length;
    const restore = setSweepBudgetsForTests({ mergeUnits: MERGE_UNITS });
    try {
      expect((await site.sweep()).status).toBe(200);
    } finally {
      restore();
      stopRecording();
      runtime.kvs.answer = answer;
    }
    const mails = (await site.outbox()).slice(before);

    // One escalation mail per incident and reader; INC-3's lists MAX_LISTED_LINES and counts the rest.
    const perPair = new Map<string, number>();
    for (const m of mails.filter(isEscalation))
      for (const to of m.to) perPair.set(`${m.issueKey} ${to}`, (perPair.get(`${m.issueKey} ${to}`) ?? 0) + 1);
    expect([...perPair.entries()].filter(([, n]) => n > 1)).toEqual([]);
    const inc3 = mails.filter((m) => isEscalation(m) && m.issueKey === 'INC-3' && listedItems(m).some((k) => k.startsWith('PAY-')));
    expect(inc3.length).toBeGreaterThan(0);
    for (const m of inc3) {
      expect(listedItems(m)).toHaveLength(MAX_LISTED_LINES);
      const more = Number(/…and (\d+) more overdue lines? not listed here/.exec(m.textBody)?.[1]);
      const counted = Number(/(\d+) action items are overdue/.exec(m.subject)?.[1]);
      // The managers hear of every overdue item; second-tier contacts of those past their threshold.
      if (m.subject.startsWith('Escalation for')) expect(counted).toBe(overdue.length);
      else expect(counted).toBeLessThan(overdue.length);
      expect(MAX_LISTED_LINES + more).toBe(counted);
    }
    expect(inc3.filter((m) => m.subject.startsWith('Escalation for')).length).toBeGreaterThan(0);

    // The merge ran as a chain of invocations, each bounded by its units (plus the one value it
    // was reading or writing when it went over), each next one started no earlier than its pace.
    // The merge phase's invocations: every consumer started after the last chunk claimed the phase.
    expect(mergeClaimedAt).toBeGreaterThan(0);
    const merges = runtime.invocations
      .slice(invocationsBefore)
      .filter((i) => i.functionKey === 'sweep-consumer' && Date.parse(i.platformStart) > mergeClaimedAt)
      .sort((a, b) => Date.parse(a.platformStart) - Date.parse(b.platformStart));
    expect(merges.length).toBeGreaterThan(5);
    const unitsBy = new Map<string, number>();
    for (const c of storage) unitsBy.set(c.invocationId, (unitsBy.get(c.invocationId) ?? 0) + unitsOf(c));
    const largestValueUnits = Math.max(...storage.map(unitsOf));
    for (const [n, inv] of merges.entries()) {
      // Its budget, the calls of any invocation (lease, settings, state, push: 12 at most), and the
      // one part it was at: the part, and a read and a write of each of its records (≤ 100 items:
      // 5 buckets at most and the incident's record).
      expect(unitsBy.get(inv.id) ?? 0).toBeLessThanOrEqual(MERGE_UNITS + 12 + (1 + 2 * 6) * largestValueUnits);
      const next = merges[n + 1];
      if (next) {
        const paced = ((unitsBy.get(inv.id) ?? 0) - 12) * (60_000 / MERGE_UNITS_PER_MINUTE);
        expect(Date.parse(next.platformStart) - Date.parse(inv.platformStart)).toBeGreaterThanOrEqual(paced);
      }
    }
    const peaks = storagePeaks(storage);
    expect(peaks.refused).toBe(0);
    expect(runtime.invocations.slice(invocationsBefore).filter((i) => i.outcome !== 'ok')).toEqual([]);
    const [runId] = site.stored('sweep-runs:index') as string[];
    expect(site.stored(`sweep-run:${runId}`)).toMatchObject({
      status: 'completed',
      failures: 0,
      escalations: mails.filter(isEscalation).length,
    });
    expect(site.stored('sweep:lease')).toBeUndefined();

    // Every item's escalation mark was recorded: the same day's second sweep sends nothing.
    site.running.site.runtime.kvs.handle('/api/v1/delete', JSON.stringify({ key: 'sweep-runs:index' }));
    await site.setClock(`${today}T10:00:00.000Z`);
    const again = (await site.outbox()).length;
    expect((await site.sweep()).status).toBe(200);
    expect((await site.outbox()).slice(again)).toEqual([]);
  }, 300_000);
});
