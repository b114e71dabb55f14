/**
 * What every report call reads first, as the viewer: the settings, the projects they may browse
 * (with their leads), the site's today; and the counter of product calls the answer costs (the page
 * shows it; the site tests hold it constant). Also the people look-up and the refusals Jira's 400s
 * become.
 */
import * as clock from '../../adapters/clock';
import { ProductError } from '../../adapters/http';
import * as jira from '../../adapters/jira';
import { readSettings } from '../../adapters/settings';
import type { ReportFilters } from '../../contracts/report-rows';
import type { Settings } from '../../contracts/settings';
import { todayIn } from '../../domain/dates';
import { Refusal } from '../refusal';

/** Counts the product calls an answer costs. */
export interface Counter {
  calls: number;
}

export interface Base {
  settings: Settings;
  today: string;
  /** When this answer started: the as-of of figures that need no call (an empty scope is zero now). */
  now: string;
  siteUrl: string;
  /** The projects the viewer may browse, with their leads (the escalation fallback). */
  projects: Record<string, { leadAccountId: string | null; name: string }>;
  people: Record<string, string>;
  counter: Counter;
}

function refuseHiddenProjects(filters: ReportFilters): never {
  throw new Refusal(
    'invalid-input',
    `You can filter only by projects you may browse in Jira, and ${filters.projectKeys.join(', ')} includes one that does not exist or is hidden from you. Clear the project filter or pick another project.`,
    { projectKeys: 'Pick projects you can browse.' },
  );
}

export async function readBase(filters: ReportFilters, siteUrl: string | undefined): Promise<Base> {
  const counter: Counter = { calls: 0 };
  const [{ settings }, found] = await Promise.all([readSettings(), jira.browsableProjects('user')]);
  counter.calls += Math.max(1, Math.ceil(found.length / 50));
  const now = clock.now();
  const projects: Base['projects'] = {};
  const people: Record<string, string> = {};
  for (const p of found) {
    projects[p.key] = { leadAccountId: p.lead?.accountId ?? null, name: p.name };
    if (p.lead) people[p.lead.accountId] = p.lead.displayName;
  }
  // A project filter naming a project the viewer cannot browse is refused, as Jira refuses its JQL.
  if (filters.projectKeys.some((k) => !Object.hasOwn(projects, k))) refuseHiddenProjects(filters);
  return { settings, today: todayIn(settings.timeZone, now), now: now.toISOString(), siteUrl: siteUrl ?? '', projects, people, counter };
}

/** Jira answers 400 when a JQL names a project the viewer cannot browse, or a page token no longer fits its query. */
export function refusalOf(err: unknown, filters: ReportFilters, paging: boolean): unknown {
  if (err instanceof ProductError && err.status === 400) {
    if (paging && /page token/i.test(err.body)) {
      return new Refusal(
        'conflict',
        'The report has moved on since this page was read (a new day began in the site’s time zone). Reload the report and page again.',
      );
    }
    if (filters.projectKeys.length > 0) {
      try {
        refuseHiddenProjects(filters);
      } catch (refusal) {
        return refusal;
      }
    }
  }
  return err;
}

/** Looks up the display names of `ids` not yet known (one call per 100). */
export async function addPeople(base: Base, ids: Iterable<string>): Promise<void> {
  const unknown = [...new Set(ids)].filter((id) => id && !Object.hasOwn(base.people, id));
  if (!unknown.length) return;
  for (const u of await jira.bulkUsers('user', unknown)) base.people[u.accountId] = u.displayName;
  base.counter.calls += Math.ceil(unknown.length / 100);
}
