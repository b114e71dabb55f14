/** Dates a person types: refused before the year 1900 with a message that says so, in the UI and at the backend's boundary. */
import { draftProblems } from '../../../src/contracts/action-item-rules';
import { dateInputProblem } from '../../../src/contracts/dates';
import { ReportFilters } from '../../../src/contracts/report-rows';
import { instantText, shortDate, validateFilters } from '../../../static/report/src/report-logic';

describe('a typed date', () => {
  it.each(['0050-01-01', '0000-01-01', '0099-12-31', '1899-12-31'])('%s is refused with the first year accepted', (d) => {
    expect(dateInputProblem(d)).toMatch(/from the year 1900 on/);
    expect(validateFilters({ projectKeys: [], managerAccountId: '', from: d, to: '' }).from).toBe(
      'Enter a start date from the year 1900 on, e.g. 2026-03-01.',
    );
    const parsed = ReportFilters.safeParse({ from: d });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/from the year 1900 on/);
    const draft = {
      summary: 'x',
      description: '',
      kind: 'prevent',
      assigneeAccountId: 'a',
      dueDate: d,
      priority: 'Medium',
      projectKey: 'OPS',
    };
    expect(draftProblems(draft, { today: '2026-03-10', projectKeys: ['OPS'] }).dueDate).toMatch(/from the year 1900 on/);
  });
  it('accepts real dates from 1900 on and refuses impossible ones as before', () => {
    expect(dateInputProblem('1900-01-01')).toBeUndefined();
    expect(dateInputProblem('2028-02-29')).toBeUndefined();
    expect(dateInputProblem('2026-02-30')).toMatch(/is not a date/);
    expect(validateFilters({ projectKeys: [], managerAccountId: '', from: '2026-3-1', to: '' }).from).toBe(
      'Enter the start date as YYYY-MM-DD, e.g. 2026-03-01.',
    );
    expect(ReportFilters.safeParse({ from: '2026-03-01', to: '2026-03-31' }).success).toBe(true);
  });
});

describe('report dates shown on the library', () => {
  it('formats instants in UTC and axis labels, for any year', () => {
    expect(instantText('2026-03-01T09:30:00+02:00')).toBe('2026-03-01 07:30 UTC');
    expect(instantText('not a time')).toBe('not a time');
    expect(shortDate('2026-03-02')).toBe('2 Mar');
    expect(shortDate('0050-12-25')).toBe('25 Dec');
    expect(shortDate('nope')).toBe('nope');
  });
});
