/** The panel's pure helpers. */
import type { ActionItemRow, ItemState } from '../../../src/contracts/macro-actions';
import { countsText, panelOrder, safeHref, stateTone } from '../../../static/panel/src/panel-logic';

const row = (key: string, state: ItemState, dueDate: string | null): ActionItemRow => ({
  key,
  summary: key,
  status: state === 'done' ? 'Done' : 'To Do',
  statusCategory: state === 'done' ? 'done' : 'new',
  assignee: null,
  dueDate,
  due: state,
  state,
  priority: null,
  kind: null,
  projectKey: 'PAY',
  handMade: false,
  url: `/browse/${key}`,
});

describe('panel helpers', () => {
  it('puts overdue and due-today items first and done items last', () => {
    const rows = [
      row('PAY-1', 'done', '2026-03-01'),
      row('PAY-2', 'due', '2026-03-20'),
      row('PAY-3', 'overdue', '2026-03-02'),
      row('PAY-4', 'no-due-date', null),
      row('PAY-5', 'due-today', '2026-03-10'),
      row('PAY-6', 'due', '2026-03-15'),
    ];
    expect(panelOrder(rows).map((r) => r.key)).toEqual(['PAY-3', 'PAY-5', 'PAY-4', 'PAY-6', 'PAY-2', 'PAY-1']);
  });

  it('counts and tones', () => {
    expect(countsText({ total: 2, done: 2, overdue: 0, needsDueDate: 0 })).toBe('2 of 2 done');
    expect(stateTone('overdue')).toBe('danger');
  });

  it('follows only relative and http(s) links from stored data', () => {
    expect(safeHref('/wiki/spaces/PM/pages/1')).toBe('/wiki/spaces/PM/pages/1');
    expect(safeHref('https://x.atlassian.net/wiki/p')).toBe('https://x.atlassian.net/wiki/p');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('//evil.example/x')).toBeUndefined();
    expect(safeHref('not a url')).toBeUndefined();
  });
});
