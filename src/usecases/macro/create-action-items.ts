/**
 * The macro's multi-draft form creates action items (manifest function `macro-resolver`). As the
 * caller, so Jira's permissions apply; the page (from the Forge context, not the payload) must be
 * linked to the incident the payload names. Five steps, one file each in ./action-item-creation/:
 * check the drafts, keep what each repeats of earlier items (./action-item-creation/repeats.ts),
 * read what each project's create screen accepts, claim what to create (finding
 * what an earlier request created), create in batches, link to the incident and the page.
 */
import * as jira from '../../adapters/jira';
import { type ActionItemDraft, type DraftOutcome } from '../../contracts/macro-actions';
import { allowedProjects, type ValidDraft } from '../../domain/action-items';
import type { Input, Output } from '../types';
import type { PageCaller } from '../caller';
import { createInBatches } from './action-item-creation/bulk-create';
import { claimDrafts } from './action-item-creation/claims';
import { checkDrafts } from './action-item-creation/drafts';
import { linkItems } from './action-item-creation/links';
import { confirmRepeats } from './action-item-creation/repeats';
import { failed } from './action-item-creation/outcomes';
import { readCreateScreens } from './action-item-creation/screens';
import { linkedPage, today } from './linked-page';

export async function createActionItems(
  payload: Input<'macro-resolver', 'createActionItems'>,
  at: PageCaller,
): Promise<Output<'macro-resolver', 'createActionItems'>> {
  const { accountId } = at;
  const { incidentKey } = payload;
  const pageId = await linkedPage(at, incidentKey);
  const { today: now, settings } = await today();
  const { projectKeys } = allowedProjects(settings.actionItems, incidentKey);

  const outcomes = new Map<string, DraftOutcome>();
  const valid = checkDrafts(payload.drafts, { now, projectKeys, policy: settings.dueDatePolicy }, outcomes);

  const finish = () => ({ outcomes: payload.drafts.map((d: ActionItemDraft, i) => outcomeFor(d, i)) });
  const outcomeFor = (d: ActionItemDraft, i: number): DraftOutcome => {
    const first = payload.drafts.findIndex((x) => x.creationKey === d.creationKey);
    if (first !== i) return failed(d.creationKey, 'This draft was sent twice in one request; it is created only once.');
    return (
      outcomes.get(d.creationKey) ??
      failed(d.creationKey, 'Not created: the app stopped before reaching this item. Try again; it will not be created twice.')
    );
  };
  if (valid.length === 0) return finish();

  const incident = await jira.getIssue('user', incidentKey, ['summary']);
  if (!incident) {
    for (const d of valid)
      outcomes.set(
        d.creationKey,
        failed(
          d.creationKey,
          `Not created: incident ${incidentKey} does not exist or you cannot see it in Jira. Ask for access to its project.`,
        ),
      );
    return finish();
  }

  // What the form showed as similar is kept only where the caller may see it and it is alike.
  await confirmRepeats(valid, payload.drafts, incidentKey);

  const issueType = settings.actionItems.issueType;
  const screens = await readCreateScreens(valid, issueType, outcomes);
  if (valid.length === 0) return finish();
  const omitted = (d: ValidDraft) => screens.get(d.projectKey)?.omit ?? [];

  const { existing, toCreate, idOf } = await claimDrafts(valid, { accountId, incidentKey }, outcomes);

  const created = await createInBatches(toCreate, { accountId, incidentKey, pageId, issueType, omitted }, outcomes, idOf);

  await linkItems(created, existing, { incidentKey, pageId, linkType: settings.linkType, omitted, idOf }, outcomes);
  return finish();
}
