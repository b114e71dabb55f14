/**
 * The report page's decisions, as plain functions (tested in test/unit/static/report-logic.test.ts):
 * filter validation, sort toggling, paging, wording, chart geometry.
 */
import type { GroupBy, SectionSort } from '@contracts/report';
import type { OverdueBucket, ReportFilters, ReportItemRow, ReportSection, WeeklyTrendPoint } from '@contracts/report-rows';
import { tz } from '@date-fns/tz';
import { format, isValid, parse, parseISO } from 'date-fns';
import { dateInputProblem, MIN_INPUT_YEAR } from '@contracts/dates';

const IN_UTC = tz('UTC');

export const PAGE_SIZE = 50;

export const BUCKET_LABELS: Record<OverdueBucket, string> = { '1-7': '1–7 days', '8-30': '8–30 days', 'over-30': 'over 30 days' };
export const BUCKETS: OverdueBucket[] = ['1-7', '8-30', 'over-30'];

export interface SectionMeta {
  section: ReportSection;
  title: string;
  /** What the section is, in one line. */
  description: string;
  /** Shown when the section has no rows: why, so the reader knows it is not broken. */
  empty: string;
  kind: 'items' | 'postmortems' | 'waivers';
}

export const SECTIONS: SectionMeta[] = [
  {
    section: 'overdue',
    title: 'Overdue action items',
    description: 'Open action items past their due date, most overdue first.',
    empty: 'Nothing is overdue: every open action item you can see is on time.',
    kind: 'items',
  },
  {
    section: 'due-soon',
    title: 'Due in the next 7 days',
    description: 'Open action items due today or within a week, soonest first.',
    empty: 'No action item falls due in the next 7 days.',
    kind: 'items',
  },
  {
    section: 'no-due-date',
    title: 'Without a due date',
    description: 'Open action items nobody has given a due date; the sweep cannot remind anyone about them.',
    empty: 'Every open action item has a due date.',
    kind: 'items',
  },
  {
    section: 'unassigned',
    title: 'Unassigned',
    description: 'Open action items with no assignee: nobody is reminded about them.',
    empty: 'Every open action item has an assignee.',
    kind: 'items',
  },
  {
    section: 'waived',
    title: 'Waived (won’t do)',
    description:
      'Action items closed without being done, with their manager’s approval and the reason, most recently approved first. An item resolved as Won’t Do without that approval counts as open and is listed with the open items.',
    empty: 'No action item was waived: every item closed as Won’t Do still waits for its manager’s approval, or none was.',
    kind: 'waivers',
  },
  {
    section: 'postmortems-late',
    title: 'Late postmortems',
    description:
      'Postmortems past their due date and not yet sent to review, most late first, including incidents resolved since tracking began that have no postmortem page yet.',
    empty: 'No postmortem is late.',
    kind: 'postmortems',
  },
  {
    section: 'review-queue',
    title: 'Review queue',
    description: 'Postmortems waiting for the review meeting, oldest request first: the meeting’s agenda.',
    empty: 'The review queue is empty: no postmortem is waiting for review.',
    kind: 'postmortems',
  },
  {
    section: 'recently-reviewed',
    title: 'Reviewed in the last 30 days',
    description: 'Postmortems the review meeting signed off in the last 30 days, newest first.',
    empty: 'No postmortem was reviewed in the last 30 days.',
    kind: 'postmortems',
  },
];

export function sectionMeta(section: ReportSection): SectionMeta {
  return SECTIONS.find((s) => s.section === section) ?? SECTIONS[0]!;
}

export interface Column {
  id: string;
  label: string;
  /** The resolver's sort key; absent when the column does not sort. */
  sortKey?: SectionSort['by'];
  /** Direction of the first click (numbers and dates that matter most when large: descending). */
  firstDirection?: 'asc' | 'desc';
}

export function itemColumns(section: ReportSection): Column[] {
  const cols: Column[] = [
    { id: 'key', label: 'Item', sortKey: 'key' },
    { id: 'summary', label: 'Summary', sortKey: 'summary' },
    { id: 'assignee', label: 'Assignee', sortKey: 'assignee' },
    { id: 'due', label: 'Due date', sortKey: 'dueDate' },
  ];
  if (section === 'overdue') cols.push({ id: 'overdue', label: 'Days overdue', sortKey: 'daysOverdue', firstDirection: 'desc' });
  cols.push(
    { id: 'project', label: 'Project', sortKey: 'project' },
    { id: 'incident', label: 'Incident', sortKey: 'incident' },
    { id: 'postmortem', label: 'Postmortem' },
    { id: 'priority', label: 'Priority', sortKey: 'priority' },
  );
  return cols;
}

export function postmortemColumns(section: ReportSection): Column[] {
  const cols: Column[] = [
    { id: 'incident', label: 'Incident', sortKey: 'incident' },
    { id: 'title', label: 'Postmortem', sortKey: 'title' },
    { id: 'owner', label: 'Owner' },
    { id: 'due', label: 'Due date', sortKey: 'dueDate' },
  ];
  if (section === 'postmortems-late') cols.push({ id: 'late', label: 'Days late', sortKey: 'daysLate', firstDirection: 'desc' });
  if (section === 'review-queue')
    cols.push(
      { id: 'requested', label: 'Review requested', sortKey: 'requestedReviewAt' },
      { id: 'waiting', label: 'Days waiting' },
      { id: 'findings', label: 'Open findings and reason' },
      { id: 'repeats', label: 'Action items repeating earlier ones' },
    );
  if (section === 'recently-reviewed')
    cols.push(
      { id: 'reviewed', label: 'Reviewed', sortKey: 'reviewedAt', firstDirection: 'desc' },
      { id: 'days', label: 'Days from incident' },
    );
  return cols;
}

/** The waived items' columns (one order: most recently approved first; no column sorts). */
export function waivedColumns(): Column[] {
  return [
    { id: 'key', label: 'Item' },
    { id: 'summary', label: 'Summary' },
    { id: 'assignee', label: 'Assignee' },
    { id: 'due', label: 'Due date' },
    { id: 'reason', label: 'Reason' },
    { id: 'approved', label: 'Approved by' },
    { id: 'incident', label: 'Incident' },
  ];
}

/** The sort after a click on `column`: first click its natural direction, then flip. */
export function nextSort(current: SectionSort | undefined, column: Column): SectionSort | undefined {
  if (!column.sortKey) return current;
  if (current && current.by === column.sortKey) return { by: column.sortKey, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { by: column.sortKey, direction: column.firstDirection ?? 'asc' };
}

/** `aria-sort` of a column header. */
export function ariaSort(current: SectionSort | undefined, column: Column): 'ascending' | 'descending' | 'none' | undefined {
  if (!column.sortKey) return undefined;
  if (!current || current.by !== column.sortKey) return 'none';
  return current.direction === 'asc' ? 'ascending' : 'descending';
}

// ---------- filters ----------

export interface FilterDraft {
  projectKeys: string[];
  managerAccountId: string;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: FilterDraft = { projectKeys: [], managerAccountId: '', from: '', to: '' };

/** The message for a date field: the format, or the first year the app accepts. */
function dateFieldProblem(s: string, which: 'start' | 'end', example: string): string | undefined {
  const problem = dateInputProblem(s, example);
  if (!problem) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && Number(s.slice(0, 4)) < MIN_INPUT_YEAR)
    return `Enter a ${which} date from the year ${MIN_INPUT_YEAR} on, e.g. ${example}.`;
  return `Enter the ${which} date as YYYY-MM-DD, e.g. ${example}.`;
}

/** Per-field messages for the filter form; empty when it can be applied. */
export function validateFilters(d: FilterDraft): Partial<Record<'from' | 'to' | 'projectKeys', string>> {
  const errors: Partial<Record<'from' | 'to' | 'projectKeys', string>> = {};
  const from = d.from ? dateFieldProblem(d.from, 'start', '2026-03-01') : undefined;
  const to = d.to ? dateFieldProblem(d.to, 'end', '2026-03-31') : undefined;
  if (from) errors.from = from;
  if (to) errors.to = to;
  if (!errors.from && !errors.to && d.from && d.to && d.from > d.to) errors.to = 'The end date must be on or after the start date.';
  if (d.projectKeys.length > 50) errors.projectKeys = 'Pick at most 50 projects.';
  return errors;
}

export function toFilters(d: FilterDraft): ReportFilters {
  return {
    projectKeys: d.projectKeys,
    ...(d.managerAccountId ? { managerAccountId: d.managerAccountId } : {}),
    ...(d.from ? { from: d.from } : {}),
    ...(d.to ? { to: d.to } : {}),
  };
}

/** One line that says which filters apply (for screen readers and the CSV button's context). */
export function describeFilters(f: ReportFilters, labels: { projects: Record<string, string>; managers: Record<string, string> }): string {
  const parts: string[] = [];
  if (f.projectKeys.length) parts.push(`projects ${f.projectKeys.map((k) => labels.projects[k] ?? k).join(', ')}`);
  if (f.managerAccountId) parts.push(`manager ${labels.managers[f.managerAccountId] ?? f.managerAccountId}`);
  if (f.from && f.to) parts.push(`due ${f.from} to ${f.to}`);
  else if (f.from) parts.push(`due from ${f.from}`);
  else if (f.to) parts.push(`due until ${f.to}`);
  return parts.length ? `Filtered by ${parts.join('; ')}.` : 'No filters: everything you can see in Jira.';
}

// ---------- paging ----------

export interface PageInfo {
  page: number;
  pages: number;
  first: number;
  last: number;
  hasPrev: boolean;
  hasNext: boolean;
  label: string;
}

/** `hasNextToken`: whether the server gave a token for the next page (pages are read by token, forward). */
export function pageInfo(total: number, offset: number, limit: number = PAGE_SIZE, hasNextToken?: boolean): PageInfo {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(total, offset + limit);
  return {
    page,
    pages,
    first,
    last,
    hasPrev: offset > 0,
    hasNext: hasNextToken ?? offset + limit < total,
    label: total === 0 ? 'No rows' : `Rows ${first}–${last} of ${total}`,
  };
}

export function offsetForPage(page: number, total: number, limit: number = PAGE_SIZE): number {
  const pages = Math.max(1, Math.ceil(total / limit));
  const p = Math.min(Math.max(1, Math.floor(page)), pages);
  return (p - 1) * limit;
}

// ---------- wording ----------

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function dueText(row: Pick<ReportItemRow, 'dueDate' | 'daysOverdue' | 'daysUntilDue'>): string {
  if (!row.dueDate) return 'no due date';
  if (row.daysOverdue !== null) return `${plural(row.daysOverdue, 'day')} overdue`;
  if (row.daysUntilDue === 0) return 'due today';
  if (row.daysUntilDue !== null) return `due in ${plural(row.daysUntilDue, 'day')}`;
  return `due ${row.dueDate}`;
}

/** `2026-03-01T09:30:00Z` → `2026-03-01 09:30 UTC` (instants are shown in UTC, dates as they are). */
export function instantText(iso: string | null): string {
  if (!iso) return '—';
  const d = parseISO(iso);
  if (!isValid(d)) return iso;
  return `${format(d, 'uuuu-MM-dd HH:mm', { in: IN_UTC })} UTC`;
}

/** `2026-03-01T09:14:05.123Z` → `09:14:05 UTC`: the time a count is true as of. */
export function timeText(iso: string): string {
  const d = parseISO(iso);
  if (!isValid(d)) return iso;
  return `${format(d, 'HH:mm:ss', { in: IN_UTC })} UTC`;
}

/** A factor's count in the picker: "capacity (2 postmortems)", "(at least 1000 postmortems)" when the read was bounded. */
export function factorOptionText(factor: string, count: number, complete: boolean): string {
  return `${factor} (${complete ? '' : 'at least '}${plural(count, 'postmortem')})`;
}

/** When the factor counts are true as of, and, when the read was bounded, what they are counted from and what to do. */
export function factorCountsNote(asOf: string, read: number, complete: boolean): string {
  const when = `Counted as of ${instantText(asOf)}`;
  if (complete) return `${when}.`;
  return `${when}, from the newest ${read.toLocaleString('en')} tagged incidents only: Jira holds more, so each count is “at least”. Filter by project to count them all.`;
}

export const GROUP_LABELS: Record<GroupBy, string> = { project: 'Project', manager: 'Manager', assignee: 'Assignee' };

// ---------- charts ----------

/** A round upper bound for an axis (1, 2, 5 × 10ⁿ), at least 1. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 5, 10]) if (m * exp >= value) return m * exp;
  return 10 * exp;
}

export interface StackedBar {
  label: string;
  x: number;
  width: number;
  /** Bottom segment (on time) and top segment (late), in SVG units from the top. */
  onTime: { y: number; height: number; value: number };
  late: { y: number; height: number; value: number };
}

/** Stacked bars of items closed on time (bottom) and late (top) per week. */
export function closedBars(weeks: readonly WeeklyTrendPoint[], width: number, height: number): { bars: StackedBar[]; max: number } {
  const max = niceMax(Math.max(0, ...weeks.map((w) => w.closedOnTime + w.closedLate)));
  const slot = weeks.length ? width / weeks.length : width;
  const barWidth = Math.max(2, slot * 0.7);
  const bars = weeks.map((w, i) => {
    const hOn = (w.closedOnTime / max) * height;
    const hLate = (w.closedLate / max) * height;
    return {
      label: w.weekStart,
      x: i * slot + (slot - barWidth) / 2,
      width: barWidth,
      onTime: { y: height - hOn, height: hOn, value: w.closedOnTime },
      late: { y: height - hOn - hLate, height: hLate, value: w.closedLate },
    };
  });
  return { bars, max };
}

/** Points of a line chart; null values leave a gap (the path restarts after it). */
export function linePath(
  values: ReadonlyArray<number | null>,
  width: number,
  height: number,
): { d: string; max: number; points: Array<{ x: number; y: number; value: number }> } {
  const max = niceMax(Math.max(0, ...values.map((v) => v ?? 0)));
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points: Array<{ x: number; y: number; value: number }> = [];
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = values.length > 1 ? i * step : width / 2;
    const y = height - (v / max) * height;
    points.push({ x, y, value: v });
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)} `;
    pen = true;
  });
  return { d: d.trim(), max, points };
}

/** `2026-03-02` → `2 Mar` (axis labels). */
export function shortDate(isoDate: string): string {
  const d = /^\d{4}-\d{2}-\d{2}/.test(isoDate) ? parse(isoDate.slice(0, 10), 'uuuu-MM-dd', new Date(0)) : new Date(Number.NaN);
  if (!isValid(d)) return isoDate;
  return format(d, 'd MMM');
}
