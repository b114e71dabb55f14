import { z } from 'zod';
import { AccountId, IsoDate, IsoDateTime, IssueKey, PageId } from './ids';

/** Review workflow of a postmortem (docs/architecture.md, "The product"). */
export const PostmortemStatus = z.enum(['draft', 'in-review', 'reviewed']);
export type PostmortemStatus = z.infer<typeof PostmortemStatus>;

export const ReviewRecord = z.object({
  reviewedBy: AccountId,
  reviewedAt: IsoDateTime,
  note: z.string().max(2000).optional(),
});

/** Page content property `postmortem`: page → incident, status, due date, review record. */
export const PostmortemContentProperty = z.object({
  incidentKey: IssueKey,
  status: PostmortemStatus,
  ownerAccountId: AccountId,
  incidentDate: IsoDate,
  dueDate: IsoDate,
  review: ReviewRecord.optional(),
  requestedReviewAt: IsoDateTime.optional(),
});
export type PostmortemContentProperty = z.infer<typeof PostmortemContentProperty>;

/** Jira issue property `postmortem` on the incident: incident → page (indexed for JQL). */
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
  /**
   * The page was not published when it was linked: a draft only its author sees, which the app
   * cannot read to confirm the link (docs/platform.md, Confluence REST). The link stands until the
   * page is linked again once published, or unlinked.
   */
  pageUnpublished: z.boolean().optional(),
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
});
export type ActionItemProperty = z.infer<typeof ActionItemProperty>;

export const POSTMORTEM_PROPERTY_KEY = 'postmortem';
export const ACTION_ITEM_PROPERTY_KEY = 'postmortem-action';
export const ACTION_ITEM_LABEL = 'postmortem-action';
