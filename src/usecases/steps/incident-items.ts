/**
 * Reading an incident's action items, shared by the panel and the macro: one JQL search as the
 * caller (so nobody sees an item they cannot browse), up to 100 items, no call per item.
 */
import * as jira from '../../adapters/jira';
import { readSealCheck } from '../../adapters/waivers';
import type { ActionItemCounts, ActionItemRow } from '../../contracts/macro-actions';
import { countItems, incidentItemsJql, ITEM_FIELDS, ITEM_PROPERTIES, toRow } from '../../domain/action-items';

export const ITEMS_PAGE = 100;

export interface IncidentItems {
  items: ActionItemRow[];
  counts: ActionItemCounts;
  truncated: boolean;
}

/**
 * The incident's items as the caller sees them. The caller must be able to browse the incident
 * (linkedIssues() needs it). `reconcile` names issues just created: Jira's search may not show
 * them yet unless asked to (docs/platform.md, Jira REST).
 */
export async function readIncidentItems(incidentKey: string, today: string, reconcile: readonly string[] = []): Promise<IncidentItems> {
  const [page, check] = await Promise.all([
    jira.searchPage('user', incidentItemsJql(incidentKey), ITEM_FIELDS, {
      maxResults: ITEMS_PAGE,
      properties: ITEM_PROPERTIES,
      reconcileIssues: reconcile,
    }),
    readSealCheck(),
  ]);
  // A Won't Do without a proved approval counts as open (docs/decisions/0015-waiver-approvals-sealed.md).
  const items = page.issues.map((i) => toRow(i, today, check));
  return { items, counts: countItems(items), truncated: Boolean(page.nextPageToken) };
}
