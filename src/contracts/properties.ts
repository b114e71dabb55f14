import { z } from 'zod';
import { AccountId, IsoDate, IsoDateTime, IssueKey, PageId } from './ids';
import { FactorName } from './settings';

/** Review workflow of a postmortem (docs/architecture.md, "The product"). */
export const PostmortemStatus = z.enum(['draft', 'in-review', 'reviewed']);
export type PostmortemStatus = z.infer<typeof PostmortemStatus>;

export const ReviewRecord = z.object({
  reviewedBy: AccountId,
  reviewedAt: IsoDateTime,
  note: z.string().max(2000).optional(),
  /** How many findings were still open when the reviewer marked it reviewed and accepted them. */
  acceptedFindings: z.number().int().min(0).max(1000).optional(),
});

/**
 * One open finding of a page at a review step: a required section missing or holding only the
 * template's text, or a blameless / plain-language finding. Recomputed on the server from the page
 * body as the caller; stored only as a snapshot for the review meeting.
 */
export const ReviewFinding = z.object({
  kind: z.enum(['missing', 'guidance-only', 'mention', 'person-name', 'internal-name']),
  section: z.string().max(100),
  /** The text found (for a section problem, the section's title). */
  text: z.string().max(200),
  suggestion: z.string().max(300).optional(),
  occurrences: z.number().int().min(1).max(100000).optional(),
});
export type ReviewFinding = z.infer<typeof ReviewFinding>;
export const MAX_STORED_FINDINGS = 30;

/** What went to review with the postmortem: the author's reason to go on, and the findings open then. */
export const ReviewRequestRecord = z.object({
  requestedBy: AccountId,
  /** Why it went to review with open findings (required when there were any). */
  reason: z.string().max(2000).optional(),
  /** The open findings (at most MAX_STORED_FINDINGS kept) and how many there were. */
  findings: z.array(ReviewFinding).max(MAX_STORED_FINDINGS),
  findingsTotal: z.number().int().min(0).max(100000),
});
export type ReviewRequestRecord = z.infer<typeof ReviewRequestRecord>;

/**
 * The contributing factors a reviewed postmortem is tagged with, from the admins' taxonomy
 * (settings `contributingFactors`); kept through a reopen, so they are there again once reviewed.
 */
export const PostmortemFactors = z.array(FactorName).max(30);
export const MAX_FACTORS = 30;

/** Page content property `postmortem`: page → incident, status, due date, review record. */
export const PostmortemContentProperty = z.object({
  incidentKey: IssueKey,
  status: PostmortemStatus,
  ownerAccountId: AccountId,
  incidentDate: IsoDate,
  dueDate: IsoDate,
  review: ReviewRecord.optional(),
  requestedReviewAt: IsoDateTime.optional(),
  /** Set when it is sent to review: the reason and the open findings the meeting sees. */
  reviewRequest: ReviewRequestRecord.optional(),
  /** Contributing factors, set on a reviewed postmortem by someone who may edit its page. */
  factors: PostmortemFactors.optional(),
});
export type PostmortemContentProperty = z.infer<typeof PostmortemContentProperty>;

/**
 * Jira issue property `postmortem` on the incident: incident → page (indexed for JQL). Anyone who
 * may edit the incident can rewrite an issue property (docs/platform.md, Jira), so its review
 * state counts only with its `seal`: an HMAC the app computes, with a key only it holds, over the
 * incident's id, the page, the status, the due date and the review times
 * (docs/decisions/0017-postmortem-record-sealed.md, src/domain/postmortem/seal.ts).
 */
export const PostmortemIssueProperty = z.object({
  pageId: PageId,
  pageTitle: z.string().max(255),
  pageUrl: z.string().max(2000),
  status: PostmortemStatus,
  dueDate: IsoDate,
  ownerAccountId: AccountId,
  /** The incident's date (the due date counts from it); lets the report measure incident → reviewed. */
  incidentDate: IsoDate.optional(),
  /** When the owner asked for review: the review queue is ordered by it. */
  requestedReviewAt: IsoDateTime.optional(),
  reviewedAt: IsoDateTime.optional(),
  /** How many findings were open when it went to review (the findings themselves stay on the page). */
  openFindings: z.number().int().min(0).max(100000).optional(),
  /**
   * The page was not published when it was linked: a draft only its author sees, which the app
   * cannot read to confirm the link (docs/platform.md, Confluence REST). The link stands until the
   * page is linked again once published, or unlinked.
   */
  pageUnpublished: z.boolean().optional(),
  /** Contributing factors (indexed for JQL: `issue.property[postmortem].factors = "capacity"`, alias `postmortemFactor`). */
  factors: PostmortemFactors.optional(),
  /** The app's proof of this record: base64url HMAC-SHA256 (43 characters), see above. */
  seal: z.string().max(100).optional(),
});
export type PostmortemIssueProperty = z.infer<typeof PostmortemIssueProperty>;

/** Jira issue property `postmortem-action` on an action item. */
export const ActionItemProperty = z.object({
  incidentKey: IssueKey,
  pageId: PageId.optional(),
  creationKey: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  kind: z.enum(['prevent', 'detect', 'mitigate', 'process']).optional(),
  /** A due date later than the policy proposed: the policy's date and the reason given. */
  lateDueDate: z.object({ policyDate: IsoDate, reason: z.string().min(1).max(500) }).optional(),
  /**
   * Earlier postmortems' action items this one repeats, as judged when it was created: the ones
   * shown while it was drafted, confirmed by the server with decision 0013's similarity (indexed:
   * `postmortemRepeats`).
   */
  repeats: z.array(IssueKey).max(3).optional(),
});
export type ActionItemProperty = z.infer<typeof ActionItemProperty>;

/**
 * Jira issue property `postmortem-waiver` on an action item: a request to close it without doing
 * it ("Won't do"), and its manager's decision. Anyone who may edit the issue can rewrite an issue
 * property (docs/platform.md, Jira), so an approval here counts only with its `seal`: an HMAC the
 * app computes, with a key only it holds, over the item's id, the approver, the approval time and
 * the reason (docs/decisions/0015-waiver-approvals-sealed.md, src/adapters/waivers.ts).
 */
export const WaiverProperty = z.object({
  status: z.enum(['requested', 'approved', 'declined']),
  reason: z.string().min(1).max(2000),
  requestedBy: AccountId,
  requestedAt: IsoDateTime,
  decidedBy: AccountId.optional(),
  decidedAt: IsoDateTime.optional(),
  /** Set only with an approval (indexed for people's JQL; never proof on its own). */
  approvedAt: IsoDateTime.optional(),
  note: z.string().max(2000).optional(),
  /** The app's proof of an approval: base64url HMAC-SHA256 (43 characters), see above. */
  seal: z.string().max(100).optional(),
});
export type WaiverProperty = z.infer<typeof WaiverProperty>;
export const WAIVER_PROPERTY_KEY = 'postmortem-waiver';
/** The resolution Jira gives an issue closed without doing it. */
export const WONT_DO_RESOLUTION = "Won't Do";

export const POSTMORTEM_PROPERTY_KEY = 'postmortem';
export const ACTION_ITEM_PROPERTY_KEY = 'postmortem-action';
export const ACTION_ITEM_LABEL = 'postmortem-action';
