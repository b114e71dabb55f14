/**
 * "Has this fix been proposed before?": the action items of earlier postmortems like the one being
 * drafted, open or done, found with Jira's text search as the caller, so only items in projects
 * they may browse come back (docs/decisions/0012-similar-action-items.md).
 */
import * as jira from '../../adapters/jira';
import { ACTION_ITEM_PROPERTY_KEY, ActionItemProperty } from '../../contracts/properties';
import { distinctiveWords, queryWords, rankSimilar, similarItemsJql, wordCountJql } from '../../domain/similar';
import type { PageCaller } from '../caller';
import type { Input, Output } from '../types';
import { linkedPage } from './linked-page';

/** Candidates read per search: the newest items sharing a word with the draft. */
export const CANDIDATES = 50;

export async function findSimilarActionItems(
  { incidentKey, summary }: Input<'macro-resolver', 'findSimilarActionItems'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'findSimilarActionItems'>> {
  await linkedPage(at, incidentKey); // drafted on a page the caller sees, linked to that incident
  const asked = queryWords(summary);
  if (asked.length < 2) return { items: [] };
  // How common each word is among the items the person may see: common words match everything.
  const counts = await Promise.all(
    asked.map(async (word) => ({ word, items: (await jira.approximateCount('user', wordCountJql(word))).count })),
  );
  const query = similarItemsJql(distinctiveWords(counts));
  if (!query) return { items: [] };
  const page = await jira.searchPage('user', query, ['summary', 'status'], {
    maxResults: CANDIDATES,
    properties: [ACTION_ITEM_PROPERTY_KEY],
  });
  const candidates = page.issues.map((i) => {
    const prop = ActionItemProperty.safeParse(i.properties?.[ACTION_ITEM_PROPERTY_KEY]);
    return {
      key: i.key,
      summary: i.fields.summary ?? '',
      incidentKey: prop.success ? prop.data.incidentKey : null,
      done: i.fields.status?.statusCategory.key === 'done',
      status: i.fields.status?.name ?? '',
      url: `/browse/${i.key}`,
    };
  });
  return { items: rankSimilar(summary, candidates, { ownIncident: incidentKey, limit: 3 }) };
}
