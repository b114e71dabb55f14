/**
 * The review agenda macro's lists (the `postmortem-agenda` macro, src/usecases/agenda/get-agenda.ts):
 * the week it is for, which teams it lists and where the full report is. Pure; the lists themselves
 * are the report's (src/usecases/report/).
 */
import { addDays } from '../dates';
import { mondayOf } from './week';

/** The week `today` falls in, Monday to Sunday (dates in the site's time zone, as `today` is; the page's week). */
export function agendaWeek(today: string): { start: string; end: string } {
  const start = mondayOf(today);
  return { start, end: addDays(start, 6) };
}

/** A project's overdue count as Jira answered it for the viewer. */
export interface TeamFigure {
  projectKey: string;
  count: number;
  asOf: string;
}

/**
 * The teams the agenda lists: those with overdue items, most first (then by project key), at most
 * `max`; `more` counts the teams with overdue items left out.
 */
export function teamsToList(figures: readonly TeamFigure[], max: number): { shown: TeamFigure[]; more: number } {
  const withItems = figures
    .filter((f) => f.count > 0)
    .sort((a, b) => b.count - a.count || (a.projectKey < b.projectKey ? -1 : a.projectKey > b.projectKey ? 1 : 0));
  return { shown: withItems.slice(0, Math.max(0, max)), more: Math.max(0, withItems.length - Math.max(0, max)) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Postmortem report's address: Jira builds a global page's URL as `/jira/apps/{appId}/{envId}`
 * (docs/platform.md, "Custom UI"). On `siteUrl` when it is known, else site-relative; undefined
 * when the ids are not Forge's uuids (nothing else is put into a link).
 */
export function reportPageUrl(siteUrl: string, appId: string, environmentId: string): string | undefined {
  if (!UUID.test(appId) || !UUID.test(environmentId)) return undefined;
  return `${siteUrl.replace(/\/+$/, '')}/jira/apps/${appId.toLowerCase()}/${environmentId.toLowerCase()}`;
}
