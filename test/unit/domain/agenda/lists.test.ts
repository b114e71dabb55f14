/**
 * The review meeting's agenda, its pure rules (src/domain/agenda/lists.ts): the week it is for, which
 * teams it lists, and the report's address.
 */
import { agendaWeek, reportPageUrl, teamsToList } from '../../../../src/domain/agenda';

const APP = '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17';
const ENV = '0e7d5a4c-3b2a-4f19-8e6d-5c4b3a291807';

describe('the agenda’s week', () => {
  test('runs Monday to Sunday around today, whatever the weekday', () => {
    expect(agendaWeek('2026-12-02')).toEqual({ start: '2026-11-30', end: '2026-12-06' }); // a Wednesday
    expect(agendaWeek('2026-11-30')).toEqual({ start: '2026-11-30', end: '2026-12-06' }); // the Monday itself
    expect(agendaWeek('2026-12-06')).toEqual({ start: '2026-11-30', end: '2026-12-06' }); // the Sunday
  });

  test('crosses months and years', () => {
    expect(agendaWeek('2027-01-01')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
    expect(agendaWeek('2028-03-01')).toEqual({ start: '2028-02-28', end: '2028-03-05' }); // leap year
  });
});

describe('the teams the agenda lists', () => {
  const f = (projectKey: string, count: number, asOf = '2026-12-02T09:00:00.000Z') => ({ projectKey, count, asOf });

  test('only teams with overdue items, most first, then by project key', () => {
    const { shown, more } = teamsToList([f('PLAT', 0), f('PAY', 2), f('MOB', 7), f('INC', 2)], 20);
    expect(shown.map((t) => t.projectKey)).toEqual(['MOB', 'INC', 'PAY']);
    expect(more).toBe(0);
  });

  test('at most `max`, counting the teams left out', () => {
    const figures = Array.from({ length: 25 }, (_, i) => f(`P${String(i).padStart(2, '0')}`, 25 - i));
    const { shown, more } = teamsToList(figures, 20);
    expect(shown).toHaveLength(20);
    expect(shown[0]!.projectKey).toBe('P00');
    expect(more).toBe(5);
    expect(teamsToList(figures, 0)).toEqual({ shown: [], more: 25 });
  });

  test('nothing overdue: no team', () => {
    expect(teamsToList([f('PAY', 0)], 20)).toEqual({ shown: [], more: 0 });
    expect(teamsToList([], 20)).toEqual({ shown: [], more: 0 });
  });

  test('does not reorder the figures it was given', () => {
    const figures = [f('B', 1), f('A', 3)];
    teamsToList(figures, 20);
    expect(figures.map((x) => x.projectKey)).toEqual(['B', 'A']);
  });
});

describe('the report’s address', () => {
  test('Jira’s address of the app’s global page, on the site', () => {
    expect(reportPageUrl('https://acme.atlassian.net/', APP, ENV)).toBe(`https://acme.atlassian.net/jira/apps/${APP}/${ENV}`);
    expect(reportPageUrl('', APP.toUpperCase(), ENV)).toBe(`/jira/apps/${APP}/${ENV}`);
  });

  test('nothing but Forge’s uuids goes into it', () => {
    expect(reportPageUrl('https://acme.atlassian.net', '../../evil', ENV)).toBeUndefined();
    expect(reportPageUrl('https://acme.atlassian.net', APP, `${ENV}?x=1`)).toBeUndefined();
    expect(reportPageUrl('https://acme.atlassian.net', APP, '')).toBeUndefined();
  });
});
