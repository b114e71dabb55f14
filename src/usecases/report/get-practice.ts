/**
 * How the practice is doing, per team (a project and its manager) and month over the last 12
 * months, read live from Jira as the viewer (so only projects they may browse): the figures of
 * src/domain/report/practice.ts, the table as CSV, and when Jira answered (`asOf`).
 *
 * Product calls are bounded whatever the number of action items (docs/decisions/0016-practice-figures.md):
 * - incidents resolved in the window: one search, page by page (their number follows incidents, not
 *   items; at most INCIDENT_LIMIT), with their `postmortem` record, believed only with the app's seal;
 * - action items due in each past month: one count and at most ITEM_PAGES_PER_MONTH pages of 100
 *   per month, the 12 months in parallel; a month with more items gives its item figures from the
 *   first ones read (in key order) and says so (`sampled`);
 * - the settings, the projects the viewer browses, the app's seal key (one secret read: a waived
 *   item counts only with a sealed approval, an incident's record only when sealed) and one people look-up.
 * Nothing is written.
 */
import * as clock from '../../adapters/clock';
import { trackingStart } from '../../adapters/install-day';
import * as jira from '../../adapters/jira';
import { readSealCheck } from '../../adapters/waivers';
import {
  ACTION_ITEM_LABEL,
  ACTION_ITEM_PROPERTY_KEY,
  ActionItemProperty,
  POSTMORTEM_PROPERTY_KEY,
  WAIVER_PROPERTY_KEY,
  WONT_DO_RESOLUTION,
} from '../../contracts/properties';
import type { Practice } from '../../contracts/report-learning';
import { addDays } from '../../domain/dates';
import { and, clause, eq, inList, query } from '../../domain/jql';
import { provenPostmortem } from '../../domain/postmortem';
import { oldest } from '../../domain/report/live';
import {
  practiceCsv,
  practiceFigures,
  practiceMonths,
  practiceWindowStart,
  type PracticeIncident,
  type PracticeItem,
  type PracticeRow,
} from '../../domain/report/practice';
import { managersOf } from '../../domain/sweep/contacts';
import { provenApproval } from '../../domain/waivers';
import type { Caller } from '../caller';
import type { Input, Output } from '../types';
import { addPeople, readBase, refusalOf } from './base';

/** The most incidents one answer reads (one search page per 100). */
export const INCIDENT_LIMIT = 2_000;
/** Pages of 100 action items read per month at most: the item figures of a busier month are from a sample. */
export const ITEM_PAGES_PER_MONTH = 2;

const ITEM_FIELDS = ['project', 'duedate', 'resolutiondate', 'resolution', 'status'];

/** The last day of `YYYY-MM` (the day before the next month's first). */
function lastDayOf(month: string): string {
  let d = `${month}-28`;
  while (addDays(d, 1).startsWith(month)) d = addDays(d, 1);
  return d;
}

export async function getPractice(
  payload: Input<'report-resolver', 'getPractice'>,
  caller: Caller,
): Promise<Output<'report-resolver', 'getPractice'>> {
  const filters = { projectKeys: payload.projectKeys };
  const base = await readBase(filters, caller.siteUrl);
  const { settings, today } = base;
  const months = practiceMonths(today);
  const start = practiceWindowStart(today);
  const scope = payload.projectKeys.length ? [inList('project', payload.projectKeys)] : [];
  try {
    const incidentTypes = settings.incidentFilter.issueTypes;
    const incidentJql = query(
      and(
        inList('issuetype', incidentTypes),
        ...(settings.incidentFilter.projectKeys.length ? [inList('project', settings.incidentFilter.projectKeys)] : []),
        ...scope,
        // a day early: Jira reads the date in the viewer's zone, the figures in the site's
        clause('resolved', '>=', addDays(start, -1)),
      ),
      [['key', 'ASC']],
    );
    const pastMonths = months.filter((m) => `${m}-01` < today);
    const itemsOf = async (month: string) => {
      const to = lastDayOf(month) < today ? lastDayOf(month) : addDays(today, -1);
      const where = and(eq('labels', ACTION_ITEM_LABEL), clause('duedate', '>=', `${month}-01`), clause('duedate', '<=', to), ...scope);
      const [total, read] = await Promise.all([
        jira.approximateCount('user', query(where)),
        jira.searchAll('user', query(where, [['key', 'ASC']]), ITEM_FIELDS, {
          limit: ITEM_PAGES_PER_MONTH * 100,
          properties: [WAIVER_PROPERTY_KEY, ACTION_ITEM_PROPERTY_KEY],
        }),
      ]);
      return { month, total, read };
    };
    const [incidents, perMonth, trackedFrom] = await Promise.all([
      jira.searchAll('user', incidentJql, ['project', 'resolutiondate'], { limit: INCIDENT_LIMIT, properties: [POSTMORTEM_PROPERTY_KEY] }),
      Promise.all(pastMonths.map(itemsOf)),
      trackingStart(settings, today),
    ]);
    const answeredAt = clock.now().toISOString();
    base.counter.calls += incidents.pages + perMonth.reduce((n, m) => n + 1 + m.read.pages, 0);

    // Approvals of waived items (docs/decisions/0015-waiver-approvals-sealed.md) and incidents' postmortem
    // records (docs/decisions/0017-postmortem-record-sealed.md) count only with the app's seal: one secret read.
    const allItems = perMonth.flatMap((m) => m.read.issues);
    const seals = await readSealCheck();

    const practiceIncidents: PracticeIncident[] = incidents.issues.flatMap((i) => {
      const resolvedAt = i.fields.resolutiondate;
      if (!resolvedAt) return [];
      // A record without a valid seal (written by hand, copied, or older than the seal) is no record:
      // the incident counts as having no postmortem, due from its resolution (as the sweep chases it).
      const prop = provenPostmortem(i.id, i.properties?.[POSTMORTEM_PROPERTY_KEY], seals);
      const projectKey = i.fields.project?.key ?? i.key.split('-')[0] ?? '';
      return [
        {
          key: i.key,
          projectKey,
          resolvedAt,
          ...(prop
            ? {
                postmortem: {
                  status: prop.status,
                  dueDate: prop.dueDate,
                  requestedReviewAt: prop.requestedReviewAt,
                  reviewedAt: prop.reviewedAt,
                },
              }
            : {}),
        },
      ];
    });
    const practiceItems: PracticeItem[] = allItems.flatMap((i) => {
      if (!i.fields.duedate) return [];
      const category = i.fields.status?.statusCategory.key;
      const resolution = i.fields.resolution?.name ?? null;
      const waived =
        category === 'done' &&
        resolution === WONT_DO_RESOLUTION &&
        provenApproval(i.id, i.properties?.[WAIVER_PROPERTY_KEY], seals) !== undefined;
      return [
        {
          key: i.key,
          projectKey: i.fields.project?.key ?? i.key.split('-')[0] ?? '',
          dueDate: i.fields.duedate,
          resolvedAt: i.fields.resolutiondate ?? null,
          done: category === 'done' && resolution !== WONT_DO_RESOLUTION,
          waived,
          repeats: (ActionItemProperty.safeParse(i.properties?.[ACTION_ITEM_PROPERTY_KEY]).data?.repeats?.length ?? 0) > 0,
        },
      ];
    });
    const teams = practiceFigures({
      incidents: practiceIncidents,
      items: practiceItems,
      today,
      timeZone: settings.timeZone,
      deadlineDays: settings.postmortemDeadlineDays,
      trackedFrom,
    });
    const managerIds = new Map(teams.map((t) => [t.projectKey, managersOf(settings, base.projects, t.projectKey)]));
    await addPeople(base, [...managerIds.values()].flat());
    const managerName = (key: string): string | null => {
      const ids = managerIds.get(key) ?? [];
      if (!ids.length) return null;
      const first = base.people[ids[0]!] ?? ids[0]!;
      return ids.length > 1 ? `${first} and ${ids.length - 1} more` : first;
    };
    const out: Practice['teams'] = teams.map((t) => ({
      projectKey: t.projectKey,
      projectName: base.projects[t.projectKey]?.name ?? t.projectKey,
      manager: managerName(t.projectKey),
      months: t.months,
    }));
    const rows: PracticeRow[] = out.flatMap((t) =>
      t.months.map((m) => ({ ...m, projectKey: t.projectKey, projectName: t.projectName, manager: t.manager })),
    );
    return {
      today,
      asOf: oldest(
        perMonth.map((m) => m.total),
        answeredAt,
      ),
      timeZone: settings.timeZone,
      months,
      teams: out,
      sampled: perMonth.filter((m) => m.read.truncated).map((m) => ({ month: m.month, read: m.read.issues.length, total: m.total.count })),
      incidentsTruncated: incidents.truncated,
      csv: practiceCsv(rows),
      filename: `postmortem-practice-${today}.csv`,
      productCalls: base.counter.calls,
    };
  } catch (err) {
    throw refusalOf(err, filters, false);
  }
}
