/**
 * Step 3: which drafts to create. One an earlier request already created (a retry, a double
 * click) is found in Jira by its creation key; the others are claimed in app storage first, so two
 * requests never create the same item.
 */
import * as clock from '../../../adapters/clock';
import * as claims from '../../../adapters/creation-claims';
import * as jira from '../../../adapters/jira';
import type { DraftOutcome } from '../../../contracts/macro-actions';
import { ACTION_ITEM_PROPERTY_KEY, ActionItemProperty } from '../../../contracts/properties';
import { createdItemsJql, type ValidDraft } from '../../../domain/action-items';
import { failed, inBatches } from './outcomes';

export interface Claimed {
  /** Items Jira already has, by their draft. */
  existing: Array<{ draft: ValidDraft; issueKey: string }>;
  /** Drafts this request claimed, in the person's order. */
  toCreate: ValidDraft[];
  /** Issue ids by key (of the items found; the creation step adds the new ones). */
  idOf: Map<string, string>;
}

export async function claimDrafts(
  valid: ValidDraft[],
  ctx: { accountId: string; incidentKey: string },
  outcomes: Map<string, DraftOutcome>,
): Promise<Claimed> {
  const { accountId, incidentKey } = ctx;
  // Items an earlier request already created (a retry, a double click): found by their creation key.
  const earlier = await jira.searchAll('user', createdItemsJql(incidentKey), ['summary'], {
    properties: [ACTION_ITEM_PROPERTY_KEY],
    limit: 2000,
  });
  const byCreationKey = new Map<string, string>();
  const idOf = new Map<string, string>();
  for (const issue of earlier.issues) {
    const prop = ActionItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
    if (prop.success) byCreationKey.set(prop.data.creationKey, issue.key);
    idOf.set(issue.key, issue.id);
  }

  const existing: Array<{ draft: ValidDraft; issueKey: string }> = [];
  const toCreate: ValidDraft[] = [];
  await inBatches(valid, 10, async (d) => {
    const known = byCreationKey.get(d.creationKey);
    if (known) {
      existing.push({ draft: d, issueKey: known });
      return;
    }
    const claimedAt = clock.now().getTime();
    if (await claims.claim(d.creationKey, { accountId, incidentKey, claimedAt })) {
      toCreate.push(d);
      return;
    }
    const held = await claims.readClaim(d.creationKey);
    if (held?.issueKey) existing.push({ draft: d, issueKey: held.issueKey });
    else if (!held || claimedAt - held.claimedAt > claims.STALE_AFTER_MS) {
      // The request holding it died before Jira answered, and Jira has no item with this key.
      await claims.takeOver(d.creationKey, { accountId, incidentKey, claimedAt });
      toCreate.push(d);
    } else
      outcomes.set(
        d.creationKey,
        failed(
          d.creationKey,
          'Not created yet: another request is creating this item right now. Reload in a moment; it will not be created twice.',
        ),
      );
  });
  // Keep the person's order within each batch.
  toCreate.sort((a, b) => valid.indexOf(a) - valid.indexOf(b));

  return { existing, toCreate, idOf };
}
