/**
 * The review meeting's agenda, as the person viewing the page may see it (issue 14, item 5): the
 * review queue, the late postmortems and the overdue action items by team. Built from the report's
 * own reads (src/usecases/report/, docs/decisions/0010-report-at-any-size.md), every one as the
 * viewer (`asUser`): Jira's permissions decide which incidents and items they get, and each
 * postmortem counts only when its page confirms it to them. Nothing is read with the app's rights
 * and shown, save the app's seal check (a key, never shown) and the settings (the time zone).
 *
 * Bounded like the report: for k projects the viewer browses, p postmortems they may see and t teams
 * with overdue items, ⌈k/50⌉ project reads, the waiver claims' searches, k counts, p + ⌈p/250⌉
 * Confluence reads and ⌈p/100⌉ + 1 searches (the report's), one search of the review queue's
 * repeated items, and t ≤ AGENDA_TEAMS searches of AGENDA_TEAM_ITEMS rows; the rest is in the report.
 */
import { appIdentity } from '../../adapters/app';
import * as clock from '../../adapters/clock';
import { ProductError } from '../../adapters/http';
import { readSettings } from '../../adapters/settings';
import { AGENDA_ROWS, AGENDA_TEAM_ITEMS, AGENDA_TEAMS, type Agenda, type AgendaPostmortems } from '../../contracts/agenda-macro';
import type { ReportFilters } from '../../contracts/report-rows';
import type { SectionPage } from '../../contracts/report';
import { agendaWeek, reportPageUrl, teamsToList } from '../../domain/agenda';
import { todayIn } from '../../domain/dates';
import { eq } from '../../domain/jql';
import { ITEM_SECTIONS, oldest } from '../../domain/report/live';
import { managersOf } from '../../domain/sweep/contacts';
import type { Caller } from '../caller';
import type { Input, Output } from '../types';
import { addPeople, readBase, type Base } from '../report/base';
import { count } from '../report/figures';
import { itemPage } from '../report/item-page';
import { postmortemPage, postmortemReport, readPostmortems } from '../report/postmortems';
import { withRepeats } from '../report/repeats';
import { readScope } from '../report/waivers';

/** The agenda is never filtered: every project the viewer may browse. */
const ALL: ReportFilters = { projectKeys: [] };

function firstRows(page: SectionPage): AgendaPostmortems {
  return { total: page.total, asOf: page.asOf, rows: page.kind === 'postmortems' ? page.rows : [] };
}

/** Jira refused the viewer outright (401/403 on their first read): no access to Jira on this site. */
function jiraRefused(err: unknown): boolean {
  return err instanceof ProductError && err.product === 'jira' && (err.status === 401 || err.status === 403);
}

function reportUrl(siteUrl: string): string {
  const app = appIdentity();
  return reportPageUrl(siteUrl, app.appId, app.environmentId) ?? '';
}

async function noJira(caller: Caller): Promise<Agenda> {
  const { settings } = await readSettings();
  const now = clock.now();
  const today = todayIn(settings.timeZone, now);
  const empty: AgendaPostmortems = { total: 0, asOf: now.toISOString(), rows: [] };
  return {
    access: 'no-jira',
    projectsBrowsed: 0,
    today,
    week: agendaWeek(today),
    timeZone: settings.timeZone,
    asOf: now.toISOString(),
    reviewQueue: empty,
    late: empty,
    overdue: { total: 0, asOf: now.toISOString(), teams: [], moreTeams: 0 },
    people: {},
    reportUrl: reportUrl(caller.siteUrl ?? ''),
    productCalls: 1,
  };
}

/** The overdue items of the teams with the most, each team's first AGENDA_TEAM_ITEMS, most overdue first. */
async function overdueByTeam(base: Base, scope: Awaited<ReturnType<typeof readScope>>['scope'], pms: ReturnType<typeof readPostmortems>) {
  const overdue = ITEM_SECTIONS.overdue.where(base.today);
  const figures = await Promise.all(
    Object.keys(base.projects)
      .sort()
      .map(async (projectKey) => ({ projectKey, ...(await count(base, scope.clauses, overdue, eq('project', projectKey))) })),
  );
  const { shown, more } = teamsToList(figures, AGENDA_TEAMS);
  const managers = new Map(shown.map((t) => [t.projectKey, managersOf(base.settings, base.projects, t.projectKey)]));
  const [pages] = await Promise.all([
    Promise.all(
      shown.map((t) =>
        itemPage(base, scope, pms, {
          section: 'overdue',
          group: { by: 'project', key: t.projectKey },
          offset: 0,
          limit: AGENDA_TEAM_ITEMS,
          total: { count: t.count, asOf: t.asOf },
        }),
      ),
    ),
    addPeople(base, [...managers.values()].flat()),
  ]);
  const teams = shown.map((t, i) => {
    const page = pages[i]!;
    return {
      projectKey: t.projectKey,
      projectName: base.projects[t.projectKey]?.name ?? t.projectKey,
      managers: (managers.get(t.projectKey) ?? []).map((id) => ({ accountId: id, displayName: base.people[id] ?? 'Unknown person' })),
      total: t.count,
      asOf: t.asOf,
      rows: page.kind === 'items' ? page.rows.slice(0, AGENDA_TEAM_ITEMS) : [],
    };
  });
  return {
    total: figures.reduce((n, f) => n + f.count, 0),
    asOf: oldest(figures, base.now),
    teams,
    moreTeams: more,
  };
}

export async function getAgenda(
  _payload: Input<'agenda-resolver', 'getAgenda'>,
  caller: Caller,
): Promise<Output<'agenda-resolver', 'getAgenda'>> {
  let base: Base;
  try {
    base = await readBase(ALL, caller.siteUrl);
  } catch (err) {
    if (jiraRefused(err)) return noJira(caller);
    throw err;
  }
  const week = agendaWeek(base.today);
  const { scope } = await readScope(base, ALL);
  const pms = readPostmortems(base, ALL, { tracked: true });
  pms.catch(() => undefined); // awaited below; a failure is reported there
  const [overdue, postmortems] = await Promise.all([overdueByTeam(base, scope, pms), pms]);
  const readAt = clock.now().toISOString();
  const result = postmortemReport(base, ALL, postmortems, []);
  const page = { offset: 0, limit: AGENDA_ROWS };
  const [queue, late] = await Promise.all([
    withRepeats(base, postmortemPage(result, 'review-queue', readAt, page)),
    Promise.resolve(postmortemPage(result, 'postmortems-late', readAt, page)),
  ]);
  const reviewQueue = firstRows(queue);
  const lateRows = firstRows(late);
  const owners = [...reviewQueue.rows, ...lateRows.rows].map((r) => r.ownerAccountId);
  await addPeople(base, owners);
  const people: Record<string, string> = {};
  for (const id of owners) if (id && base.people[id]) people[id] = base.people[id];
  return {
    access: 'jira',
    projectsBrowsed: Object.keys(base.projects).length,
    today: base.today,
    week,
    timeZone: base.settings.timeZone,
    asOf: oldest([reviewQueue, lateRows, overdue, ...overdue.teams], base.now),
    reviewQueue,
    late: lateRows,
    overdue,
    people,
    reportUrl: reportUrl(base.siteUrl),
    productCalls: base.counter.calls,
  };
}
