/**
 * Whether an incident's `postmortem` issue property may be believed. Anyone who may edit the
 * incident can rewrite that property through REST (page URL, title, owner), so the app never takes
 * a link or a mail recipient from it alone: the page it names must exist in this site's
 * Confluence and carry the app's `postmortem` content property naming this incident and the same
 * owner. The link the app shows is then built from the site's base URL and the verified page id,
 * never from the property's text. Pure: `readPostmortemEvidence` (src/adapters/postmortem-pages.ts)
 * reads the page and its content property; panel, report and sweep hand them to
 * `verifyPostmortemLinks`.
 */
import { PostmortemContentProperty, PostmortemIssueProperty } from '../../contracts/properties';

export interface LinkEvidence {
  incidentKey: string;
  /** The incident's `postmortem` issue property, as stored (untrusted). */
  issueProperty: unknown;
  /** The page the property names, as Confluence answered (undefined when it does not exist). */
  page: { id: string; title: string } | undefined;
  /** That page's `postmortem` content property value (untrusted; undefined when it has none). */
  contentProperty: unknown;
}

/** The incident's postmortem once both sides agree: link and title from Confluence, not from the property. */
export type VerifiedPostmortem = PostmortemIssueProperty;

export type LinkVerdict =
  | { ok: true; postmortem: VerifiedPostmortem }
  | { ok: false; reason: 'no-record' | 'no-page' | 'not-claimed' | 'owner-differs'; message: string };

/** The page's address: the site's base URL plus the page id (Confluence's viewpage form); '' without a usable base. */
export function postmortemPageUrl(siteUrl: string | undefined, pageId: string): string {
  if (!siteUrl || !/^[1-9][0-9]{0,18}$/.test(pageId)) return '';
  let base: URL;
  try {
    base = new URL(siteUrl);
  } catch {
    return '';
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') return '';
  return `${base.origin}/wiki/pages/viewpage.action?pageId=${pageId}`;
}

/** Checks the incident's property against the page it names; the verified record carries the page's real title and a URL built from its id. */
export function verifyPostmortemLink(e: LinkEvidence, siteUrl: string | undefined): LinkVerdict {
  const prop = PostmortemIssueProperty.safeParse(e.issueProperty);
  if (!prop.success) return { ok: false, reason: 'no-record', message: `${e.incidentKey} has no readable postmortem record.` };
  const { pageId } = prop.data;
  if (!e.page || e.page.id !== pageId) {
    return {
      ok: false,
      reason: 'no-page',
      message: `${e.incidentKey} names page ${pageId} as its postmortem, which does not exist in this site.`,
    };
  }
  const cp = PostmortemContentProperty.safeParse(e.contentProperty);
  if (!cp.success || cp.data.incidentKey !== e.incidentKey) {
    return {
      ok: false,
      reason: 'not-claimed',
      message: `Page ${pageId} is not the postmortem of ${e.incidentKey}: its own record does not name the incident.`,
    };
  }
  if (cp.data.ownerAccountId !== prop.data.ownerAccountId) {
    return {
      ok: false,
      reason: 'owner-differs',
      message: `The postmortem owner recorded on ${e.incidentKey} differs from the one on page ${pageId}.`,
    };
  }
  return {
    ok: true,
    postmortem: { ...prop.data, pageTitle: e.page.title.slice(0, 255), pageUrl: postmortemPageUrl(siteUrl, pageId) },
  };
}

/** The verified postmortems among `evidence`, by incident key (the others are left out). */
export function verifyPostmortemLinks(evidence: readonly LinkEvidence[], siteUrl: string | undefined): Map<string, VerifiedPostmortem> {
  const out = new Map<string, VerifiedPostmortem>();
  for (const e of evidence) {
    const verdict = verifyPostmortemLink(e, siteUrl);
    if (verdict.ok) out.set(e.incidentKey, verdict.postmortem);
  }
  return out;
}
