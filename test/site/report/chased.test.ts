/**
 * The report shows everything the process chases (local site, demo seed, read as the viewer):
 * incidents tracked from resolution that are late without a page (INC-1, INC-2) under "Late
 * postmortems"; an action item resolved Won't Do without a proved approval counted as open, also
 * when its assignee writes the approval into its property; waived items (approved Won't Do) with
 * their reason and approver; an item's reason for a due date later than policy; and, in the review
 * queue, each postmortem's open findings and its author's reason to go on. On screen and in CSV.
 */
import type { CsvExport, ReportOverview, SectionPage } from '../../../src/contracts/report';
import { PostmortemSite, U } from '../postmortem/support';

jest.setTimeout(180_000);

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

type Env<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function reportCall<T>(as: string, resolver: string, payload: unknown): Promise<T> {
  const r = await site.post('/__site/invoke/report-resolver', { accountId: as, resolver, payload, moduleKey: 'postmortem-report' });
  const env = (r.json as { result: Env<T> }).result;
  if (!env.ok) throw new Error(`${resolver} answered ${JSON.stringify(env.error)}`);
  return env.data;
}
const report = (as: string) => reportCall<ReportOverview>(as, 'report.getReport', { filters: {} });
const section = (r: ReportOverview, s: string): SectionPage => r.sections.find((x) => x.section === s)!;
const keys = (p: SectionPage) => (p.kind === 'postmortems' ? p.rows.map((x) => x.incidentKey) : p.rows.map((x) => x.key));
async function csv(as: string, s: string): Promise<string> {
  const parts: string[] = [];
  let token: string | undefined;
  do {
    const part = await reportCall<CsvExport>(as, 'report.exportCsv', { filters: {}, section: s, ...(token ? { pageToken: token } : {}) });
    parts.push(part.csv);
    token = part.nextPageToken;
  } while (token);
  return parts.join('');
}

async function wontDoInJira(key: string, as: string): Promise<void> {
  expect(await site.wontDoInJira(key, as)).toBe(204);
}

test('incidents tracked from resolution without a page are late postmortems (INC-1, INC-2), for those who may browse them', async () => {
  const r = await report(U.priya);
  const late = section(r, 'postmortems-late');
  expect(keys(late)).toEqual(expect.arrayContaining(['INC-1', 'INC-2']));
  expect(late.kind).toBe('postmortems');
  if (late.kind !== 'postmortems') return;
  const inc1 = late.rows.find((x) => x.incidentKey === 'INC-1')!;
  expect(inc1).toMatchObject({ noPage: true, pageUrl: '', status: 'draft' });
  expect(inc1.daysLate).toBeGreaterThan(60);
  expect(inc1.incidentUrl).toMatch(/\/browse\/INC-1$/);
  // Most late first: INC-1 (resolved 75 days ago) before INC-2 (51).
  expect(keys(late).indexOf('INC-1')).toBeLessThan(keys(late).indexOf('INC-2'));
  expect(late.total).toBe(late.rows.length);
  const file = await csv(U.priya, 'postmortems-late');
  expect(file).toMatch(/"INC-1","No postmortem page yet"/);
  expect(file).toMatch(/"INC-2","No postmortem page yet"/);
  // Noah browses only MOB: none of them.
  expect(keys(section(await report(U.noah), 'postmortems-late'))).toEqual([]);
});

test('an incident whose postmortem record someone wrote by hand (made up, or copied from another incident) is still a late postmortem; a genuine one is not', async () => {
  const genuine = (await site.rest('GET', '/rest/api/3/issue/INC-3/properties/postmortem', U.elena)).json as {
    value: Record<string, unknown>;
  };
  expect(genuine.value).toMatchObject({ status: 'in-review', seal: expect.stringMatching(/^[\w-]{43}$/) });
  // Tom (INC-1's assignee) and Elena (INC-2's) may edit their incidents, so they may write its properties.
  for (const [key, as, value] of [
    ['INC-1', U.tom, { status: 'reviewed' }],
    ['INC-2', U.elena, { ...genuine.value }],
  ] as const) {
    const put = await site.rest('PUT', `/rest/api/3/issue/${key}/properties/postmortem`, as, value);
    expect(put.status).toBeLessThan(300);
  }
  const r = await report(U.priya);
  const late = section(r, 'postmortems-late');
  expect(late.kind).toBe('postmortems');
  if (late.kind !== 'postmortems') return;
  for (const key of ['INC-1', 'INC-2'])
    expect(late.rows.find((x) => x.incidentKey === key)).toMatchObject({ noPage: true, status: 'draft' });
  // INC-3, genuinely in review (sealed by the app), is in the review queue, not late; INC-2 is not in it.
  const queue = keys(section(r, 'review-queue'));
  expect(queue).toContain('INC-3');
  expect(queue).not.toContain('INC-2');
  expect(keys(late)).not.toContain('INC-3');
  const file = await csv(U.priya, 'postmortems-late');
  expect(file).toMatch(/"INC-1","No postmortem page yet"/);
  expect(file).toMatch(/"INC-2","No postmortem page yet"/);
  // A status the app never writes, or a draft "due" years ahead, leaves no search either.
  for (const value of [{ status: 'done' }, { ...genuine.value, status: 'draft', dueDate: '2099-01-01' }]) {
    const put = await site.rest('PUT', '/rest/api/3/issue/INC-1/properties/postmortem', U.tom, value);
    expect(put.status).toBeLessThan(300);
    const rows = section(await report(U.priya), 'postmortems-late');
    expect(keys(rows)).toContain('INC-1');
  }
});

test('Won’t Do counts as open until its approval is proved; a forged approval changes nothing; a waived item is listed with reason and approver', async () => {
  const before = await report(U.priya);
  expect(keys(section(before, 'overdue'))).toContain('PAY-4');
  const overdueBefore = section(before, 'overdue').total;

  await wontDoInJira('PAY-4', U.liam);
  const unapproved = await report(U.priya);
  expect(keys(section(unapproved, 'overdue'))).toContain('PAY-4');
  expect(section(unapproved, 'overdue').total).toBe(overdueBefore);
  expect(keys(section(unapproved, 'waived'))).toEqual([]);

  // Liam writes an approval into the property himself.
  const forged = await site.rest('PUT', '/rest/api/3/issue/PAY-4/properties/postmortem-waiver', U.liam, {
    status: 'approved',
    reason: 'Not needed.',
    requestedBy: U.liam,
    requestedAt: '2026-01-01T00:00:00.000Z',
    decidedBy: U.marcus,
    decidedAt: '2026-01-02T00:00:00.000Z',
    approvedAt: '2026-01-02T00:00:00.000Z',
    seal: 'B'.repeat(43),
  });
  expect(forged.status).toBeLessThan(300);
  const stillOpen = await report(U.priya);
  expect(keys(section(stillOpen, 'overdue'))).toContain('PAY-4');
  expect(section(stillOpen, 'overdue').total).toBe(overdueBefore);
  expect(stillOpen.buckets).toEqual(before.buckets);
  expect(keys(section(stillOpen, 'waived'))).toEqual([]);
  // The trends agree: not closed this week, still overdue today.
  const closedNow = (r: ReportOverview) => r.trends.weekly.at(-1)!.closedLate + r.trends.weekly.at(-1)!.closedOnTime;
  const overdueNow = (r: ReportOverview) => r.trends.overdueOverTime.at(-1)!.overdueCount;
  expect(closedNow(stillOpen)).toBe(closedNow(before));
  expect(overdueNow(stillOpen)).toBe(overdueNow(before));

  // Asked and approved by PAY's manager: waived, no longer open.
  expect((await site.panel('requestWaiver', U.liam, 'PAY-4', { reason: 'The old checkout path is removed next sprint.' })).ok).toBe(true);
  expect((await site.panel('decideWaiver', U.marcus, 'PAY-4', { decision: 'approve', note: 'Agreed.' })).ok).toBe(true);
  const after = await report(U.priya);
  expect(keys(section(after, 'overdue'))).not.toContain('PAY-4');
  expect(section(after, 'overdue').total).toBe(overdueBefore - 1);
  expect(closedNow(after)).toBe(closedNow(before) + 1);
  expect(overdueNow(after)).toBe(overdueNow(before) - 1);
  const waived = section(after, 'waived');
  expect(waived.kind).toBe('waivers');
  if (waived.kind !== 'waivers') return;
  expect(waived.total).toBe(1);
  expect(waived.rows[0]).toMatchObject({
    key: 'PAY-4',
    reason: 'The old checkout path is removed next sprint.',
    approvedBy: { accountId: U.marcus, displayName: 'Marcus Chen' },
    note: 'Agreed.',
    incidentKey: 'INC-3',
  });
  const file = await csv(U.priya, 'waived');
  expect(file).toMatch(/"PAY-4",.*"The old checkout path is removed next sprint\.","Marcus Chen"/);
  // Tom (no PAY) sees no PAY waiver; a further page of the section reads the same.
  expect(keys(section(await report(U.tom), 'waived'))).toEqual([]);
  const page = await reportCall<SectionPage>(U.priya, 'report.getSection', { filters: {}, section: 'waived' });
  expect(keys(page)).toEqual(['PAY-4']);
});

test('an item’s reason for a due date later than policy is shown and exported', async () => {
  const got = await site.rest('GET', '/rest/api/3/issue/PAY-3/properties/postmortem-action', U.sofia);
  const value = (got.json as { value: Record<string, unknown> }).value;
  const put = await site.rest('PUT', '/rest/api/3/issue/PAY-3/properties/postmortem-action', U.sofia, {
    ...value,
    lateDueDate: { policyDate: '2026-01-05', reason: 'Needs the vendor’s fix first.' },
  });
  expect(put.status).toBeLessThan(300);
  const overdue = section(await report(U.priya), 'overdue');
  const row = overdue.kind === 'items' ? overdue.rows.find((x) => x.key === 'PAY-3') : undefined;
  expect(row?.lateDueDate).toEqual({ policyDate: '2026-01-05', reason: 'Needs the vendor’s fix first.' });
  expect(await csv(U.priya, 'overdue')).toMatch(/"PAY-3",.*"2026-01-05","Needs the vendor’s fix first\."/);
});

test('the review queue shows each postmortem’s open findings and the author’s reason to go on', async () => {
  const pageId = site.demoPageId();
  const written = await site.patchPageProperty(pageId, U.priya, {
    reviewRequest: {
      requestedBy: U.priya,
      reason: 'The names are in the timeline only; the meeting decides.',
      findings: [{ kind: 'mention', section: 'Timeline', text: '@Tom Becker', occurrences: 2 }],
      findingsTotal: 1,
    },
  });
  expect(written).toBeLessThan(300);
  const queue = section(await report(U.priya), 'review-queue');
  expect(queue.kind).toBe('postmortems');
  if (queue.kind !== 'postmortems') return;
  expect(queue.rows.find((x) => x.incidentKey === 'INC-3')?.reviewRequest).toEqual({
    reason: 'The names are in the timeline only; the meeting decides.',
    findings: [{ kind: 'mention', section: 'Timeline', text: '@Tom Becker', occurrences: 2 }],
    findingsTotal: 1,
  });
  const file = await csv(U.priya, 'review-queue');
  expect(file).toMatch(/"INC-3",.*"Timeline: mentions @Tom Becker \(2×\)","The names are in the timeline only; the meeting decides\."/);
});
