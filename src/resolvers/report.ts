/**
 * Resolver of the Postmortem report global page (manifest function `report-resolver`): each call
 * of src/contracts/report.ts handed to its use case in src/usecases/report/, read live from
 * Jira as the viewing user (docs/decisions/0010-report-at-any-size.md).
 */
import { exportCsv } from '../usecases/report/export-csv';
import { getAssigneeGroups } from '../usecases/report/get-assignee-groups';
import { getReport } from '../usecases/report/get-report';
import { getFactors } from '../usecases/report/get-factors';
import { getPractice } from '../usecases/report/get-practice';
import { getSection } from '../usecases/report/get-section';
import { asCaller } from './context';
import { defineSurface } from './define';

export const handler = defineSurface('report-resolver', {
  getReport: (inv) => getReport(inv.payload, asCaller(inv)),
  getSection: (inv) => getSection(inv.payload, asCaller(inv)),
  exportCsv: (inv) => exportCsv(inv.payload, asCaller(inv)),
  getAssigneeGroups: (inv) => getAssigneeGroups(inv.payload),
  getPractice: (inv) => getPractice(inv.payload, asCaller(inv)),
  getFactors: (inv) => getFactors(inv.payload, asCaller(inv)),
});
