/** CSV export of a report section: the same rows, in the same order, as the page shows. */
import { rowsToCsv, type CsvColumn, type CsvOptions } from '../csv';
import { findingText } from '../../contracts/finding-text';
import { OVERDUE_BUCKET_LABELS } from '../../contracts/report-rows';
import type { ReportItemRow, ReportPostmortemRow, ReportResult, ReportSection, ReportWaivedRow } from './types';

export function itemCsvColumns(people: Readonly<Record<string, string>> = {}): CsvColumn<ReportItemRow>[] {
  return [
    { header: 'Item', value: (r) => r.key },
    { header: 'Summary', value: (r) => r.summary },
    { header: 'Project', value: (r) => r.projectKey },
    { header: 'Incident', value: (r) => r.incidentKey },
    { header: 'Assignee', value: (r) => r.assignee?.displayName ?? 'Unassigned' },
    { header: 'Due date', value: (r) => r.dueDate },
    { header: 'Days overdue', value: (r) => r.daysOverdue },
    { header: 'Overdue bucket', value: (r) => (r.bucket ? OVERDUE_BUCKET_LABELS[r.bucket] : null) },
    { header: 'Managers', value: (r) => r.managers.map((m) => people[m] ?? m).join('; ') },
    { header: 'Priority', value: (r) => r.priority },
    { header: 'Policy due date', value: (r) => r.lateDueDate?.policyDate ?? null },
    { header: 'Why later than policy', value: (r) => r.lateDueDate?.reason ?? null },
    { header: 'Item link', value: (r) => r.itemUrl },
    { header: 'Incident link', value: (r) => r.incidentUrl },
    { header: 'Postmortem link', value: (r) => r.postmortemUrl },
  ];
}

export function postmortemCsvColumns(people: Readonly<Record<string, string>> = {}): CsvColumn<ReportPostmortemRow>[] {
  return [
    { header: 'Incident', value: (r) => r.incidentKey },
    { header: 'Postmortem', value: (r) => (r.noPage ? 'No postmortem page yet' : r.pageTitle) },
    { header: 'Owner', value: (r) => people[r.ownerAccountId] ?? r.ownerAccountId },
    { header: 'Status', value: (r) => r.status },
    { header: 'Incident date', value: (r) => r.incidentDate },
    { header: 'Due date', value: (r) => r.dueDate },
    { header: 'Days late', value: (r) => r.daysLate },
    { header: 'Review requested', value: (r) => r.requestedReviewAt },
    { header: 'Days in queue', value: (r) => r.daysInQueue },
    { header: 'Reviewed', value: (r) => r.reviewedAt },
    { header: 'Days to reviewed', value: (r) => r.daysToReviewed },
    { header: 'Open findings', value: (r) => r.reviewRequest?.findingsTotal ?? null },
    { header: 'Findings', value: (r) => (r.reviewRequest ? r.reviewRequest.findings.map(findingText).join('; ') : null) },
    { header: 'Reason to go on', value: (r) => r.reviewRequest?.reason ?? null },
    { header: 'Postmortem link', value: (r) => r.pageUrl },
    { header: 'Incident link', value: (r) => r.incidentUrl },
  ];
}

export function waivedCsvColumns(): CsvColumn<ReportWaivedRow>[] {
  return [
    { header: 'Item', value: (r) => r.key },
    { header: 'Summary', value: (r) => r.summary },
    { header: 'Project', value: (r) => r.projectKey },
    { header: 'Incident', value: (r) => r.incidentKey },
    { header: 'Assignee', value: (r) => r.assignee?.displayName ?? 'Unassigned' },
    { header: 'Due date', value: (r) => r.dueDate },
    { header: 'Reason', value: (r) => r.reason },
    { header: 'Approved by', value: (r) => r.approvedBy.displayName },
    { header: 'Approved', value: (r) => r.approvedAt },
    { header: 'Approver’s note', value: (r) => r.note },
    { header: 'Item link', value: (r) => r.itemUrl },
    { header: 'Incident link', value: (r) => r.incidentUrl },
  ];
}

export function waivedRowsCsv(rows: readonly ReportWaivedRow[], options: CsvOptions = {}): string {
  return rowsToCsv(waivedCsvColumns(), rows, options);
}

/** The rows a section shows. */
export function sectionRows(
  report: ReportResult,
  section: ReportSection,
):
  | { kind: 'items'; rows: ReportItemRow[] }
  | { kind: 'postmortems'; rows: ReportPostmortemRow[] }
  | { kind: 'waivers'; rows: ReportWaivedRow[] } {
  switch (section) {
    case 'overdue':
      return { kind: 'items', rows: report.overdue.rows };
    case 'due-soon':
      return { kind: 'items', rows: report.dueSoon };
    case 'no-due-date':
      return { kind: 'items', rows: report.noDueDate };
    case 'unassigned':
      return { kind: 'items', rows: report.unassigned };
    case 'postmortems-late':
      return { kind: 'postmortems', rows: report.postmortems.late };
    case 'review-queue':
      return { kind: 'postmortems', rows: report.postmortems.reviewQueue };
    case 'recently-reviewed':
      return { kind: 'postmortems', rows: report.postmortems.recentlyReviewed };
    case 'waived':
      return { kind: 'waivers', rows: report.waived ?? [] };
  }
}

/** CSV of item rows (pass the rows as sorted on screen). */
export function itemRowsCsv(
  rows: readonly ReportItemRow[],
  people: Readonly<Record<string, string>> = {},
  options: CsvOptions = {},
): string {
  return rowsToCsv(itemCsvColumns(people), rows, options);
}

export function postmortemRowsCsv(
  rows: readonly ReportPostmortemRow[],
  people: Readonly<Record<string, string>> = {},
  options: CsvOptions = {},
): string {
  return rowsToCsv(postmortemCsvColumns(people), rows, options);
}

/** CSV of one section of a report, in the report's order. */
export function reportSectionCsv(report: ReportResult, section: ReportSection, options: CsvOptions = {}): string {
  const s = sectionRows(report, section);
  if (s.kind === 'waivers') return waivedRowsCsv(s.rows, options);
  return s.kind === 'items' ? itemRowsCsv(s.rows, report.people, options) : postmortemRowsCsv(s.rows, report.people, options);
}
