/** Pure helpers of the panel's "Link an existing page" (tested with plain functions). */
import type { PageRef } from '@contracts/common';
import type { LinkExistingPageResult, SearchPagesResult } from '@contracts/panel-postmortem';
import type { ResolverError } from '@contracts/resolver';
import type { SearchState } from '../../common/hooks';

/** The longest query the backend accepts. */
export const MAX_QUERY = 100;

export type PageSearch = SearchState<SearchPagesResult>;

/** What the live region says about the search, for everyone (screen readers included). */
export function searchStatus(search: PageSearch): string {
  if (search.state === 'searching') return 'Searching pages…';
  if (search.state !== 'done') return '';
  const { pages, more, spaceKey } = search.result;
  const where = spaceKey ? ` in the postmortem space ${spaceKey}` : '';
  if (pages.length === 0) {
    return search.query
      ? `No pages you can see${where} match “${search.query}”. Try other words of the title, or paste the page’s link.`
      : `No pages you can see${where} yet. Create the postmortem instead.`;
  }
  const n = `${pages.length} page${pages.length === 1 ? '' : 's'}`;
  const tail = more ? ' (the most recently changed shown; type more of the title to narrow, or paste the page’s link)' : '';
  return `${n} found${where}${tail}. Use the arrow keys to choose, Enter to pick.`;
}

/** The page an error points at (the incident's existing postmortem, or the page's own incident), when the backend names one. */
export function conflictPageOf(error: ResolverError | null): PageRef | null {
  const page = error?.details?.page;
  if (!page || typeof page !== 'object') return null;
  const p = page as Record<string, unknown>;
  if (typeof p.pageId !== 'string' || typeof p.url !== 'string') return null;
  return { pageId: p.pageId, title: typeof p.title === 'string' ? p.title : '', url: p.url };
}

/** What the panel says after a successful link (shown above the postmortem once the panel reloads). */
export function linkedMessage(result: LinkExistingPageResult): string {
  const title = result.page.title ? `“${result.page.title}”` : 'The page';
  if (result.macro === 'not-added')
    return result.notice ?? `${title} is linked to ${result.incidentKey}. Insert the Postmortem macro on it to see its checks.`;
  const macro = result.macro === 'added' ? ' The Postmortem macro was added at the top of the page.' : '';
  return `${title} is now the postmortem of ${result.incidentKey}, due ${result.dueDate}.${macro}`;
}

export { nextActive } from '../../common/listbox';
