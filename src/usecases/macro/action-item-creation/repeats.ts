/**
 * "Has this fix been proposed before?", kept: each valid draft's `repeats` are the earlier action
 * items its form showed as similar (`similarTo`, a hint from the payload) that the caller may see
 * (searched as them), that belong to another incident, and whose summaries decision 0013's
 * similarity still finds alike. One search for all drafts; when Jira refuses it (a key that does
 * not exist or is hidden), nothing is kept.
 */
import { ProductError } from '../../../adapters/http';
import * as jira from '../../../adapters/jira';
import type { ActionItemDraft } from '../../../contracts/macro-actions';
import { ACTION_ITEM_LABEL, ACTION_ITEM_PROPERTY_KEY, ActionItemProperty } from '../../../contracts/properties';
import type { ValidDraft } from '../../../domain/action-items';
import { and, eq, inList, query } from '../../../domain/jql';
import { similarity, SIMILAR_THRESHOLD } from '../../../domain/similar';

export async function confirmRepeats(valid: ValidDraft[], drafts: readonly ActionItemDraft[], incidentKey: string): Promise<void> {
  const hints = new Map(drafts.map((d) => [d.creationKey, d.similarTo ?? []]));
  const keys = [...new Set(valid.flatMap((d) => hints.get(d.creationKey) ?? []))].filter((k) => k !== incidentKey);
  if (keys.length === 0) return;
  let found: jira.Issue[];
  try {
    const page = await jira.searchPage('user', query(and(inList('key', keys), eq('labels', ACTION_ITEM_LABEL))), ['summary'], {
      maxResults: 50,
      properties: [ACTION_ITEM_PROPERTY_KEY],
    });
    found = page.issues;
  } catch (err) {
    if (err instanceof ProductError && err.status === 400) return;
    throw err;
  }
  const byKey = new Map(found.map((i) => [i.key, i]));
  for (const d of valid) {
    const repeats = (hints.get(d.creationKey) ?? []).filter((k) => {
      const earlier = byKey.get(k);
      if (!earlier) return false;
      const prop = ActionItemProperty.safeParse(earlier.properties?.[ACTION_ITEM_PROPERTY_KEY]);
      if (prop.success && prop.data.incidentKey === incidentKey) return false;
      return similarity(d.summary, earlier.fields.summary ?? '') >= SIMILAR_THRESHOLD;
    });
    if (repeats.length > 0) d.repeats = [...new Set(repeats)];
  }
}
