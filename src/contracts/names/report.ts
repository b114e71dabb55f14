/** Resolver names of the report global page (function `report-resolver`). */
export const REPORT_NAMES = {
  getSummary: 'report.getSummary',
} as const;
