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

export async function withRepeats(base: Base, page: SectionPage): Promise<SectionPage> {
  if (page.kind !== 'postmortems' || page.section !== 'review-queue' || page.rows.length === 0) return page;
  const keys = page.rows.map((r) => r.incidentKey);
  const jql = query(
    and(
      eq('labels', ACTION_ITEM_LABEL),
      inList({ issueProperty: ACTION_ITEM_PROPERTY_KEY, path: 'incidentKey' }, keys),
      isNotEmpty({ issueProperty: ACTION_ITEM_PROPERTY_KEY, path: 'repeats' }),
    ),
    [['key', 'ASC']],
  );
  const found = await jira.searchAll('user', jql, ['summary'], { limit: REPEAT_READ_LIMIT, properties: [ACTION_ITEM_PROPERTY_KEY] });
  base.counter.calls += found.pages;
  const count = new Map<string, number>();
  for (const i of found.issues) {
    const prop = ActionItemProperty.safeParse(i.properties?.[ACTION_ITEM_PROPERTY_KEY]);
    if (prop.success && (prop.data.repeats?.length ?? 0) > 0) count.set(prop.data.incidentKey, (count.get(prop.data.incidentKey) ?? 0) + 1);
  }
  return { ...page, rows: page.rows.map((r) => ({ ...r, repeatedItems: count.get(r.incidentKey) ?? 0 })) };
}
