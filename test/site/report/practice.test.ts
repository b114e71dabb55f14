/**
 * The report's learning calls through the local site with the demo seed (local/products/SEED.md,
 * "A year of practice"): the practice figures per team and month as each viewer may see them, in
 * the CSV too, and product calls that stay the same at 1,000 and 11,000 action items; the reviewed
 * postmortems by contributing factor.
 */
import type { RunningSite } from '../../../local/main';
import { DEMO, seedActionItems, type LocalProducts } from '../../../local/products';
import type { FactorLibrary, Practice, PracticeMonth } from '../../../src/contracts/report-learning';
import { FACTOR_SCAN_LIMIT } from '../../../src/usecases/report/get-factors';
import { ITEM_PAGES_PER_MONTH } from '../../../src/usecases/report/get-practice';
import { sealedAsTheDemoApp } from '../../support/demo-seal';
import { siteRequest } from '../../support/site-http';
import { invokeReport, reportData, startReportSite } from '../../support/report-site';

jest.setTimeout(240_000);

const U = DEMO.users;
let site: RunningSite;
let products: LocalProducts;

type Env<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

const invoke = <T>(accountId: string, resolver: string, payload: unknown) => invokeReport<T>(site.url, accountId, resolver, payload);
const ok = <T>(accountId: string, resolver: string, payload: unknown) => reportData<T>(site.url, accountId, resolver, payload);
async function panel(accountId: string, method: string, issueKey: string, payload: unknown): Promise<Env<unknown>> {
  const issue = products.db.issueByKey(issueKey)!;
  const project = products.db.project(issue.projectId)!;
  const res = await fetch(`${site.url}/__site/invoke/panel-resolver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      accountId,
      resolver: `panel.${method}`,
      payload,
      context: {
        extension: {
          type: 'jira:issuePanel',
          issue: { key: issueKey, id: issue.id, type: 'Task' },
          project: { key: project.key, id: project.id },
        },
      },
    }),
  });
  return ((await res.json()) as { result: Env<unknown> }).result;
}
const practice = (who: string, projectKeys: string[] = []) => ok<Practice>(who, 'report.getPractice', { projectKeys });
const lastSeq = async () => ((await (await fetch(`${site.url}/__site/requests`)).json()) as Array<{ seq: number }>).at(-1)?.seq ?? 0;
const requestsSince = async (seq: number) =>
  (await (await fetch(`${site.url}/__site/requests?since=${seq}`)).json()) as Array<{ seq: number; path: string }>;

/** `YYYY-MM` of the day `days` before `today` (UTC, the demo's time zone). */
function monthBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 7);
}
const monthOf = (p: Practice, project: string, month: string): PracticeMonth => {
  const m = p.teams.find((t) => t.projectKey === project)?.months.find((x) => x.month === month);
  if (!m) throw new Error(`no ${project} ${month} in ${JSON.stringify(p.teams.map((t) => t.projectKey))}`);
  return m;
};

beforeAll(async () => {
  ({ site, products } = await startReportSite('practice-site-'));
});
afterAll(async () => {
  await site?.stop();
});

describe('practice figures on the demo seed', () => {
  test('per team and month: days to review and reviewed, on time, items done by their due date, as of a time', async () => {
    const p = await practice(U.priya.accountId);
    expect(p.months).toHaveLength(12);
    expect(p.months.at(-1)).toBe(p.today.slice(0, 7));
    expect(Date.parse(p.asOf)).not.toBeNaN();
    expect(p.teams.map((t) => t.projectKey)).toEqual(expect.arrayContaining(['INC', 'MOB', 'PAY']));
    expect(p.teams.find((t) => t.projectKey === 'INC')).toMatchObject({ projectName: 'Incidents', manager: 'Grace Okafor' });
    expect(p.teams.find((t) => t.projectKey === 'MOB')).toMatchObject({ manager: 'Daniel Kim' });

    // INC-6 (resolved today−200): sent 4 days later, on time; reviewed 9 days later
    expect(monthOf(p, 'INC', monthBefore(p.today, 200))).toMatchObject({
      incidents: 1,
      medianDaysToReview: 4,
      medianDaysToReviewed: 9,
      onTime: 1,
      onTimeOf: 1,
      onTimeShare: 1,
    });
    // INC-7 (today−150): sent 10 days later, 3 days past its due date
    expect(monthOf(p, 'INC', monthBefore(p.today, 150))).toMatchObject({
      medianDaysToReview: 10,
      medianDaysToReviewed: 16,
      onTimeShare: 0,
    });
    // MOB-4 (due today−155, done 13 days late) and MOB-6 (due today−115, 12 days late); MOB-3, MOB-5, MOB-7 on time
    const due = [
      { d: 170, late: null },
      { d: 155, late: 13 },
      { d: 122, late: null },
      { d: 115, late: 12 },
      { d: 96, late: null },
    ];
    for (const m of new Set(due.map((x) => monthBefore(p.today, x.d)))) {
      const inMonth = due.filter((x) => monthBefore(p.today, x.d) === m);
      const late = inMonth.filter((x) => x.late !== null).map((x) => x.late!);
      expect(monthOf(p, 'MOB', m)).toMatchObject({
        itemsDue: inMonth.length,
        doneByDue: inMonth.length - late.length,
        doneByDueShare: (inMonth.length - late.length) / inMonth.length,
        ...(late.length === 1 ? { medianDaysOverdue: late[0] } : {}),
      });
    }
    // today's items: PAY-3 and PAY-4 are overdue and open (PAY-1 is not due yet)
    const payNow = p.teams.find((t) => t.projectKey === 'PAY')!.months.reduce((n, m) => n + m.itemsDue, 0);
    expect(payNow).toBe(2);
    expect(p.sampled).toEqual([]);

    // the CSV holds every team's months, quoted
    const lines = p.csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^"Project","Project name","Manager","Month","Incidents resolved"/);
    expect(lines).toHaveLength(1 + 12 * p.teams.length);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^"INC","Incidents","Grace Okafor","${monthBefore(p.today, 200)}",1,4,9,100,"1 of 1"`)),
    );
  });

  test('only projects the viewer may browse: Noah sees Mobile’s figures and nothing of INC or PAY; a hidden project is refused', async () => {
    const p = await practice(U.noah.accountId);
    expect(p.teams.map((t) => t.projectKey)).toEqual(['MOB']);
    expect(p.csv).not.toMatch(/"INC"|"PAY"/);
    const hidden = await invoke<Practice>(U.noah.accountId, 'report.getPractice', { projectKeys: ['PAY'] });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const pay = await practice(U.marcus.accountId, ['PAY']);
    expect(pay.teams.map((t) => t.projectKey)).toEqual(['PAY']);
  });
});

describe('waived items', () => {
  test('an item closed as Won’t do with its manager’s approval counts as waived and leaves the share done by the due date', async () => {
    const before = await practice(U.marcus.accountId, ['PAY']);
    const month = monthBefore(before.today, 3); // PAY-3 fell due 3 days ago
    expect(monthOf(before, 'PAY', month)).toMatchObject({ waived: 0 });
    expect(await panel(U.sofia.accountId, 'requestWaiver', 'PAY-3', { reason: 'Replaced by the new load-test pipeline.' })).toMatchObject({
      ok: true,
    });
    expect(await panel(U.marcus.accountId, 'decideWaiver', 'PAY-3', { decision: 'approve' })).toMatchObject({ ok: true });
    products.db.searchIndexCaughtUp();
    const after = await practice(U.marcus.accountId, ['PAY']);
    const m = monthOf(after, 'PAY', month);
    expect(m.waived).toBe(1);
    expect(m.itemsDue).toBe(monthOf(before, 'PAY', month).itemsDue);
    // out of the share: its month's share is over the items left (none done by its due date)
    expect(m.doneByDueShare).toBe(m.itemsDue - 1 > 0 ? 0 : null);
  });
});

describe('contributing factors', () => {
  test('the taxonomy with counts of reviewed postmortems, and the postmortems of one factor confirmed by their pages', async () => {
    const lib = await ok<FactorLibrary>(U.priya.accountId, 'report.getFactors', { factor: 'Capacity' });
    expect(lib.factors).toEqual([
      { factor: 'change', count: 1 },
      { factor: 'capacity', count: 2 },
      { factor: 'dependency', count: 1 },
      { factor: 'detection', count: 1 },
      { factor: 'process', count: 1 },
    ]);
    // Counted from every tagged record (the bound is far off), each sealed, as of when Jira answered.
    expect(lib.countsComplete).toBe(true);
    expect(lib.countsRead).toBe(3); // INC-6, INC-7 and INC-8
    expect(Date.parse(lib.asOf)).not.toBeNaN();
    expect(lib.factor).toBe('capacity');
    expect(lib.postmortems.map((x) => x.incidentKey)).toEqual(['INC-7', 'INC-6']); // newest review first
    expect(lib.postmortems[0]).toMatchObject({
      incidentSummary: 'Card refunds delayed by a stuck settlement queue',
      pageTitle: 'Postmortem: INC-7 Card refunds delayed by a stuck settlement queue',
      pageUrl: expect.stringMatching(/^https?:\/\/.+\/wiki\//),
      factors: ['dependency', 'capacity'],
    });
    // Noah may not browse INC: no count, no postmortem
    const noah = await ok<FactorLibrary>(U.noah.accountId, 'report.getFactors', { factor: 'capacity' });
    expect(noah.factors.every((f) => f.count === 0)).toBe(true);
    expect(noah.postmortems).toEqual([]);
  });

  test('a factor rewritten on the incident alone counts nowhere and lists nothing: the seal covers the factors', async () => {
    const inc8 = products.db.issueByKey('INC-8')!;
    const prop = inc8.properties.postmortem as Record<string, unknown>;
    products.db.putIssue({
      ...inc8,
      properties: { ...inc8.properties, postmortem: { ...prop, factors: ['change', 'process', 'capacity'] } },
    });
    products.db.searchIndexCaughtUp();
    const lib = await ok<FactorLibrary>(U.priya.accountId, 'report.getFactors', { factor: 'capacity' });
    // Jira finds it under capacity, but its seal does not cover the factors now: it counts under none
    expect(lib.countsRead).toBe(3);
    expect(lib.factors).toEqual([
      { factor: 'change', count: 0 },
      { factor: 'capacity', count: 2 },
      { factor: 'dependency', count: 1 },
      { factor: 'detection', count: 1 },
      { factor: 'process', count: 0 },
    ]);
    expect(lib.postmortems.map((x) => x.incidentKey)).toEqual(['INC-7', 'INC-6']);
    products.db.putIssue(inc8);
    products.db.searchIndexCaughtUp();
  });
});

describe('a postmortem record written by hand on the incident (docs/decisions/0017-postmortem-record-sealed.md)', () => {
  test('a forged "reviewed" record does not count: INC-1 stays a late postmortem with no page; the app’s sealed record counts', async () => {
    const inc1 = products.db.issueByKey('INC-1')!;
    const before = await practice(U.priya.accountId, ['INC']);
    const resolved = inc1.resolutiondate!.slice(0, 10);
    const month = resolved.slice(0, 7);
    // INC-1 (resolved today−75, tracked from the install day) has no postmortem: late, not on time
    const baseline = monthOf(before, 'INC', month);
    expect(baseline.onTimeOf - baseline.onTime).toBeGreaterThanOrEqual(1);

    const dayAfter = (days: number) => new Date(Date.parse(inc1.resolutiondate!) + days * 86_400_000).toISOString();
    const record = {
      pageId: '999999',
      pageTitle: 'Postmortem for INC-1',
      pageUrl: `${site.url}/wiki/spaces/PM/pages/999999`,
      status: 'reviewed' as const,
      dueDate: dayAfter(30).slice(0, 10),
      ownerAccountId: U.tom.accountId,
      incidentDate: resolved,
      requestedReviewAt: dayAfter(1),
      reviewedAt: dayAfter(2),
    };
    // Tom, INC-1's assignee, may edit it and so write its property: a review on time, with a seal made up
    const put = await siteRequest(
      site.url,
      'PUT',
      '/rest/api/3/issue/INC-1/properties/postmortem',
      { ...record, seal: 'x'.repeat(43) },
      U.tom.accountId,
    );
    expect(put.status).toBeLessThan(300);
    expect((products.db.issueByKey('INC-1')!.properties.postmortem as { status: string }).status).toBe('reviewed');
    products.db.searchIndexCaughtUp();
    const forged = monthOf(await practice(U.priya.accountId, ['INC']), 'INC', month);
    expect(forged).toEqual(baseline);

    // The same record as the app writes it, sealed: believed (sent a day after resolution, on time)
    products.db.putIssue({
      ...products.db.issueByKey('INC-1')!,
      properties: { ...inc1.properties, postmortem: sealedAsTheDemoApp(inc1.id, record) },
    });
    products.db.searchIndexCaughtUp();
    const genuine = monthOf(await practice(U.priya.accountId, ['INC']), 'INC', month);
    expect(genuine.onTime).toBe(baseline.onTime + 1);
    expect(genuine.onTimeOf).toBe(baseline.onTimeOf);
    expect(genuine.medianDaysToReview).not.toBeNull();

    products.db.putIssue(inc1);
    products.db.searchIndexCaughtUp();
  });

  test('forged factors on a postmortem not reviewed: neither counted nor listed; the sealed reviewed ones are', async () => {
    const inc3 = products.db.issueByKey('INC-3')!;
    const genuine = inc3.properties.postmortem as Record<string, unknown> & { pageId: string };
    const reviewedAt = new Date().toISOString();
    // Someone who may edit INC-3 and its page (Sofia, its assignee) writes both as reviewed and tagged
    const rest = (method: string, p: string, body?: unknown) => siteRequest(site.url, method, p, body, U.sofia.accountId);
    const props = (await rest('GET', `/wiki/api/v2/pages/${genuine.pageId}/properties?key=postmortem`)).json as {
      results: Array<{ id: string; value: Record<string, unknown>; version: { number: number } }>;
    };
    const onPage = props.results[0]!;
    const pagePut = await rest('PUT', `/wiki/api/v2/pages/${genuine.pageId}/properties/${onPage.id}`, {
      key: 'postmortem',
      value: {
        ...onPage.value,
        status: 'reviewed',
        review: { reviewedBy: U.sofia.accountId, reviewedAt },
        reviewRequest: { requestedBy: U.sofia.accountId, findings: [], findingsTotal: 0 },
        factors: ['capacity'],
      },
      version: { number: onPage.version.number + 1 },
    });
    expect(pagePut.status).toBeLessThan(300);
    const put = await rest('PUT', '/rest/api/3/issue/INC-3/properties/postmortem', {
      ...genuine,
      status: 'reviewed',
      reviewedAt,
      factors: ['capacity'],
    });
    expect(put.status).toBeLessThan(300);
    products.db.searchIndexCaughtUp();

    const lib = await ok<FactorLibrary>(U.priya.accountId, 'report.getFactors', { factor: 'capacity' });
    expect(lib.countsRead).toBe(4); // Jira finds it with the others
    expect(lib.factors.find((f) => f.factor === 'capacity')?.count).toBe(2); // the seal does not verify: not counted
    expect(lib.postmortems.map((x) => x.incidentKey)).toEqual(['INC-7', 'INC-6']); // nor listed

    // restore the page's record and the incident's
    const now = (await rest('GET', `/wiki/api/v2/pages/${genuine.pageId}/properties?key=postmortem`)).json as typeof props;
    await rest('PUT', `/wiki/api/v2/pages/${genuine.pageId}/properties/${onPage.id}`, {
      key: 'postmortem',
      value: onPage.value,
      version: { number: now.results[0]!.version.number + 1 },
    });
    products.db.putIssue(inc3);
    products.db.searchIndexCaughtUp();
  });
});

describe('scale: the practice figures cost the same calls at 1,000 and 11,000 action items', () => {
  const seedMob = (count: number) =>
    seedActionItems(products.db, {
      projectKey: 'MOB',
      incidentKey: 'INC-4',
      count,
      assignees: [U.elena.accountId, null],
      reporter: U.daniel.accountId,
      now: new Date(),
    });
  const measured = async () => {
    const before = await lastSeq();
    const p = await practice(U.daniel.accountId);
    const calls = (await lastSeq()) - before;
    return { p, calls };
  };

  test('bounded by months, not items; busy months say their item figures are from the first ones read', async () => {
    seedMob(1_000);
    products.db.searchIndexCaughtUp();
    const small = await measured();
    seedMob(10_000);
    products.db.searchIndexCaughtUp();
    const large = await measured();
    // A month with at most 100 items due at the smaller size reads one page, at the larger two
    // (the seed spreads due dates around today, so the current month's share depends on the date):
    // at most one more page per month of the window, never one per 100 items.
    const monthSlack = 13 * (ITEM_PAGES_PER_MONTH - 1);
    expect(large.calls).toBeGreaterThanOrEqual(small.calls);
    expect(large.calls).toBeLessThanOrEqual(small.calls + monthSlack);
    expect(large.p.productCalls).toBeLessThanOrEqual(small.p.productCalls + monthSlack);
    expect(large.p.sampled.length).toBeGreaterThan(0);
    for (const s of large.p.sampled) expect(s.read).toBeLessThan(s.total);
    // the calls, written down for the README (Performance)
    console.log(`practice figures: ${small.calls} calls at 1,000 items, ${large.calls} at 11,000 (productCalls ${large.p.productCalls})`);
  });
});

describe('the count per factor at scale: bounded, and saying so', () => {
  test('with more tagged records than the read takes in, each count says "at least" and the call stays bounded; a project filter counts all', async () => {
    // 1,010 genuine (sealed) reviewed records tagged "capacity", on PLAT tasks (outside the incident filter: the practice figures ignore them)
    const inc6 = products.db.issueByKey('INC-6')!;
    const record = inc6.properties.postmortem as Record<string, unknown>;
    const plat = products.db.projectByKey('PLAT')!;
    let counter = plat.issueCounter;
    products.db.batch(() => {
      for (let k = 0; k < FACTOR_SCAN_LIMIT + 10; k++) {
        counter += 1;
        const id = products.db.nextId('issue');
        products.db.putIssue({
          ...structuredClone(inc6),
          id,
          key: `PLAT-${counter}`,
          projectId: plat.id,
          issueTypeId: products.db.issueByKey('PLAT-1')?.issueTypeId ?? inc6.issueTypeId,
          properties: { postmortem: sealedAsTheDemoApp(id, { ...record, factors: ['capacity'] } as never) },
        });
      }
      products.db.putProject({ ...products.db.projectByKey('PLAT')!, issueCounter: counter });
    });
    products.db.searchIndexCaughtUp();

    const before = await lastSeq();
    const lib = await ok<FactorLibrary>(U.priya.accountId, 'report.getFactors', {});
    const searches = (await requestsSince(before)).filter((c) => c.path.startsWith('/rest/api/3/search/jql'));
    expect(searches).toHaveLength(FACTOR_SCAN_LIMIT / 100); // ten pages of 100, then it stops
    expect(lib.countsComplete).toBe(false);
    expect(lib.countsRead).toBe(FACTOR_SCAN_LIMIT);
    expect(lib.factors.find((f) => f.factor === 'capacity')?.count).toBe(FACTOR_SCAN_LIMIT);

    const inc = await ok<FactorLibrary>(U.priya.accountId, 'report.getFactors', { projectKeys: ['INC'] });
    expect(inc.countsComplete).toBe(true);
    expect(inc.factors.find((f) => f.factor === 'capacity')?.count).toBe(2);
  });
});
