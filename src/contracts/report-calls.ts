/**
 * Calls of the Postmortem report global page (function `report-resolver`).
 *
 * The report is read as the viewing user and aggregated by `buildReport`; what crosses the bridge
 * is a summary (counts, buckets, groups, trends) and each section one page of rows at a time, so a
 * site with 10,000 open action items answers in a few hundred kilobytes. The page asks for
 * further pages (`getSection`) and for a section's CSV (`exportCsv`) with the same filters, sort
 * and group as on screen, so the file's rows are the screen's rows in the screen's order.
 */
import { z } from 'zod';
import {
  BucketCounts,
  ItemSortKey,
  PostmortemSortKey,
  ReportFilters,
  ReportItemRow,
  ReportPostmortemRow,
  ReportSection,
  ReportTrends,
  SortDirection,
} from './report';
import { IsoDate } from './ids';
import { call } from './resolver';

/** Rows per page the page asks for by default, and the most one call answers. */
export const REPORT_PAGE_SIZE = 50;
export const REPORT_PAGE_MAX = 200;

export const GroupBy = z.enum(['project', 'manager', 'assignee']);
export type GroupBy = z.infer<typeof GroupBy>;

/** A group of overdue items, without its item keys (ask `getSection` with `group` for them). */
export const GroupSummary = z.object({
  key: z.string().max(128),
  label: z.string().max(255),
  count: z.number().int().min(0),
  buckets: BucketCounts,
});
export type GroupSummary = z.infer<typeof GroupSummary>;

export const SectionSort = z.object({ by: z.union([ItemSortKey, PostmortemSortKey]), direction: SortDirection }).strict();
export type SectionSort = z.infer<typeof SectionSort>;

export const SectionQuery = z
  .object({
    filters: ReportFilters,
    section: ReportSection,
    /** Omitted: the section's own order (most overdue first, review queue oldest first, ...). */
    sort: SectionSort.optional(),
    /** Overdue section only: the items of one group. */
    group: z
      .object({ by: GroupBy, key: z.string().max(128) })
      .strict()
      .optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    limit: z.number().int().min(1).max(REPORT_PAGE_MAX).default(REPORT_PAGE_SIZE),
  })
  .strict();
export type SectionQuery = z.input<typeof SectionQuery>;

export const SectionPage = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('items'),
    section: ReportSection,
    total: z.number().int().min(0),
    offset: z.number().int().min(0),
    rows: z.array(ReportItemRow).max(REPORT_PAGE_MAX),
  }),
  z.object({
    kind: z.literal('postmortems'),
    section: ReportSection,
    total: z.number().int().min(0),
    offset: z.number().int().min(0),
    rows: z.array(ReportPostmortemRow).max(REPORT_PAGE_MAX),
  }),
]);
export type SectionPage = z.infer<typeof SectionPage>;

export const Option = z.object({ value: z.string().max(128), label: z.string().max(255) });
export type Option = z.infer<typeof Option>;

export const ReportOverview = z.object({
  today: IsoDate,
  filters: ReportFilters,
  buckets: BucketCounts,
  groups: z.object({ byProject: z.array(GroupSummary), byManager: z.array(GroupSummary), byAssignee: z.array(GroupSummary) }),
  /** First page of every section, in the section's own order. */
  sections: z.array(SectionPage),
  trends: ReportTrends,
  people: z.record(z.string(), z.string()),
  filterOptions: z.object({ projects: z.array(Option), managers: z.array(Option) }),
  /** True when there were more issues than the report reads (the oldest were left out). */
  truncated: z.boolean(),
  /** Product calls this answer cost (shown in the page's footer for the curious). */
  productCalls: z.number().int().min(0),
});
export type ReportOverview = z.infer<typeof ReportOverview>;

export const ReportOverviewPayload = z
  .object({ filters: ReportFilters, pageSize: z.number().int().min(1).max(REPORT_PAGE_MAX).default(REPORT_PAGE_SIZE) })
  .strict();

export const CsvQuery = SectionQuery.omit({ offset: true, limit: true });
export const CsvExport = z.object({ filename: z.string().max(200), csv: z.string(), rows: z.number().int().min(0) });
export type CsvExport = z.infer<typeof CsvExport>;

export const REPORT_CALLS = {
  getReport: call(ReportOverviewPayload, ReportOverview),
  getSection: call(SectionQuery, SectionPage),
  exportCsv: call(CsvQuery, CsvExport),
} as const;
