/**
 * "How many of its action items repeat earlier ones", for the postmortems of a review-queue page:
 * one search, as the viewer, of the items of those incidents whose `postmortem-action` record says
 * they repeat an earlier postmortem's item (`postmortemRepeats`, set when the item was created with
 * decision 0013's similarity; src/usecases/macro/create-action-items.ts). Its cost follows the rows
 * on screen, not the site.
 */
import * as jira from '../../adapters/jira';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, ActionItemProperty } from '../../contracts/properties';
import type { SectionPage } from '../../contracts/report';
import { and, eq, inList, isNotEmpty, query } from '../../domain/jql';
import type { Base } from './base';

/** The most such items one page reads. */
const REPEAT_READ_LIMIT = 500;

/** Per incident of `keys`, how many of its action items repeat earlier ones (one search, as the viewer). */
export async function repeatCounts(base: Base, keys: readonly string[]): Promise<Map<string, number>> {
  const count = new Map<string, number>(keys.map((k) => [k, 0]));
  if (keys.length === 0) return count;
  const jql = query(
    and(
      eq('labels', ACTION_ITEM_LABEL),
      inList({ issueProperty: ACTION_ITEM_PROPERTY_KEY, path: 'incidentKey' }, [...keys]),
      isNotEmpty({ issueProperty: ACTION_ITEM_PROPERTY_KEY, path: 'repeats' }),
    ),
    [['key', 'ASC']],
  );
  const found = await jira.searchAll('user', jql, ['summary'], { limit: REPEAT_READ_LIMIT, properties: [ACTION_ITEM_PROPERTY_KEY] });
  base.counter.calls += found.pages;
  for (const i of found.issues) {
    const prop = ActionItemProperty.safeParse(i.properties?.[ACTION_ITEM_PROPERTY_KEY]);
    if (prop.success && (prop.data.repeats?.length ?? 0) > 0 && count.has(prop.data.incidentKey))
      count.set(prop.data.incidentKey, (count.get(prop.data.incidentKey) ?? 0) + 1);
  }
  return count;
}

/**
 * The page with each review-queue row's repeated items. `known`: counts already read (the report
 * reads them while it looks up names); only rows it lacks are searched for.
 */
export async function withRepeats(base: Base, page: SectionPage, known: ReadonlyMap<string, number> = new Map()): Promise<SectionPage> {
  if (page.kind !== 'postmortems' || page.section !== 'review-queue' || page.rows.length === 0) return page;
  const missing = page.rows.map((r) => r.incidentKey).filter((k) => !known.has(k));
  const count = new Map([...known, ...(await repeatCounts(base, missing))]);
  return { ...page, rows: page.rows.map((r) => ({ ...r, repeatedItems: count.get(r.incidentKey) ?? 0 })) };
}
