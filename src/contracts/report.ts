/**
 * Calls of the Postmortem report global page (function `report-resolver`).
 *
 * The report is read live from Jira as the viewing user (docs/decisions/0010-report-at-any-size.md):
 * every figure is a Jira count that carries the instant it is true as of (`asOf`), and each
 * section crosses the bridge one page at a time, paged by token. The page asks for further pages
 * (`getSection`) and for a section's CSV (`exportCsv`, in parts, each with the token of the next)
 * with the same filters, sort and group as on screen, so the file's rows are the screen's rows in
 * the screen's order.
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
  ReportWaivedRow,
  SortDirection,
} from './report-rows';
import { IsoDate, IsoDateTime } from './ids';
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
  /** When Jira answered the group's counts (the oldest of them). */
  asOf: IsoDateTime,
});
export type GroupSummary = z.infer<typeof GroupSummary>;

export const SectionSort = z.object({ by: z.union([ItemSortKey, PostmortemSortKey]), direction: SortDirection }).strict();
export type SectionSort = z.infer<typeof SectionSort>;

/** A page token as Jira or the resolver gave it: opaque, passed back unchanged. */
export const PageToken = z.string().min(1).max(4000);

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
    /** Where this page starts among the section's rows (the page numbers its rows from it). */
    offset: z.number().int().min(0).max(100_000_000).default(0),
    /** The `nextPageToken` of the previous page; omitted for the first page. */
    pageToken: PageToken.optional(),
    limit: z.number().int().min(1).max(REPORT_PAGE_MAX).default(REPORT_PAGE_SIZE),
  })
  .strict();
export type SectionQuery = z.input<typeof SectionQuery>;

export const SectionPage = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('items'),
    section: ReportSection,
    total: z.number().int().min(0),
    /** When Jira answered the count `total`. */
    asOf: IsoDateTime,
    offset: z.number().int().min(0),
    rows: z.array(ReportItemRow).max(REPORT_PAGE_MAX),
    /** Absent on the last page. */
    nextPageToken: PageToken.optional(),
  }),
  z.object({
    kind: z.literal('postmortems'),
    section: ReportSection,
    total: z.number().int().min(0),
    /** When Jira answered the count `total`. */
    asOf: IsoDateTime,
    offset: z.number().int().min(0),
    rows: z.array(ReportPostmortemRow).max(REPORT_PAGE_MAX),
    /** Absent on the last page. */
    nextPageToken: PageToken.optional(),
  }),
  z.object({
    kind: z.literal('waivers'),
    section: ReportSection,
    total: z.number().int().min(0),
    /** When Jira answered the search the rows come from. */
    asOf: IsoDateTime,
    offset: z.number().int().min(0),
    rows: z.array(ReportWaivedRow).max(REPORT_PAGE_MAX),
    /** Absent on the last page. */
    nextPageToken: PageToken.optional(),
  }),
]);
export type SectionPage = z.infer<typeof SectionPage>;

export const Option = z.object({ value: z.string().max(128), label: z.string().max(255) });
export type Option = z.infer<typeof Option>;

export const ReportOverview = z.object({
  today: IsoDate,
  /** The oldest instant any figure of this answer is true as of (the page shows it). */
  asOf: IsoDateTime,
  filters: ReportFilters,
  buckets: BucketCounts,
  bucketsAsOf: IsoDateTime,
  groups: z.object({
    byProject: z.array(GroupSummary),
    byManager: z.array(GroupSummary),
    /** The assignees of the first page of overdue items, and "Unassigned"; more with `getAssigneeGroups`. */
    byAssignee: z.array(GroupSummary),
    /** Overdue items whose assignee has no group in `byAssignee` yet. */
    otherAssignees: z.number().int().min(0),
  }),
  /** First page of every section, in the section's own order. */
  sections: z.array(SectionPage),
  trends: ReportTrends,
  people: z.record(z.string(), z.string()),
  filterOptions: z.object({ projects: z.array(Option), managers: z.array(Option) }),
  /** True when there were more postmortems or closed items than the report reads (the oldest were left out). */
  truncated: z.boolean(),
  /** Product calls this answer cost (shown in the page's footer for the curious). */
  productCalls: z.number().int().min(0),
});
export type ReportOverview = z.infer<typeof ReportOverview>;

export const ReportOverviewPayload = z
  .object({ filters: ReportFilters, pageSize: z.number().int().min(1).max(REPORT_PAGE_MAX).default(REPORT_PAGE_SIZE) })
  .strict();

/** Rows of one CSV part at most: 50 searches of 100, about 15 s at 300 ms a call, inside the resolver's 25 s. */
export const CSV_PART_ROWS = 5000;

export const CsvQuery = SectionQuery.omit({ offset: true, limit: true });
export type CsvQuery = z.input<typeof CsvQuery>;
/**
 * One part of a section's CSV: the first part has the header (and the BOM), the others only rows;
 * joined in order they are the whole file. `nextPageToken` asks for the next part.
 */
export const CsvExport = z.object({
  filename: z.string().max(200),
  csv: z.string(),
  rows: z.number().int().min(0),
  /** Rows in the section when the part was read (for progress). */
  total: z.number().int().min(0),
  nextPageToken: PageToken.optional(),
});
export type CsvExport = z.infer<typeof CsvExport>;

/** More assignee groups of the overdue section: those not yet shown (`exclude`), from the most overdue items on. */
export const AssigneeGroupsQuery = z
  .object({ filters: ReportFilters, exclude: z.array(z.string().max(128)).max(500).default([]) })
  .strict();
export const AssigneeGroups = z.object({ groups: z.array(GroupSummary), otherAssignees: z.number().int().min(0), asOf: IsoDateTime });
export type AssigneeGroups = z.infer<typeof AssigneeGroups>;

export const REPORT_CALLS = {
  getReport: call(ReportOverviewPayload, ReportOverview),
  getSection: call(SectionQuery, SectionPage),
  exportCsv: call(CsvQuery, CsvExport),
  getAssigneeGroups: call(AssigneeGroupsQuery, AssigneeGroups),
} as const;
