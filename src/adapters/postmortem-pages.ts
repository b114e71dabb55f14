/**
 * What it takes to believe an incident's `postmortem` issue property: the page it names and that
 * page's own `postmortem` content property. Panel, report and sweep read them here and hand them to
 * the rule `verifyPostmortemLinks` (src/domain/postmortem/link.ts), so a property rewritten by hand
 * through Jira REST never becomes a link, a title or a mail recipient.
 *
 * Everything is read as `as`: the viewing user on the panel and the report (a postmortem on a page
 * they may not open cannot be confirmed for them, so they are shown none of it), the app in the
 * sweep. What is shown comes from Confluence (the page's title) and from the site's base URL and
 * the page id (the link), never from the incident property's text.
 */
import { PostmortemIssueProperty, POSTMORTEM_PROPERTY_KEY } from '../contracts/properties';
import * as confluence from './confluence';

/** At most this many content-property reads at once. */
const PARALLEL = 8;

export interface ClaimedPostmortem {
  incidentKey: string;
  /** The incident's `postmortem` issue property value, as read (untrusted). */
  issueProperty: unknown;
}

async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

/** What the page side says about one claim (the rule's input). */
export interface PostmortemEvidence {
  incidentKey: string;
  issueProperty: unknown;
  /** The page, when it exists and `as` may see it. */
  page: { id: string; title: string } | undefined;
  contentProperty: unknown;
}

/**
 * Reads the page side of each claim as `as`: the content property of the page each incident
 * property names (one call per page; Confluence answers 404 when the page does not exist or `as`
 * may not see it), then the titles of those pages (one call per 250 pages). Claims that name no
 * page are left out.
 */
export async function readPostmortemEvidence(
  claims: readonly ClaimedPostmortem[],
  options: { as: confluence.As; counter?: confluence.CallCounter },
): Promise<PostmortemEvidence[]> {
  const withPage = claims.flatMap((c) => {
    const parsed = PostmortemIssueProperty.safeParse(c.issueProperty);
    return parsed.success ? [{ ...c, pageId: parsed.data.pageId }] : [];
  });
  if (withPage.length === 0) return [];
  const ids = [...new Set(withPage.map((c) => c.pageId))];
  const props = new Map<string, confluence.ContentProperty | undefined>();
  await inParallel(ids, PARALLEL, async (pageId) => {
    props.set(pageId, await confluence.getPageProperty(options.as, pageId, POSTMORTEM_PROPERTY_KEY, options.counter));
  });
  const existing = ids.filter((id) => props.get(id) !== undefined);
  const titles = existing.length
    ? await confluence.getPagesByIds(options.as, existing, options.counter)
    : new Map<string, confluence.Page>();
  return withPage.map((c) => {
    const prop = props.get(c.pageId);
    return {
      incidentKey: c.incidentKey,
      issueProperty: c.issueProperty,
      page: prop ? { id: c.pageId, title: titles.get(c.pageId)?.title ?? '' } : undefined,
      contentProperty: prop?.value,
    };
  });
}
