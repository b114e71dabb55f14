/**
 * Input and output types of the report aggregation. Outputs are the zod-inferred types of
 * `src/contracts/report-rows.ts` (the UI imports those); inputs are what the resolver reads as the
 * viewing user and zod-parses.
 */
import type { ReviewFinding } from '../../contracts/properties';
import type { ReportFilters } from '../../contracts/report-rows';
import type { Settings } from '../../contracts/settings';
import type { SweepItem, SweepPostmortem, SweepProject } from '../sweep/types';

export type {
  BucketCounts,
  ItemSortKey,
  OverdueBucket,
  OverduePoint,
  PostmortemSortKey,
  ReportFilters,
  ReportGroup,
  ReportItemRow,
  ReportPerson,
  ReportPostmortemRow,
  ReportResult,
  ReportSection,
  ReportTrends,
  SortDirection,
  WeeklyTrendPoint,
  ReportWaivedRow,
} from '../../contracts/report-rows';

/** An action item: open ones for the lists, and those resolved in the trend window for trends. */
export interface ReportItem extends SweepItem {
  /** Jira `resolutiondate` (ISO date-time) for done items, else null. */
  resolutionDate: string | null;
  /** A due date later than the policy proposed, and why (the item's `postmortem-action` property). */
  lateDueDate?: { policyDate: string; reason: string } | null;
}

/** A postmortem with its review record. */
export interface ReportPostmortem extends SweepPostmortem {
  /** `YYYY-MM-DD`. */
  incidentDate: string;
  requestedReviewAt?: string | null;
  reviewedAt?: string | null;
  /** What went to review with it (the page's own record): the author's reason and the findings open then. */
  reviewRequest?: { reason: string | null; findings: ReviewFinding[]; findingsTotal: number } | null;
}

export interface ReportInput {
  items: readonly ReportItem[];
  postmortems: readonly ReportPostmortem[];
  settings: Pick<Settings, 'escalationContacts' | 'timeZone'>;
  projects: Readonly<Record<string, SweepProject | undefined>>;
  /** Today in the site's time zone (`todayIn(settings.timeZone, now)`). */
  today: string;
  siteUrl: string;
  filters: ReportFilters;
  /** Display names by account id (managers etc.), when the resolver knows them. */
  people?: Readonly<Record<string, string>>;
}
