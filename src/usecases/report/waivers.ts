/**
 * Waived action items and the scope of every open figure. An item resolved as Won't Do is waived
 * only when its `postmortem-waiver` property carries the app's seal (docs/decisions/0015); the
 * report reads, as the viewer, the items in scope that claim an approval (one search per 100 of
 * them, like the postmortems: their number follows waivers, not open items), checks each seal with
 * the app's key (one storage read), lists the proved ones and counts the others as open, by key, in
 * every open figure.
 */
import * as clock from '../../adapters/clock';
import * as jira from '../../adapters/jira';
import { readSealCheck } from '../../adapters/waivers';
import type { ReportFilters, ReportWaivedRow } from '../../contracts/report-rows';
import { ACTION_ITEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY } from '../../contracts/properties';
import { isIsoDate } from '../../domain/dates';
import { and, query } from '../../domain/jql';
import { REPORT_ITEM_FIELDS } from '../../domain/report';
import { offsetOfToken, offsetToken, projectsOfManager, scopeClauses, scopedProjects, waiverClauses } from '../../domain/report/live';
import type { SectionPage } from '../../contracts/report';
import { Refusal } from '../refusal';
import { issueUrl } from '../../domain/sweep/messages';
import { provenApproval } from '../../domain/waivers';
import { addPeople, type Base } from './base';
import type { Scope } from './figures';
import { itemOf } from './item-page';

/** The most waiver claims one report reads. */
export const WAIVER_READ_LIMIT = 5_000;
/** The most unproved claims named in the open figures' JQL (beyond them, the oldest are left out). */
const MAX_UNPROVED = 500;

export interface Waivers {
  /** Proved waivers, most recently approved first. */
  rows: ReportWaivedRow[];
  /** Items claiming an approval without the app's seal: open. */
  unproved: string[];
  truncated: boolean;
  /** When Jira answered the search. */
  asOf: string;
}

/** The scope of every figure, with the unproved waiver claims counted as open, and the waived items. */
export async function readScope(base: Base, filters: ReportFilters): Promise<{ scope: Scope; waivers: Waivers }> {
  const managerProjects =
    filters.managerAccountId !== undefined ? projectsOfManager(base.settings, base.projects, filters.managerAccountId) : undefined;
  const projectKeys = scopedProjects(filters, managerProjects);
  const waivers = await readWaivers(base, filters, projectKeys);
  return {
    scope: { clauses: scopeClauses(filters, projectKeys, waivers.unproved), projectKeys, unprovedWaivers: waivers.unproved },
    waivers,
  };
}

async function readWaivers(base: Base, filters: ReportFilters, projectKeys: readonly string[] | undefined): Promise<Waivers> {
  const clauses = waiverClauses(filters, projectKeys);
  if (!clauses) return { rows: [], unproved: [], truncated: false, asOf: base.now };
  const [found, check] = await Promise.all([
    jira.searchAll('user', query(and(...clauses), [['key', 'ASC']]), [...REPORT_ITEM_FIELDS], {
      limit: WAIVER_READ_LIMIT,
      properties: [WAIVER_PROPERTY_KEY, ACTION_ITEM_PROPERTY_KEY],
    }),
    readSealCheck(),
  ]);
  base.counter.calls += found.pages;
  const asOf = clock.now().toISOString();
  const rows: ReportWaivedRow[] = [];
  const unproved: string[] = [];
  for (const issue of found.issues) {
    const approval = provenApproval(issue.id, issue.properties?.[WAIVER_PROPERTY_KEY], check);
    const item = itemOf(issue);
    if (!approval || !item || !approval.decidedBy || !approval.approvedAt) {
      if (unproved.length < MAX_UNPROVED) unproved.push(issue.key);
      continue;
    }
    rows.push({
      key: item.key,
      summary: item.summary,
      projectKey: item.projectKey,
      incidentKey: item.incidentKey,
      assignee: item.assignee ? { accountId: item.assignee.accountId, displayName: item.assignee.displayName } : null,
      dueDate: item.dueDate && isIsoDate(item.dueDate) ? item.dueDate : null,
      reason: approval.reason,
      approvedBy: { accountId: approval.decidedBy, displayName: approval.decidedBy },
      approvedAt: approval.approvedAt,
      note: approval.note ?? null,
      itemUrl: issueUrl(base.siteUrl, item.key),
      incidentUrl: item.incidentKey ? issueUrl(base.siteUrl, item.incidentKey) : null,
    });
  }
  await addPeople(
    base,
    rows.map((r) => r.approvedBy.accountId),
  );
  for (const r of rows) r.approvedBy.displayName = base.people[r.approvedBy.accountId] ?? 'Unknown person';
  rows.sort((a, b) => (a.approvedAt < b.approvedAt ? 1 : a.approvedAt > b.approvedAt ? -1 : a.key.localeCompare(b.key)));
  return { rows, unproved, truncated: found.truncated, asOf };
}

/** One page of the waived items (read in memory, paged by our own offset token, in their one order). */
export function waivedPage(
  waivers: Waivers,
  q: { sort?: unknown; group?: unknown; pageToken?: string; offset: number; limit: number },
): SectionPage {
  if (q.group) throw new Refusal('invalid-input', 'Only the overdue items are grouped; clear the group and try again.');
  if (q.sort) throw new Refusal('invalid-input', 'Waived items are listed most recently approved first and cannot be sorted.');
  const start = offsetOfToken(q.pageToken);
  if (start === undefined) throw new Refusal('invalid-input', 'That page token is not one the report gave; reload the report.');
  const next = start + q.limit;
  return {
    kind: 'waivers',
    section: 'waived',
    total: waivers.rows.length,
    asOf: waivers.asOf,
    offset: q.offset,
    rows: waivers.rows.slice(start, next),
    ...(next < waivers.rows.length ? { nextPageToken: offsetToken(next) } : {}),
  };
}
