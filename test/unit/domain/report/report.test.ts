import { ReportResult } from '../../../../src/contracts/report-rows';
import { buildReport, bucketOf } from '../../../../src/domain/report/aggregate';
import { reportSelection } from '../../../../src/domain/report/selection';
import { due, input, rItem, rPm, SITE, TODAY } from './fixtures';

describe('overdue action items', () => {
  it('buckets days overdue as 1–7, 8–30, over 30', () => {
    expect([1, 7, 8, 30, 31, 400].map(bucketOf)).toEqual(['1-7', '1-7', '8-30', '8-30', 'over-30', 'over-30']);
  });

  it('lists open overdue items most overdue first with links and bucket counts', () => {
    const r = buildReport(
      input({
        items: [
          rItem({ key: 'OPS-1', dueDate: due(-1) }),
          rItem({ key: 'OPS-2', dueDate: due(-31) }),
          rItem({ key: 'OPS-3', dueDate: due(-8) }),
          rItem({ key: 'OPS-4', dueDate: due(-8), statusCategory: 'done' }),
          rItem({ key: 'OPS-5', dueDate: TODAY }),
        ],
      }),
    );
    expect(r.overdue.rows.map((x) => [x.key, x.daysOverdue, x.bucket])).toEqual([
      ['OPS-2', 31, 'over-30'],
      ['OPS-3', 8, '8-30'],
      ['OPS-1', 1, '1-7'],
    ]);
    expect(r.overdue.buckets).toEqual({ '1-7': 1, '8-30': 1, 'over-30': 1 });
    const row = r.overdue.rows[2]!;
    expect(row).toMatchObject({
      itemUrl: `${SITE}/browse/OPS-1`,
      incidentUrl: `${SITE}/browse/INC-1`,
      postmortemUrl: 'https://acme.atlassian.net/wiki/pages/1',
      managers: ['mgr-ops'],
    });
  });

  it('groups by project, by manager (falling back to the lead) and by assignee', () => {
    const r = buildReport(
      input({
        items: [
          rItem({ key: 'OPS-1', dueDate: due(-1) }),
          rItem({ key: 'OPS-2', dueDate: due(-10), assignee: null }),
          rItem({ key: 'WEB-1', projectKey: 'WEB', dueDate: due(-40), assignee: { accountId: 'bob', displayName: 'Bob' } }),
          rItem({ key: 'ZZZ-1', projectKey: 'ZZZ', dueDate: due(-2) }),
        ],
      }),
    );
    expect(r.overdue.byProject.map((g) => [g.key, g.count, g.itemKeys])).toEqual([
      ['OPS', 2, ['OPS-2', 'OPS-1']],
      ['WEB', 1, ['WEB-1']],
      ['ZZZ', 1, ['ZZZ-1']],
    ]);
    expect(r.overdue.byProject[0]!.buckets).toEqual({ '1-7': 1, '8-30': 1, 'over-30': 0 });
    expect(r.overdue.byManager.map((g) => [g.key, g.label, g.itemKeys])).toEqual([
      ['mgr-ops', 'Morgan Ops', ['OPS-2', 'OPS-1']],
      ['lead-web', 'Lee Web', ['WEB-1']],
      ['', 'No manager', ['ZZZ-1']],
    ]);
    expect(r.overdue.byAssignee.map((g) => [g.label, g.itemKeys])).toEqual([
      ['Alice', ['ZZZ-1', 'OPS-1']],
      ['Bob', ['WEB-1']],
      ['Unassigned', ['OPS-2']],
    ]);
  });

  it('puts an item with several managers in each manager’s group', () => {
    const base = input({ items: [rItem({ key: 'OPS-1', dueDate: due(-1) })] });
    const r = buildReport({
      ...base,
      settings: { ...base.settings, escalationContacts: { OPS: { managers: ['m2', 'm1'], secondTier: [] } } },
    });
    expect(r.overdue.byManager.map((g) => g.key)).toEqual(['m1', 'm2']);
  });
});

describe('other item lists', () => {
  const items = [
    rItem({ key: 'OPS-1', dueDate: TODAY }),
    rItem({ key: 'OPS-2', dueDate: due(7) }),
    rItem({ key: 'OPS-3', dueDate: due(8) }),
    rItem({ key: 'OPS-4', dueDate: null }),
    rItem({ key: 'OPS-5', dueDate: due(3), assignee: null }),
    rItem({ key: 'OPS-6', dueDate: due(-2), assignee: null }),
    rItem({ key: 'OPS-7', dueDate: null, assignee: null, statusCategory: 'done' }),
  ];
  const r = buildReport(input({ items }));

  it('due in the next 7 days: today through today + 7, soonest first', () => {
    expect(r.dueSoon.map((x) => [x.key, x.daysUntilDue])).toEqual([
      ['OPS-1', 0],
      ['OPS-5', 3],
      ['OPS-2', 7],
    ]);
  });
  it('without a due date: open items only', () => {
    expect(r.noDueDate.map((x) => x.key)).toEqual(['OPS-4']);
  });
  it('unassigned: open items without an assignee, whatever their due state', () => {
    expect(r.unassigned.map((x) => x.key)).toEqual(['OPS-6', 'OPS-5']);
  });
});

describe('postmortems', () => {
  it('late: drafts past due, most late first; in review is not late', () => {
    const r = buildReport(
      input({
        postmortems: [
          rPm({ incidentKey: 'INC-1', dueDate: due(-1) }),
          rPm({ incidentKey: 'INC-2', dueDate: due(-9) }),
          rPm({ incidentKey: 'INC-3', dueDate: due(-9), status: 'in-review', requestedReviewAt: '2026-03-10T10:00:00Z' }),
          rPm({ incidentKey: 'INC-4', dueDate: TODAY }),
        ],
      }),
    );
    expect(r.postmortems.late.map((p) => [p.incidentKey, p.daysLate])).toEqual([
      ['INC-2', 9],
      ['INC-1', 1],
    ]);
  });

  it('review queue: in review, oldest request first, with days in queue', () => {
    const r = buildReport(
      input({
        postmortems: [
          rPm({ incidentKey: 'INC-1', status: 'in-review', requestedReviewAt: '2026-03-12T09:00:00Z' }),
          rPm({ incidentKey: 'INC-2', status: 'in-review', requestedReviewAt: '2026-03-02T09:00:00Z' }),
          rPm({ incidentKey: 'INC-3', status: 'in-review', requestedReviewAt: '2026-03-12T08:00:00Z' }),
          rPm({ incidentKey: 'INC-4', status: 'draft' }),
        ],
      }),
    );
    expect(r.postmortems.reviewQueue.map((p) => [p.incidentKey, p.daysInQueue])).toEqual([
      ['INC-2', 16],
      ['INC-3', 6],
      ['INC-1', 6],
    ]);
  });

  it('reviewed in the last 30 days (today and the 29 before), newest first, with days to reviewed', () => {
    const r = buildReport(
      input({
        postmortems: [
          rPm({ incidentKey: 'INC-1', status: 'reviewed', incidentDate: '2026-03-01', reviewedAt: '2026-03-11T10:00:00Z' }),
          rPm({ incidentKey: 'INC-2', status: 'reviewed', incidentDate: '2026-02-01', reviewedAt: '2026-02-17T10:00:00Z' }),
          rPm({ incidentKey: 'INC-3', status: 'reviewed', incidentDate: '2026-02-01', reviewedAt: '2026-02-16T10:00:00Z' }),
          rPm({ incidentKey: 'INC-4', status: 'reviewed', incidentDate: '2026-03-17', reviewedAt: '2026-03-18T08:00:00Z' }),
        ],
      }),
    );
    expect(r.postmortems.recentlyReviewed.map((p) => [p.incidentKey, p.daysToReviewed])).toEqual([
      ['INC-4', 1],
      ['INC-1', 10],
      ['INC-2', 16],
    ]);
  });

  it('drops a javascript: page URL rather than passing it to the page', () => {
    const r = buildReport(input({ postmortems: [rPm({ dueDate: due(-1), pageUrl: 'javascript:alert(1)' })] }));
    expect(r.postmortems.late[0]!.pageUrl).toBe('');
  });
});

describe('filters', () => {
  const items = [
    rItem({ key: 'OPS-1', dueDate: due(-1) }),
    rItem({ key: 'OPS-2', dueDate: due(-20) }),
    rItem({ key: 'WEB-1', projectKey: 'WEB', dueDate: due(-1) }),
    rItem({ key: 'WEB-2', projectKey: 'WEB', dueDate: null }),
  ];
  const postmortems = [
    rPm({ incidentKey: 'INC-1', dueDate: due(-1) }),
    rPm({ incidentKey: 'WEB-9', incidentProjectKey: 'WEB', dueDate: due(-1) }),
  ];

  it('by project', () => {
    const r = buildReport(input({ items, postmortems, filters: { projectKeys: ['WEB'] } }));
    expect(r.overdue.rows.map((x) => x.key)).toEqual(['WEB-1']);
    expect(r.noDueDate.map((x) => x.key)).toEqual(['WEB-2']);
    expect(r.postmortems.late.map((p) => p.incidentKey)).toEqual(['WEB-9']);
    // the pickers still offer everything
    expect(r.filterOptions.projectKeys).toEqual(['INC', 'OPS', 'WEB']);
    expect(r.filterOptions.managerAccountIds).toEqual(['lead-web', 'mgr-inc', 'mgr-ops']);
  });

  it('by manager (contacts or lead)', () => {
    const r = buildReport(input({ items, postmortems, filters: { managerAccountId: 'mgr-ops' } }));
    expect(r.overdue.rows.map((x) => x.key)).toEqual(['OPS-2', 'OPS-1']);
    expect(r.postmortems.late).toEqual([]);
    const lead = buildReport(input({ items, postmortems, filters: { managerAccountId: 'lead-web' } }));
    expect(lead.overdue.rows.map((x) => x.key)).toEqual(['WEB-1']);
    expect(lead.postmortems.late.map((p) => p.incidentKey)).toEqual(['WEB-9']);
  });

  it('by due-date range; items without a due date pass', () => {
    const r = buildReport(input({ items, filters: { from: due(-10), to: due(0) } }));
    expect(r.overdue.rows.map((x) => x.key).sort()).toEqual(['OPS-1', 'WEB-1']);
    expect(r.noDueDate.map((x) => x.key)).toEqual(['WEB-2']);
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => input({ filters: { from: due(0), to: due(-1) } })).toThrow();
  });
});

describe('the result', () => {
  it('is valid against the contract the UI reads, and lists only the people it shows', () => {
    const r = buildReport(
      input({
        items: [
          rItem({ dueDate: due(-1) }),
          rItem({ dueDate: null }),
          rItem({ statusCategory: 'done', resolutionDate: '2026-03-17T10:00:00Z', dueDate: due(-2) }),
        ],
        postmortems: [rPm({ status: 'in-review', requestedReviewAt: '2026-03-12T09:00:00Z' })],
      }),
    );
    expect(ReportResult.safeParse(r).error?.issues).toBeUndefined();
    // built from the viewer's items: at the end of last week (Sunday 03-15) nothing was overdue yet; today one is
    expect(r.trends.overdueOverTime).toHaveLength(12);
    expect(r.trends.overdueOverTime.slice(-2)).toEqual([
      { at: '2026-03-15T12:00:00.000Z', overdueCount: 0 },
      { at: '2026-03-18T12:00:00.000Z', overdueCount: 1 },
    ]);
    expect(Object.keys(r.people).sort()).toEqual(['mgr-ops', 'owen']);
    expect(r.today).toBe(TODAY);
  });

  it('overdue over time counts an item in each week it was overdue at the week’s end, until it was resolved', () => {
    const r = buildReport(
      input({
        items: [
          rItem({ key: 'OPS-1', statusCategory: 'done', dueDate: '2026-03-01', resolutionDate: '2026-03-10T10:00:00Z' }),
          rItem({ key: 'OPS-2', dueDate: '2026-02-20' }),
        ],
      }),
    );
    const at = (day: string) => r.trends.overdueOverTime.find((p) => p.at.startsWith(day))?.overdueCount;
    expect([at('2026-02-15'), at('2026-02-22'), at('2026-03-01'), at('2026-03-08'), at('2026-03-15'), at('2026-03-18')]).toEqual([
      0, 1, 1, 2, 1, 1,
    ]);
  });

  it('handles 10,000 items in one pass', () => {
    const items = Array.from({ length: 10_000 }, (_, i) =>
      rItem({
        key: `OPS-${i + 1}`,
        dueDate: due((i % 60) - 30),
        assignee: i % 5 === 0 ? null : { accountId: `u${i % 50}`, displayName: `User ${i % 50}` },
      }),
    );
    const r = buildReport(input({ items }));
    expect(r.overdue.rows.length + r.dueSoon.length).toBeGreaterThan(5000);
    expect(r.overdue.byAssignee.reduce((n, g) => n + g.count, 0)).toBe(r.overdue.rows.length);
  });
});

describe('reportSelection', () => {
  it('reads resolved items back to the start of the 12-week window', () => {
    expect(reportSelection(TODAY)).toMatchObject({ label: 'postmortem-action', resolvedSince: '2025-12-28', reviewedSince: '2025-12-28' });
    expect(reportSelection(TODAY).itemFields).toContain('resolutiondate');
  });
});
