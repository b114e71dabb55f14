/** Shared by the use cases that edit the page body: nobody else may be editing it, and no unpublished changes are overwritten. */
import * as confluence from '../../adapters/confluence';
import * as jira from '../../adapters/jira';
import { Refusal } from '../refusal';

// ---------------------------------------------------------------------------------------------
// Add the missing template sections: append only, and never under someone's editing

/**
 * Whether `draft` holds changes nobody published yet: saved after the published version and
 * different from it (a draft older than the published version was superseded by it).
 */
export function hasUnpublishedChanges(draft: confluence.PageWithBody, page: confluence.PageWithBody): boolean {
  const draftAt = Date.parse(draft.version.createdAt ?? '');
  const publishedAt = Date.parse(page.version.createdAt ?? '');
  if (Number.isFinite(draftAt) && Number.isFinite(publishedAt) && draftAt <= publishedAt) return false;
  return draft.title !== page.title || JSON.stringify(draft.adf) !== JSON.stringify(page.adf);
}

export async function editorName(accountId: string | null | undefined, caller: string): Promise<string> {
  if (!accountId) return 'Someone';
  if (accountId === caller) return 'You';
  try {
    const [user] = await jira.bulkUsers('user', [accountId]);
    if (user?.displayName.trim()) return user.displayName;
  } catch (err) {
    if (!(err instanceof jira.ProductError)) throw err;
  }
  return 'Someone';
}

/**
 * What someone is editing is theirs: a page not published yet is open in its author's editor, and
 * a published page may have unpublished changes (docs/platform.md, Confluence REST). Refuses then.
 */
export async function requireNobodyEditing(
  page: confluence.PageWithBody,
  accountId: string,
  instead: string,
  action: string,
): Promise<void> {
  if (page.status === 'draft') {
    throw new Refusal(
      'conflict',
      `This page is not published yet, so it is open in the editor, and the app does not write under someone’s editing. ${instead} Or publish the page, then use ${action}.`,
    );
  }
  const draft = await confluence.getPageDraft('user', page.id);
  if (draft && hasUnpublishedChanges(draft, page)) {
    const who = await editorName(draft.version.authorId, accountId);
    const when = draft.version.createdAt ? ` (saved ${draft.version.createdAt.slice(0, 16).replace('T', ' ')} UTC)` : '';
    throw new Refusal(
      'conflict',
      `${who} ${who === 'You' ? 'have' : 'has'} unpublished changes to this page${when}. Nothing was changed, so those changes are safe: publish or discard them, then use ${action} again.`,
    );
  }
}
