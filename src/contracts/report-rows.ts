import { z } from 'zod';
import { AccountId, InputDate, IsoDate, IsoDateTime, ProjectKey } from './ids';
import { PostmortemStatus, ReviewFinding } from './properties';

/**
 * The escalation report's shapes (filters, sections, rows, figures), carried by its calls in
 * ./report.ts. Rows carry everything the page shows and the CSV export writes, so screen and CSV agree.
 */

/** Days-overdue buckets. */
export const OverdueBucket = z.enum(['1-7', '8-30', 'over-30']);
export type OverdueBucket = z.infer<typeof OverdueBucket>;
export const OVERDUE_BUCKET_LABELS: Readonly<Record<OverdueBucket, string>> = {
  '1-7': '1–7 days',
  '8-30': '8–30 days',
  'over-30': 'over 30 days',
};

export const BucketCounts = z.object({
  '1-7': z.number().int().min(0),
  '8-30': z.number().int().min(0),
  'over-30': z.number().int().min(0),
});
export type BucketCounts = z.infer<typeof BucketCounts>;

export const ReportPerson = z.object({ accountId: z.string().max(128), displayName: z.string().max(255) });
export type ReportPerson = z.infer<typeof ReportPerson>;

/**
 * Filters. The date range applies to due dates (items and postmortems); an item without a due
 * date passes it (it cannot be placed in a range, and it is a problem to show). Trends cover
 * fixed windows (12 weeks) and take the project and manager filters only.
 */
export const ReportFilters = z
  .object({
    projectKeys: z.array(ProjectKey).max(50).default([]),
    managerAccountId: AccountId.optional(),
    from: InputDate.optional(),
    to: InputDate.optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The start date must be on or before the end date.', path: ['to'] });
export type ReportFilters = z.infer<typeof ReportFilters>;

export const ItemSortKey = z.enum(['daysOverdue', 'dueDate', 'key', 'summary', 'assignee', 'project', 'incident', 'priority']);
export type ItemSortKey = z.infer<typeof ItemSortKey>;
export const PostmortemSortKey = z.enum(['dueDate', 'incident', 'title', 'daysLate', 'requestedReviewAt', 'reviewedAt']);
export type PostmortemSortKey = z.infer<typeof PostmortemSortKey>;
export const SortDirection = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof SortDirection>;

/** The report's sections (also the CSV export's `section`). */
export const ReportSection = z.enum([
  'overdue',
  'due-soon',
  'no-due-date',
  'unassigned',
  'postmortems-late',
  'review-queue',
  'recently-reviewed',
  'waived',
]);
export type ReportSection = z.infer<typeof ReportSection>;

/** An action item row. */
export const ReportItemRow = z.object({
  key: z.string().max(64),
  summary: z.string(),
  projectKey: z.string().max(32),
  incidentKey: z.string().max(64).nullable(),
  assignee: ReportPerson.nullable(),
  dueDate: IsoDate.nullable(),
  /** Days past the due date (≥ 1) when overdue, else null. */
  daysOverdue: z.number().int().min(1).nullable(),
  /** Days until the due date (0 = today) when not overdue, else null. */
  daysUntilDue: z.number().int().min(0).nullable(),
  bucket: OverdueBucket.nullable(),
  /** Escalation contacts of the item's project (or its lead). */
  managers: z.array(z.string().max(128)),
  priority: z.string().max(60).nullable(),
  itemUrl: z.string().max(2100),
  incidentUrl: z.string().max(2100).nullable(),
  postmortemUrl: z.string().max(2100).nullable(),
  /**
   * A due date later than the due-date policy proposed: the policy's date and the reason given
   * when the item was created (its `postmortem-action` property, the author's word).
   */
  lateDueDate: z
    .object({ policyDate: IsoDate, reason: z.string().max(500) })
    .nullable()
    .optional(),
});
export type ReportItemRow = z.infer<typeof ReportItemRow>;

/**
 * A waived action item: resolved as Won't Do with its manager's approval, proved by the app's seal
 * (docs/decisions/0015-waiver-approvals-sealed.md); a Won't Do without one counts as open instead.
 */
export const ReportWaivedRow = z.object({
  key: z.string().max(64),
  summary: z.string(),
  projectKey: z.string().max(32),
  incidentKey: z.string().max(64).nullable(),
  assignee: ReportPerson.nullable(),
  dueDate: IsoDate.nullable(),
  /** Why it is not done, as asked. */
  reason: z.string().max(2000),
  approvedBy: ReportPerson,
  approvedAt: IsoDateTime,
  /** The approver's note, if any. */
  note: z.string().max(2000).nullable(),
  itemUrl: z.string().max(2100),
  incidentUrl: z.string().max(2100).nullable(),
});
export type ReportWaivedRow = z.infer<typeof ReportWaivedRow>;

/** A group of overdue items (by project, manager or assignee), referencing rows by key. */
export const ReportGroup = z.object({
  /** Project key, manager account id, assignee account id; '' for "no manager" / "unassigned". */
  key: z.string().max(128),
  label: z.string().max(255),
  count: z.number().int().min(0),
  buckets: BucketCounts,
  /** The group's items, most overdue first. */
  itemKeys: z.array(z.string().max(64)),
});
export type ReportGroup = z.infer<typeof ReportGroup>;

export const ReportPostmortemRow = z.object({
  incidentKey: z.string().max(64),
  incidentProjectKey: z.string().max(32),
  incidentUrl: z.string().max(2100),
  pageId: z.string().max(32),
  pageTitle: z.string(),
  pageUrl: z.string().max(2100),
  ownerAccountId: z.string().max(128),
  status: PostmortemStatus,
  incidentDate: IsoDate,
  dueDate: IsoDate,
  /** Days past the due date when late (draft and past due), else null. */
  daysLate: z.number().int().min(1).nullable(),
  requestedReviewAt: IsoDateTime.nullable(),
  /** Days waiting in the review queue (in review only). */
  daysInQueue: z.number().int().min(0).nullable(),
  reviewedAt: IsoDateTime.nullable(),
  /** Days from the incident to the review (reviewed only). */
  daysToReviewed: z.number().int().nullable(),
  /** An incident tracked from resolution that has no postmortem page yet (title, page and link are empty). */
  noPage: z.boolean().optional(),
  /** Review queue: how many of its action items repeat earlier postmortems' items (decision 0013's similarity, judged at creation). */
  repeatedItems: z.number().int().min(0).optional(),
  /**
   * In review: what went to review with it, from the page's own record (the author's reason to go
   * on and the findings open then), for the meeting.
   */
  reviewRequest: z
    .object({
      reason: z.string().max(2000).nullable(),
      findings: z.array(ReviewFinding).max(30),
      findingsTotal: z.number().int().min(0),
    })
    .optional(),
});
export type ReportPostmortemRow = z.infer<typeof ReportPostmortemRow>;

export const WeeklyTrendPoint = z.object({
  /** Monday of the week. */
  weekStart: IsoDate,
  closedOnTime: z.number().int().min(0),
  closedLate: z.number().int().min(0),
  /** Closed items that had no due date. */
  closedWithoutDueDate: z.number().int().min(0),
  /** Median days from incident to review, of the postmortems reviewed that week. */
  medianDaysToReviewed: z.number().nullable(),
});
export type WeeklyTrendPoint = z.infer<typeof WeeklyTrendPoint>;

export const OverduePoint = z.object({ at: IsoDateTime, overdueCount: z.number().int().min(0) });
export type OverduePoint = z.infer<typeof OverduePoint>;

export const ReportTrends = z.object({
  /** The last 12 weeks, oldest first, the current week last. */
  weekly: z.array(WeeklyTrendPoint).max(53),
  /** Median over the postmortems reviewed in those weeks. */
  medianDaysToReviewed: z.number().nullable(),
  /** From the sweep run summaries, oldest first. */
  overdueOverTime: z.array(OverduePoint),
});
export type ReportTrends = z.infer<typeof ReportTrends>;

export const ReportResult = z.object({
  today: IsoDate,
  filters: ReportFilters,
  overdue: z.object({
    rows: z.array(ReportItemRow),
    buckets: BucketCounts,
    byProject: z.array(ReportGroup),
    byManager: z.array(ReportGroup),
    byAssignee: z.array(ReportGroup),
  }),
  dueSoon: z.array(ReportItemRow),
  noDueDate: z.array(ReportItemRow),
  unassigned: z.array(ReportItemRow),
  postmortems: z.object({
    late: z.array(ReportPostmortemRow),
    reviewQueue: z.array(ReportPostmortemRow),
    recentlyReviewed: z.array(ReportPostmortemRow),
  }),
  trends: ReportTrends,
  /** Waived action items (set by the use case that reads them; the in-memory build leaves it out). */
  waived: z.array(ReportWaivedRow).optional(),
  /** Display names of managers (and other people) the page shows, by account id, when known. */
  people: z.record(z.string(), z.string()),
  /** Projects and managers present before filtering, for the filter pickers. */
  filterOptions: z.object({ projectKeys: z.array(z.string()), managerAccountIds: z.array(z.string()) }),
});
export type ReportResult = z.infer<typeof ReportResult>;
