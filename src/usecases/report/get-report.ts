/**
 * The report page's first answer, read live from Jira as the viewer
 * (docs/decisions/0010-report-at-any-size.md).
 *
 * Everything is read as the viewer (`asUser`), so Jira's own permissions decide what a manager
 * sees: every count is Jira's count of what they may browse, every row is from a search as them.
 * Open action items are never read whole: each figure is one `search/approximate-count` call and
 * each section one page of a search in the section's order, so the calls do not grow with the
 * number of open items. For k projects the viewer browses, a assignees on the first overdue page,
 * p postmortems, l incidents late without a page, w items claiming a waiver approval and c items
 * closed per trend week, `getReport` makes, in at most six rounds of parallel calls one after
 * another (each read starts as soon as what it needs is there; test/site/report/rounds.test.ts): ⌈k/50⌉ project reads,
 * 1 + ⌈w/100⌉ searches of waiver claims (each seal checked with the app's key: an unproved one is
 * counted open by key in every figure, docs/decisions/0015), 7 + 4k + 3(a+1) + 12 counts, 4 section
 * pages, 1 + ⌈p/100⌉ postmortem searches and p + ⌈p/250⌉ Confluence reads (each postmortem is
 * confirmed by its page), 1 + ⌈l/100⌉ searches of tracked incidents, 12 × ⌈c/100⌉ searches of closed
 * items (the weekly trend), and one user look-up per 100 people named.
 */
import type { ReportOverview } from '../../contracts/report';
import { eq } from '../../domain/jql';
import { assigneesOf, groupSummary, projectsByManager, REPORT_SECTIONS } from '../../domain/report/groups';
import { bucketCounts, isItemSection, ITEM_SECTIONS, oldest, scopeClauses, sortGroups, sumBuckets } from '../../domain/report/live';
import { managersOf } from '../../domain/sweep/contacts';
import type { Caller } from '../caller';
import type { Input, Output } from '../types';
import { addPeople, readBase, refusalOf } from './base';
import { assigneeGroups, buckets, count, otherAssigneesCount } from './figures';
import { itemPage, startItemPage } from './item-page';
import { repeatCounts, withRepeats } from './repeats';
import { postmortemPage, postmortemReport, readPostmortems } from './postmortems';
import { overdueOverTime, readClosedItems } from './trends';
import { readScope, waivedPage } from './waivers';

export async function getReport(
  payload: Input<'report-resolver', 'getReport'>,
  caller: Caller,
): Promise<Output<'report-resolver', 'getReport'>> {
  const filters = payload.filters;
  const base = await readBase(filters, caller.siteUrl);
  const projectKeys = Object.keys(base.projects).sort();
  try {
    // The postmortems need no scope: read beside the waiver claims, not after them.
    const pms = readPostmortems(base, filters, { tracked: true });
    pms.catch(() => undefined); // awaited below; a failure is reported there
    const { scope, waivers } = await readScope(base, filters);
    const inScope = (k: string) => !scope.projectKeys || scope.projectKeys.includes(k);
    // Started at once, each as soon as what it needs is there (fewer rounds of calls one after
    // another): the overdue page's assignees are counted as soon as its rows are read, not after the
    // postmortems; names and the review queue's repeated items are read side by side.
    const overdue = startItemPage(base, scope, { section: 'overdue', offset: 0, limit: payload.pageSize });
    const assigneeFigures: Promise<[Awaited<ReturnType<typeof assigneeGroups>>, Awaited<ReturnType<typeof otherAssigneesCount>>]> =
      overdue.rows.then((rows) => {
        const shownAssignees = [...assigneesOf(rows), { accountId: '', displayName: 'Unassigned' }];
        return Promise.all([
          assigneeGroups(base, scope, shownAssignees),
          otherAssigneesCount(
            base,
            scope,
            shownAssignees.map((a) => a.accountId),
          ),
        ]);
      });
    assigneeFigures.catch(() => undefined); // awaited below
    const pagesRead = Promise.all(
      (['overdue', 'due-soon', 'no-due-date', 'unassigned'] as const).map((section) =>
        section === 'overdue' ? overdue.finish(pms) : itemPage(base, scope, pms, { section, offset: 0, limit: payload.pageSize }),
      ),
    );
    pagesRead.catch(() => undefined);
    const closedRead = readClosedItems(base, scope);
    closedRead.catch(() => undefined);
    // The review queue's repeated items, for the rows it shows with the names known so far (its
    // order does not depend on names; withRepeats reads any row this missed).
    const repeatsRead = Promise.all([pagesRead, pms, closedRead]).then(([pages, postmortems, closed]) => {
      const page = postmortemPage(postmortemReport(base, filters, postmortems, closed.items), 'review-queue', oldest(pages, base.now), {
        offset: 0,
        limit: payload.pageSize,
      });
      return page.kind === 'postmortems'
        ? repeatCounts(
            base,
            page.rows.map((r) => r.incidentKey),
          )
        : new Map<string, number>();
    });
    repeatsRead.catch(() => undefined);
    const [summary, pages, perProject, closed, overdueSeries, postmortems] = await Promise.all([
      buckets(base, scope.clauses, ITEM_SECTIONS.overdue.where(base.today)),
      pagesRead,
      // Per project the viewer browses: its open items (the filter offers projects that have some) and,
      // when in scope, its overdue buckets (the project and manager groups).
      Promise.all(
        projectKeys.map(async (key) => {
          const [open, f] = await Promise.all([
            count(base, scopeClauses({ projectKeys: [] }, [key], waivers.unproved)),
            inScope(key) ? buckets(base, scope.clauses, ITEM_SECTIONS.overdue.where(base.today), eq('project', key)) : undefined,
          ]);
          return { key, open, buckets: f };
        }),
      ),
      closedRead,
      overdueOverTime(base, scope),
      pms,
    ]);

    const present = perProject.filter((p) => p.open.count > 0).map((p) => p.key);
    const managersPresent = new Set(present.flatMap((k) => managersOf(base.settings, base.projects, k)));
    const grouped = perProject.filter((p) => p.buckets);
    const byProject = grouped.map((p) => groupSummary(p.key, p.key, p.buckets!, base.now)).filter((g) => g.count > 0);
    const managerKeys = projectsByManager(
      base.settings,
      base.projects,
      grouped.map((p) => p.key),
    );
    const names = addPeople(base, [...managersPresent, ...managerKeys.keys(), ...postmortems.rows.map((p) => p.ownerAccountId)]);
    names.catch(() => undefined); // awaited below
    const [byAssignee, others] = await assigneeFigures;
    const repeats = await repeatsRead;
    await names;
    const label = (id: string) => base.people[id] ?? id;
    const byManager = [...managerKeys].map(([id, keys]) =>
      groupSummary(
        id,
        id ? label(id) : 'No manager',
        sumBuckets(
          keys.map((k) => perProject.find((p) => p.key === k)!.buckets!),
          base.now,
        ),
        base.now,
      ),
    );

    const result = postmortemReport(base, filters, postmortems, closed.items);
    const sectionAsOf = oldest(pages, base.now);
    const sections = await Promise.all(
      REPORT_SECTIONS.map((s) =>
        isItemSection(s)
          ? pages.find((p) => p.section === s)!
          : s === 'waived'
            ? waivedPage(waivers, { offset: 0, limit: payload.pageSize })
            : withRepeats(base, postmortemPage(result, s, sectionAsOf, { offset: 0, limit: payload.pageSize }), repeats),
      ),
    );
    const bucketsAsOf = oldest(Object.values(summary), base.now);
    const people: Record<string, string> = { ...result.people };
    for (const id of [...managersPresent, ...managerKeys.keys()]) if (base.people[id]) people[id] = base.people[id];
    const answer: ReportOverview = {
      today: base.today,
      asOf: oldest([...pages, { asOf: bucketsAsOf }, ...byAssignee, { asOf: others.asOf }, { asOf: waivers.asOf }], base.now),
      filters: result.filters,
      buckets: bucketCounts(summary),
      bucketsAsOf,
      groups: {
        byProject: sortGroups(byProject),
        byManager: sortGroups(byManager.filter((g) => g.count > 0)),
        byAssignee: sortGroups(byAssignee.filter((g) => g.count > 0)),
        otherAssignees: others.count,
      },
      sections,
      trends: { ...result.trends, overdueOverTime: overdueSeries },
      people,
      filterOptions: {
        projects: present
          .map((k) => ({ value: k, label: base.projects[k]?.name ? `${base.projects[k].name} (${k})` : k }))
          .sort((a, b) => a.label.localeCompare(b.label)),
        managers: [...managersPresent].map((id) => ({ value: id, label: label(id) })).sort((a, b) => a.label.localeCompare(b.label)),
      },
      truncated: postmortems.truncated || closed.truncated || waivers.truncated,
      productCalls: base.counter.calls,
    };
    return answer;
  } catch (err) {
    throw refusalOf(err, filters, false);
  }
}
