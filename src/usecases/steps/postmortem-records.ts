/**
 * The records that link a postmortem page and its incident: the page's content property
 * `postmortem` (written as the user), the incident's issue property `postmortem` made from it, and
 * the incident's remote link to the page (docs/architecture.md, "Where data lives").
 */
import * as confluence from '../../adapters/confluence';
import * as jira from '../../adapters/jira';
import { sealOf } from '../../adapters/waivers';
import { PostmortemContentProperty, PostmortemIssueProperty, POSTMORTEM_PROPERTY_KEY } from '../../contracts/properties';
import { postmortemSealedText } from '../../domain/postmortem';
import { Refusal } from '../refusal';

export const KEY = POSTMORTEM_PROPERTY_KEY;

/** The globalId of the incident's remote link to its postmortem page (upserted and deleted by it). */
export const remoteLinkGlobalId = (pageId: string) => `postmortem-page=${pageId}`;

export async function writePageProperty(pageId: string, value: unknown, current: confluence.ContentProperty | undefined): Promise<void> {
  const res = await confluence.putPageProperty('user', pageId, KEY, value, current);
  if (res.ok) return;
  if (res.status === 409)
    throw new Refusal('conflict', 'Someone changed this page’s postmortem record at the same moment. Reload and try again.');
  if (res.status === 401 || res.status === 403)
    throw new Refusal('forbidden', 'Confluence refused: you do not have permission to edit this page. Ask the page owner for edit access.');
  throw new Refusal('product-error', `Confluence refused to save the page’s postmortem record (status ${res.status}): ${res.message}`);
}

/** Puts the page's property back to `previous` (or removes it when there was none), whatever it is now. */
export async function restorePageProperty(pageId: string, previous: confluence.ContentProperty | undefined): Promise<void> {
  const now = await confluence.getPageProperty('user', pageId, KEY);
  if (!previous) {
    if (now) {
      const res = await confluence.deletePageProperty('user', pageId, now.id);
      if (!res.ok) throw new Error(res.message);
    }
    return;
  }
  await writePageProperty(pageId, previous.value, now);
}

export interface PageInfo {
  id: string;
  title: string;
  url: string;
  /** The page's space (only pages in the configured postmortem space may be linked). */
  spaceId?: string;
  /** A page not published yet (its author's draft). */
  unpublished?: boolean;
  /** Who created the page, as Confluence reports it (nobody can rewrite it). */
  creatorId?: string | null;
}

export function issuePropertyOf(pm: PostmortemContentProperty, page: PageInfo): PostmortemIssueProperty {
  const value: PostmortemIssueProperty = {
    pageId: page.id,
    // Anyone who may browse the incident reads its properties: never the title of a page they may not open.
    pageTitle: postmortemLinkTitle(pm.incidentKey),
    pageUrl: page.url.slice(0, 2000),
    status: pm.status,
    dueDate: pm.dueDate,
    ownerAccountId: pm.ownerAccountId,
  };
  value.incidentDate = pm.incidentDate;
  if (pm.requestedReviewAt) value.requestedReviewAt = pm.requestedReviewAt;
  if (pm.review) value.reviewedAt = pm.review.reviewedAt;
  if (pm.reviewRequest && pm.status !== 'draft') value.openFindings = pm.reviewRequest.findingsTotal;
  if (page.unpublished) value.pageUnpublished = true;
  if (pm.factors && pm.factors.length > 0) value.factors = pm.factors;
  return PostmortemIssueProperty.parse(value);
}

/**
 * The incident's record as the app writes it: `issuePropertyOf` with its seal, computed over the
 * incident's id (docs/decisions/0017-postmortem-record-sealed.md). Only the app's own writes carry
 * one; the sweep and the report believe a review state only with it.
 */
export async function sealedIssuePropertyOf(
  incidentId: string,
  pm: PostmortemContentProperty,
  page: PageInfo,
): Promise<PostmortemIssueProperty> {
  const value = issuePropertyOf(pm, page);
  return { ...value, seal: await sealOf(postmortemSealedText(incidentId, value)) };
}

/**
 * The title of a Jira remote link to a postmortem page (on the incident and on each action item),
 * and of the page in the incident's property: "Postmortem for INC-3", never the page's own title.
 * Whoever may browse the issue sees it, and they may not be allowed to open the page.
 */
export function postmortemLinkTitle(incidentKey: string): string {
  return `Postmortem for ${incidentKey}`.slice(0, 255);
}

export function remoteLinkOf(page: PageInfo, incidentKey: string): jira.RemoteLinkInput {
  return {
    globalId: remoteLinkGlobalId(page.id),
    relationship: 'Postmortem',
    object: { url: page.url, title: postmortemLinkTitle(incidentKey), summary: 'The postmortem of this incident, in Confluence.' },
    application: { type: 'com.atlassian.confluence', name: 'Confluence' },
  };
}

/** An absolute URL of the page: Confluence's own, or the site URL plus its web path. */
export function absolutePageUrl(
  page: { id: string; status?: string; _links?: { webui?: string; base?: string } },
  siteUrl: string | undefined,
): string {
  const url = confluence.pageWebUrl(page);
  if (/^https?:\/\//.test(url)) return url;
  return siteUrl ? `${siteUrl.replace(/\/$/, '')}${url}` : url;
}
