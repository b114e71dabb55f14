/**
 * The report's live queries (src/domain/report/live.ts): each figure's JQL, the orders that page
 * without repeating or skipping a row, and the scope the filters leave.
 */
import {
  bucketClause,
  countJql,
  itemOrder,
  itemSectionJql,
  offsetOfToken,
  offsetToken,
  oldest,
  projectsOfManager,
  scopeClauses,
  scopedProjects,
  sumBuckets,
} from '../../../../src/domain/report/live';
import { query } from '../../../../src/domain/jql';

const TODAY = '2026-03-20';
/** The printed JQL on one line (the printer breaks lines and writes keywords in lower case). */
const flat = (jql: string) => jql.replace(/\s+/g, ' ');

describe('live report queries', () => {
  test('the overdue buckets are due-date ranges that meet without overlap', () => {
    expect(flat(query(bucketClause('1-7', TODAY)))).toBe('duedate >= 2026-03-13 and duedate < 2026-03-20');
    expect(flat(query(bucketClause('8-30', TODAY)))).toBe('duedate >= 2026-02-18 and duedate < 2026-03-13');
    expect(flat(query(bucketClause('over-30', TODAY)))).toBe('duedate < 2026-02-18');
  });

  test('every item order ends with the issue key, so pages are total', () => {
    for (const by of ['daysOverdue', 'dueDate', 'summary', 'assignee', 'project', 'incident', 'priority'] as const) {
      const order = itemOrder({ by, direction: 'asc' });
      expect(order.at(-1)?.[0]).toBe('key');
    }
    // most days overdue first = the earliest due date first
    expect(itemOrder({ by: 'daysOverdue', direction: 'desc' })[0]).toEqual(['duedate', 'ASC']);
  });

  test('the scope: open action items, the projects allowed, the date range letting undated items through', () => {
    const scope = scopeClauses({ projectKeys: [], from: '2026-03-01' }, ['PAY', 'PLAT'])!;
    expect(flat(countJql(scope))).toBe(
      'labels = postmortem-action and (statusCategory != Done or (resolution = "Won\'t Do" and issue.property[postmortem-waiver].approvedAt is empty))' +
        ' and project in (PAY, PLAT) and (duedate is empty or duedate >= 2026-03-01)',
    );
    // Items whose waiver claims an approval the app did not seal are named as open.
    expect(flat(countJql(scopeClauses({ projectKeys: [] }, undefined, ['PAY-4', 'PAY-9'])!))).toBe(
      'labels = postmortem-action and (statusCategory != Done or (resolution = "Won\'t Do" and' +
        ' (issue.property[postmortem-waiver].approvedAt is empty or key in (PAY-4, PAY-9))))',
    );
    expect(flat(itemSectionJql('overdue', scope, TODAY, [], { by: 'daysOverdue', direction: 'desc' }))).toMatch(
      /and duedate < 2026-03-20 order by duedate ASC, key ASC$/i,
    );
    // No project left (a manager without projects): no query at all, every figure is zero.
    expect(scopeClauses({ projectKeys: [] }, [])).toBeUndefined();
  });

  test('a manager filter keeps the projects that manager answers for, intersected with the project filter', () => {
    const settings = { escalationContacts: { PAY: { managers: ['m1'], secondTier: [] } } };
    const projects = { PAY: { leadAccountId: 'lead-pay' }, PLAT: { leadAccountId: 'm1' }, MOB: { leadAccountId: null } };
    expect(projectsOfManager(settings, projects, 'm1')).toEqual(['PAY', 'PLAT']);
    expect(projectsOfManager(settings, projects, 'lead-pay')).toEqual([]); // contacts replace the lead
    expect(projectsOfManager(settings, projects, '')).toEqual(['MOB']);
    expect(scopedProjects({ projectKeys: ['PLAT'], managerAccountId: 'm1' }, ['PAY', 'PLAT'])).toEqual(['PLAT']);
    expect(scopedProjects({ projectKeys: [] }, undefined)).toBeUndefined();
  });

  test('a sum of figures is as of the oldest; offset tokens round-trip and refuse others', () => {
    const f = (count: number, asOf: string) => ({ count, asOf });
    const sum = sumBuckets(
      [
        { '1-7': f(1, '2026-03-20T10:00:02Z'), '8-30': f(2, '2026-03-20T10:00:01Z'), 'over-30': f(0, '2026-03-20T10:00:03Z') },
        { '1-7': f(3, '2026-03-20T10:00:00Z'), '8-30': f(1, '2026-03-20T10:00:04Z'), 'over-30': f(5, '2026-03-20T10:00:03Z') },
      ],
      'x',
    );
    expect(sum['1-7']).toEqual(f(4, '2026-03-20T10:00:00Z'));
    expect(sum['8-30']).toEqual(f(3, '2026-03-20T10:00:01Z'));
    expect(oldest([], 'fallback')).toBe('fallback');
    expect(offsetOfToken(offsetToken(150))).toBe(150);
    expect(offsetOfToken(undefined)).toBe(0);
    expect(offsetOfToken('eyJxIjoi')).toBeUndefined();
  });
});
