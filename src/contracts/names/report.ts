/** Resolver names of the report global page (function `report-resolver`). */
export const REPORT_NAMES = {
  getReport: 'report.getReport',
  getSection: 'report.getSection',
  exportCsv: 'report.exportCsv',
} as const;
