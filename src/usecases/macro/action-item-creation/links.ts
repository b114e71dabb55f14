/**
 * Step 5: each item linked to the incident (settings.linkType) and back to the page. Both are
 * idempotent in Jira, so items found from an earlier request get them again (repairing a link that
 * failed then). Each item's outcome says what is missing.
 */
import * as confluence from '../../../adapters/confluence';
import * as jira from '../../../adapters/jira';
import type { DraftOutcome } from '../../../contracts/macro-actions';
import type { ValidDraft } from '../../../domain/action-items';
import { postmortemLinkTitle } from '../../steps/postmortem-link';
import { inBatches, reason } from './outcomes';

export async function linkItems(
  created: Array<{ draft: ValidDraft; issueKey: string }>,
  existing: Array<{ draft: ValidDraft; issueKey: string }>,
  ctx: { incidentKey: string; pageId: string; linkType: string; omitted: (d: ValidDraft) => string[]; idOf: Map<string, string> },
  outcomes: Map<string, DraftOutcome>,
): Promise<void> {
  const { incidentKey, pageId, omitted, idOf } = ctx;
  const linkTo = [...created, ...existing];
  if (linkTo.length > 0) {
    let pageUrl: string | undefined;
    try {
      const page = await confluence.getPage('user', pageId);
      if (page) {
        const base = page._links?.base ?? '';
        pageUrl = page._links?.webui ? `${base}${page._links.webui}` : undefined;
      }
    } catch {
      /* the remote link is then reported as a warning below */
    }
    await inBatches(linkTo, 5, async ({ draft, issueKey }) => {
      const warnings: string[] = [];
      const isNew = created.some((c) => c.issueKey === issueKey);
      if (isNew && omitted(draft).includes('priority'))
        warnings.push(`${issueKey} has no priority: project ${draft.projectKey}’s create screen has no Priority field.`);
      try {
        await jira.createIssueLink('user', ctx.linkType, issueKey, incidentKey);
      } catch (err) {
        warnings.push(
          `${issueKey} is not linked to ${incidentKey} (${reason(err)}). It still shows here; link it in Jira, or create it again to retry the link.`,
        );
      }
      if (pageUrl) {
        try {
          await jira.upsertRemoteLink('user', issueKey, {
            globalId: `postmortem-page:${pageId}`,
            relationship: 'postmortem',
            object: { url: pageUrl, title: postmortemLinkTitle(incidentKey) },
          });
        } catch (err) {
          warnings.push(`${issueKey} has no link to this page (${reason(err)}).`);
        }
      } else {
        warnings.push(`${issueKey} has no link to this page: Confluence did not give the page’s address.`);
      }
      const issueId = idOf.get(issueKey);
      outcomes.set(draft.creationKey, {
        creationKey: draft.creationKey,
        outcome: isNew ? 'created' : 'existing',
        issueKey,
        ...(issueId ? { issueId } : {}),
        ...(warnings.length ? { warnings } : {}),
      });
    });
  }
}
