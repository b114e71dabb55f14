/**
 * The seal on an incident's `postmortem` issue property (docs/decisions/0017-postmortem-record-sealed.md).
 * Anyone who may edit the incident may rewrite that property (docs/platform.md, Jira), so a claim
 * that its postmortem went to review or was reviewed counts only when it carries the seal the app
 * computed, with a key only it holds (src/adapters/waivers.ts), over what the chase depends on:
 * the incident's id (a seal copied from another incident proves nothing), the page, the status,
 * the due date and the times of the review request and the review. Pure: the caller passes the
 * check made with the app's key.
 */
import { PostmortemIssueProperty, type PostmortemContentProperty } from '../../contracts/properties';

/** Checks a seal against the text it should seal (the adapter's HMAC with the app's key). */
export type SealCheck = (text: string, seal: string) => boolean;

/**
 * The text an incident record's seal is computed over. Its contributing factors are sealed too, when
 * it has any (the count per factor believes only sealed ones, docs/decisions/0016-practice-figures.md):
 * a record without factors has the text it had before factors were sealed, so its seal still verifies.
 */
export function postmortemSealedText(issueId: string, p: PostmortemIssueProperty): string {
  const fields = ['postmortem/1', issueId, p.pageId, p.status, p.dueDate, p.requestedReviewAt ?? '', p.reviewedAt ?? ''];
  return JSON.stringify(p.factors && p.factors.length > 0 ? [...fields, p.factors] : fields);
}

/**
 * The incident record a `postmortem` issue property proves: the parsed property when its seal is
 * the one the app computed for this incident and these values, else undefined (absent, malformed,
 * written by hand, copied from another incident, or written by a version older than the seal).
 */
export function provenPostmortem(issueId: string, raw: unknown, check: SealCheck): PostmortemIssueProperty | undefined {
  const parsed = PostmortemIssueProperty.safeParse(raw);
  if (!parsed.success || !parsed.data.seal) return undefined;
  if (check(postmortemSealedText(issueId, parsed.data), parsed.data.seal)) return parsed.data;
  // Factors the seal does not cover (added by hand, or tagged before factors were sealed): the rest
  // of the record may still be the app's, but its factors prove nothing and are left out.
  if (!parsed.data.factors?.length) return undefined;
  const { factors: _unproved, ...rest } = parsed.data;
  return check(postmortemSealedText(issueId, rest), parsed.data.seal) ? rest : undefined;
}

/**
 * The record a macro step (send to review, mark reviewed, reopen, tag factors) starts from. The
 * page's `postmortem` content property is anyone's who may edit the page, so what the chase and the
 * seal depend on (status, due date, incident date, review times) is taken from the incident's
 * record, and only when its seal verifies and it names this page (`proven`, from `provenPostmortem`),
 * with the factors it seals and the owner it names; the page gives its review and review request
 * where they name the same moments. Without such a record the step starts from a draft due as a new link would be
 * (`fresh`): a review state the app did not seal is never carried into one it seals
 * (docs/decisions/0017-postmortem-record-sealed.md, "Costs and limits").
 */
export function believedPageRecord(
  page: PostmortemContentProperty,
  proven: PostmortemIssueProperty | undefined,
  pageId: string,
  fresh: { incidentDate: string; dueDate: string },
): PostmortemContentProperty {
  const base = { incidentKey: page.incidentKey, ownerAccountId: page.ownerAccountId };
  if (!proven || proven.pageId !== pageId) return { ...base, status: 'draft', incidentDate: fresh.incidentDate, dueDate: fresh.dueDate };
  const out: PostmortemContentProperty = {
    ...base,
    // The owner (who may not review their own postmortem) as the incident's record names it: only
    // those who may edit the incident can rewrite that, not everyone who may edit the page.
    ownerAccountId: proven.ownerAccountId,
    status: proven.status,
    incidentDate: proven.incidentDate ?? page.incidentDate,
    dueDate: proven.dueDate,
  };
  if (proven.requestedReviewAt) {
    out.requestedReviewAt = proven.requestedReviewAt;
    if (proven.status !== 'draft' && page.reviewRequest && page.requestedReviewAt === proven.requestedReviewAt)
      out.reviewRequest = page.reviewRequest;
  }
  if (proven.reviewedAt && page.review?.reviewedAt === proven.reviewedAt) out.review = page.review;
  // Factors as the app sealed them (the page's may be rewritten; tagging writes the ones chosen).
  if (proven.factors && proven.factors.length > 0) out.factors = proven.factors;
  return out;
}
