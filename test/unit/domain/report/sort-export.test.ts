import { buildReport } from '../../../../src/domain/report/aggregate';
import { itemRowsCsv, reportSectionCsv, sectionRows } from '../../../../src/domain/report/export';
import { compareIssueKeys, sortItemRows, sortPostmortemRows } from '../../../../src/domain/report/sort';
import { due, input, rItem, rPm } from './fixtures';

describe('sorting', () => {
  it('orders issue keys naturally', () => {
    expect(['OPS-10', 'OPS-2', 'AB-100', 'OPS-1'].sort(compareIssueKeys)).toEqual(['AB-100', 'OPS-1', 'OPS-2', 'OPS-10']);
  });

  const r = buildReport(
    input({
      items: [
        rItem({ key: 'OPS-10', dueDate: due(-2), assignee: { accountId: 'b', displayName: 'bob' }, priority: null }),
        rItem({ key: 'OPS-2', dueDate: due(-9), assignee: null, priority: 'Low' }),
        rItem({ key: 'OPS-3', dueDate: due(-2), assignee: { accountId: 'a', displayName: 'Alice' }, priority: 'High' }),
      ],
    }),
  );
  const rows = r.overdue.rows;

  it('sorts by any column both ways, ties by key, nulls last either way', () => {
    expect(sortItemRows(rows, 'daysOverdue', 'desc').map((x) => x.key)).toEqual(['OPS-2', 'OPS-3', 'OPS-10']);
    expect(sortItemRows(rows, 'daysOverdue', 'asc').map((x) => x.key)).toEqual(['OPS-3', 'OPS-10', 'OPS-2']);
    expect(sortItemRows(rows, 'key', 'asc').map((x) => x.key)).toEqual(['OPS-2', 'OPS-3', 'OPS-10']);
    expect(sortItemRows(rows, 'key', 'desc').map((x) => x.key)).toEqual(['OPS-10', 'OPS-3', 'OPS-2']);
    expect(sortItemRows(rows, 'assignee', 'asc').map((x) => x.key)).toEqual(['OPS-3', 'OPS-10', 'OPS-2']);
    expect(sortItemRows(rows, 'assignee', 'desc').map((x) => x.key)).toEqual(['OPS-10', 'OPS-3', 'OPS-2']);
    expect(sortItemRows(rows, 'priority', 'desc').map((x) => x.key)).toEqual(['OPS-2', 'OPS-3', 'OPS-10']);
  });

  it('does not change the input', () => {
    const before = rows.map((x) => x.key);
    sortItemRows(rows, 'key', 'desc');
    expect(rows.map((x) => x.key)).toEqual(before);
  });

  it('sorts postmortem rows', () => {
    const p = buildReport(
      input({
        postmortems: [
          rPm({ incidentKey: 'INC-10', dueDate: due(-1), pageTitle: 'b' }),
          rPm({ incidentKey: 'INC-9', dueDate: due(-5), pageTitle: 'A' }),
        ],
      }),
    ).postmortems.late;
    expect(sortPostmortemRows(p, 'incident').map((x) => x.incidentKey)).toEqual(['INC-9', 'INC-10']);
    expect(sortPostmortemRows(p, 'title', 'desc').map((x) => x.pageTitle)).toEqual(['b', 'A']);
    expect(sortPostmortemRows(p, 'daysLate', 'asc').map((x) => x.incidentKey)).toEqual(['INC-10', 'INC-9']);
  });
});

describe('CSV export', () => {
  const r = buildReport(
    input({
      items: [
        rItem({ key: 'OPS-1', summary: '=HYPERLINK("http://evil","click")', dueDate: due(-3) }),
        rItem({ key: 'OPS-2', summary: '+1, "quoted"\nnext line', dueDate: due(-40), assignee: { accountId: 'x', displayName: '@admin' } }),
      ],
      postmortems: [rPm({ incidentKey: 'INC-7', pageTitle: '-2+3', dueDate: due(-2) })],
    }),
  );

  it('writes the section’s rows in screen order under a header', () => {
    const lines = reportSectionCsv(r, 'overdue').split('\r\n');
    expect(lines[0]).toBe(
      '"Item","Summary","Project","Incident","Assignee","Due date","Days overdue","Overdue bucket","Managers","Priority","Policy due date","Why later than policy","Item link","Incident link","Postmortem link"',
    );
    expect(sectionRows(r, 'overdue').rows.map((x) => ('key' in x ? x.key : ''))).toEqual(['OPS-2', 'OPS-1']);
    expect(lines[1]!.startsWith('"OPS-2",')).toBe(true);
  });

  it('neutralises formulas and quotes what needs quoting', () => {
    const csv = reportSectionCsv(r, 'overdue');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(csv).toContain(`"'+1, ""quoted""\nnext line"`);
    expect(csv).toContain(`,"'@admin",`);
    expect(csv).toContain(',"Morgan Ops",');
    expect(csv).toContain(',"over 30 days",');
    expect(reportSectionCsv(r, 'postmortems-late')).toContain(`,"'-2+3",`);
  });

  it('exports rows as the user sorted them', () => {
    const sorted = sortItemRows(r.overdue.rows, 'key', 'asc');
    const csv = itemRowsCsv(sorted, r.people);
    expect(csv.split('\r\n')[1]!.startsWith('"OPS-1",')).toBe(true);
  });

  it('exports every section', () => {
    for (const s of [
      'overdue',
      'due-soon',
      'no-due-date',
      'unassigned',
      'postmortems-late',
      'review-queue',
      'recently-reviewed',
    ] as const) {
      expect(reportSectionCsv(r, s).split('\r\n')[0]!.length).toBeGreaterThan(0);
    }
  });
});
