/** The escalation report's pure aggregation, filters, sorting, trends and CSV export. */
export {
  buildReport,
  bucketOf,
  groupOverdue,
  itemRow,
  postmortemRow,
  reviewQueueOrder,
  DUE_SOON_DAYS,
  RECENTLY_REVIEWED_DAYS,
} from './aggregate';
export { compareIssueKeys, sortItemRows, sortPostmortemRows } from './sort';
export { TREND_WEEKS, daysToReviewed, median, trendWindowStart, weekStart, weeklyTrends } from './trends';
export { itemCsvColumns, itemRowsCsv, postmortemCsvColumns, postmortemRowsCsv, reportSectionCsv, sectionRows } from './export';
export { REPORT_ITEM_FIELDS, reportSelection, type ReportSelection } from './selection';
export type * from './types';
