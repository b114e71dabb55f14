/**
 * The seal on an incident's `postmortem` issue property (docs/decisions/0017-postmortem-record-sealed.md).
 * Anyone who may edit the incident may rewrite that property (docs/platform.md, Jira), so a claim
 * that its postmortem went to review or was reviewed counts only when it carries the seal the app
 * computed, with a key only it holds (src/adapters/waivers.ts), over what the chase depends on:
 * the incident's id (a seal copied from another incident proves nothing), the page, the status,
 * the due date, the times of the review request and the review, and the owner. Pure: the caller
 * passes the check made with the app's key.
 */
import { PostmortemIssueProperty, type PostmortemContentProperty } from '../../contracts/properties';

/** Checks a seal against the text it should seal (the adapter's HMAC with the app's key). */
export type SealCheck = (text: string, seal: string) => boolean;

/**
 * The text an incident record's seal is computed over: `postmortem/2`, which covers the owner (who
 * may not review their own postmortem; docs/decisions/0020-postmortem-owner-sealed.md). Its
 * contributing factors are sealed too, when it has any (the count per factor believes only sealed
 * ones, docs/decisions/0016-practice-figures.md): a record without factors has the text it had
 * before factors were sealed, so its seal still verifies.
 */
export function postmortemSealedText(issueId: string, p: PostmortemIssueProperty): string {
  const fields = [...stateFields('postmortem/2', issueId, p), p.ownerAccountId];
  return JSON.stringify(p.factors && p.factors.length > 0 ? [...fields, p.factors] : fields);
}

/** The text of seals written before the owner was sealed (`postmortem/1`): still proof of the state, never of the owner. */
function ownerlessSealedText(issueId: string, p: PostmortemIssueProperty): string {
  const fields = stateFields('postmortem/1', issueId, p);
  return JSON.stringify(p.factors && p.factors.length > 0 ? [...fields, p.factors] : fields);
}

function stateFields(version: string, issueId: string, p: PostmortemIssueProperty): string[] {
  return [version, issueId, p.pageId, p.status, p.dueDate, p.requestedReviewAt ?? '', p.reviewedAt ?? ''];
}

/**
 * A proved incident record. `ownerUnproved`: its seal was written before seals covered the owner
 * (`postmortem/1`), so it proves the state (status, dates, factors) but not who the owner is.
 */
export type ProvenPostmortem = PostmortemIssueProperty & { ownerUnproved?: true };

/**
 * The incident record a `postmortem` issue property proves: the parsed property when its seal is
 * the one the app computed for this incident and these values, else undefined (absent, malformed,
 * written by hand, copied from another incident, or written by a version older than the seal).
 */
export function provenPostmortem(issueId: string, raw: unknown, check: SealCheck): ProvenPostmortem | undefined {
  const parsed = PostmortemIssueProperty.safeParse(raw);
  if (!parsed.success || !parsed.data.seal) return undefined;
  const seal = parsed.data.seal;
  // Factors the seal does not cover (added by hand, or tagged before factors were sealed): the rest
  // of the record may still be the app's, but its factors prove nothing and are left out.
  const { factors: _unproved, ...withoutFactors } = parsed.data;
  const candidates = parsed.data.factors?.length ? [parsed.data, withoutFactors] : [parsed.data];
  for (const record of candidates) if (check(postmortemSealedText(issueId, record), seal)) return record;
  for (const record of candidates) if (check(ownerlessSealedText(issueId, record), seal)) return { ...record, ownerUnproved: true };
  return undefined;
}

/**
 * The record a macro step (send to review, mark reviewed, reopen, tag factors) starts from. The
 * page's `postmortem` content property is anyone's who may edit the page, so what the chase and the
 * seal depend on (status, due date, incident date, review times, owner) is taken from the incident's
 * record, and only when its seal verifies and it names this page (`proven`, from `provenPostmortem`),
 * with the factors it seals; the page gives its review and review request where they name the same
 * moments. The owner is the sealed one; a record sealed before seals covered the owner proves no
 * owner, and the page's creator as Confluence reports it (`pageCreator`, which nobody can rewrite)
 * is taken instead, falling back to the page's record only when Confluence names none. Without such
 * a record the step starts from a draft due as a new link would be (`fresh`), owned by
 * `fresh.ownerAccountId` when given (the person taking the step: a draft nobody proved is sent to
 * review as the sender's, so nobody can rename the owner of an unsealed record and then review it):
 * a review state the app did not seal is never carried into one it seals (docs/decisions/0017-postmortem-record-sealed.md,
 * "Costs and limits"; docs/decisions/0020-postmortem-owner-sealed.md).
 */
export function believedPageRecord(
  page: PostmortemContentProperty,
  proven: ProvenPostmortem | undefined,
  pageId: string,
  fresh: { incidentDate: string; dueDate: string; ownerAccountId?: string },
  pageCreator?: string | null,
): PostmortemContentProperty {
  const base = { incidentKey: page.incidentKey, ownerAccountId: page.ownerAccountId };
  if (!proven || proven.pageId !== pageId)
    return {
      ...base,
      // No proved owner either: the one the step names (the person taking the step), else the page's.
      ownerAccountId: fresh.ownerAccountId ?? page.ownerAccountId,
      status: 'draft',
      incidentDate: fresh.incidentDate,
      dueDate: fresh.dueDate,
    };
  const out: PostmortemContentProperty = {
    ...base,
    ownerAccountId: provenOwner(proven, pageCreator) ?? page.ownerAccountId,
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

/** The owner a proved record establishes: its sealed owner, or for a record sealed without one, the page's creator when known. */
export function provenOwner(proven: ProvenPostmortem, pageCreator?: string | null): string | undefined {
  return proven.ownerUnproved ? pageCreator || undefined : proven.ownerAccountId;
}
