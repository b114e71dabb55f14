/**
 * Step 4: the claimed drafts created in Jira, BULK_BATCH at a time, as the caller. A refused item
 * gives its claim back and says why; a created one settles its claim with its key.
 */
import * as clock from '../../../adapters/clock';
import * as claims from '../../../adapters/creation-claims';
import { ProductError } from '../../../adapters/http';
import * as jira from '../../../adapters/jira';
import { BULK_BATCH } from '../../../contracts/action-item-rules';
import type { DraftOutcome } from '../../../contracts/macro-actions';
import { explainCreateFailure, issueUpdateFor, type ValidDraft } from '../../../domain/action-items';
import { failed, inBatches, reason } from './outcomes';

/** The items created, by their draft; `idOf` gets their issue ids. */
export async function createInBatches(
  toCreate: ValidDraft[],
  ctx: { accountId: string; incidentKey: string; pageId: string; issueType: string; omitted: (d: ValidDraft) => string[] },
  outcomes: Map<string, DraftOutcome>,
  idOf: Map<string, string>,
): Promise<Array<{ draft: ValidDraft; issueKey: string }>> {
  const { accountId, incidentKey, pageId, issueType, omitted } = ctx;
  const created: Array<{ draft: ValidDraft; issueKey: string }> = [];
  for (let i = 0; i < toCreate.length; i += BULK_BATCH) {
    const batch = toCreate.slice(i, i + BULK_BATCH);
    let answer: jira.BulkCreateAnswer;
    try {
      answer = await jira.bulkCreateIssues(
        'user',
        batch.map((d) => issueUpdateFor(d, { incidentKey, pageId, issueType, omit: omitted(d) })),
      );
    } catch (err) {
      // Jira answered (an error status): give the keys back; a retry searches Jira first anyway.
      // Without an answer (the call itself failed) the claims stay until they go stale.
      const answered = err instanceof ProductError;
      for (const d of batch) {
        if (answered) await claims.release(d.creationKey);
        outcomes.set(
          d.creationKey,
          failed(
            d.creationKey,
            answered
              ? `Not created: ${reason(err)} Try again: the app checks Jira first, so nothing is created twice.`
              : 'Jira did not answer, so this item may or may not exist. Reload in a minute and try again: the app checks Jira first and never creates it twice.',
          ),
        );
      }
      continue;
    }
    const failedAt = new Map(answer.errors.map((e) => [e.failedElementNumber, e]));
    let next = 0;
    for (const [n, d] of batch.entries()) {
      const error = failedAt.get(n);
      if (error) {
        await claims.release(d.creationKey);
        const { message, fields } = explainCreateFailure(error.elementErrors, d.projectKey);
        outcomes.set(d.creationKey, failed(d.creationKey, message, fields));
        continue;
      }
      const issue = answer.issues[next++];
      if (!issue) {
        outcomes.set(
          d.creationKey,
          failed(d.creationKey, 'Jira did not say whether this item was created. Reload: if it is not in the table, try again.'),
        );
        continue;
      }
      created.push({ draft: d, issueKey: issue.key });
      idOf.set(issue.key, issue.id);
    }
    await inBatches(
      created.slice(-batch.length).filter((c) => batch.includes(c.draft)),
      10,
      (c) => claims.settle(c.draft.creationKey, { accountId, incidentKey, claimedAt: clock.now().getTime(), issueKey: c.issueKey }),
    );
  }

  return created;
}
