/**
 * Calls of the report's learning sections (function `report-resolver`): how the practice is doing
 * per team and month (`getPractice`), and the reviewed postmortems by contributing factor
 * (`getFactors`). Both read live from Jira as the viewer, each figure with the time it is true as of.
 */
import { z } from 'zod';
import { IsoDate, IsoDateTime, IssueKey, ProjectKey } from './ids';
import { call } from './resolver';

export const PracticePayload = z.object({ projectKeys: z.array(ProjectKey).max(50).default([]) }).strict();
export type PracticePayload = z.input<typeof PracticePayload>;

const Days = z.number().min(0).max(100_000).nullable();
const Share = z.number().min(0).max(1).nullable();
const Count = z.number().int().min(0);

export const PracticeMonth = z.object({
  /** `YYYY-MM`, in the site's time zone. */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  incidents: Count,
  medianDaysToReview: Days,
  medianDaysToReviewed: Days,
  onTime: Count,
  onTimeOf: Count,
  onTimeShare: Share,
  itemsDue: Count,
  doneByDue: Count,
  doneByDueShare: Share,
  medianDaysOverdue: Days,
  waived: Count,
  /** Items due that month that repeat an earlier postmortem's item. */
  repeatFixes: Count,
});
export type PracticeMonth = z.infer<typeof PracticeMonth>;

export const PracticeTeam = z.object({
  projectKey: ProjectKey,
  projectName: z.string().max(255),
  /** The team's manager: its project's escalation managers (first), else its lead; null when neither. */
  manager: z.string().max(255).nullable(),
  months: z.array(PracticeMonth).max(12),
});
export type PracticeTeam = z.infer<typeof PracticeTeam>;

export const Practice = z.object({
  today: IsoDate,
  /** When Jira answered the oldest of the reads the figures come from. */
  asOf: IsoDateTime,
  timeZone: z.string().max(100),
  months: z.array(z.string()).max(12),
  teams: z.array(PracticeTeam).max(200),
  /** Months whose action items were more than the call reads: their item figures are from the first `read` of `total`. */
  sampled: z.array(z.object({ month: z.string(), read: Count, total: Count })).max(12),
  /** More incidents than the call reads were resolved in the window (the newest were left out). */
  incidentsTruncated: z.boolean(),
  /** The table as CSV (every text cell quoted, formulas neutralised), for "Download CSV". */
  csv: z.string(),
  filename: z.string().max(200),
  productCalls: Count,
});
export type Practice = z.infer<typeof Practice>;

export const FactorsPayload = z
  .object({
    /** The factor whose postmortems are listed; omitted: only the counts. */
    factor: z.string().trim().min(1).max(40).optional(),
    projectKeys: z.array(ProjectKey).max(50).default([]),
  })
  .strict();
export type FactorsPayload = z.input<typeof FactorsPayload>;

export const FactorPostmortem = z.object({
  incidentKey: IssueKey,
  incidentSummary: z.string(),
  /** The page's own title and the site's link to it (never the incident property's text). */
  pageTitle: z.string(),
  pageUrl: z.string(),
  reviewedAt: IsoDateTime.nullable(),
  /** Every factor the page's record tags it with. */
  factors: z.array(z.string()),
});
export type FactorPostmortem = z.infer<typeof FactorPostmortem>;

export const FactorLibrary = z.object({
  asOf: IsoDateTime,
  /**
   * The taxonomy with the count of reviewed postmortems tagged with each, as the viewer may see them:
   * only records the app sealed, with the factors it sealed (docs/decisions/0016-practice-figures.md).
   */
  factors: z.array(z.object({ factor: z.string(), count: Count })),
  /** How many tagged postmortems' records were read to count them (at most FACTOR_SCAN_LIMIT). */
  countsRead: Count,
  /** False when Jira holds more tagged records than were read: each count is then "at least". */
  countsComplete: z.boolean(),
  /** The factor listed, and its reviewed postmortems (newest review first, at most 50). */
  factor: z.string().nullable(),
  postmortems: z.array(FactorPostmortem).max(50),
  /** More than the 50 listed are tagged with it. */
  more: z.boolean(),
  productCalls: Count,
});
export type FactorLibrary = z.infer<typeof FactorLibrary>;

export const REPORT_LEARNING_CALLS = {
  getPractice: call(PracticePayload, Practice),
  getFactors: call(FactorsPayload, FactorLibrary),
} as const;
