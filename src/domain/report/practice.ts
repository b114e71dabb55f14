/**
 * How the practice is doing: per team (a project and its manager) and month over the last 12
 * months, the figures the report's practice chart and table show. Pure: the use case reads the
 * incidents and action items as the viewer and hands them in with the time and the site's zone.
 *
 * - Postmortems count in the month their incident was resolved (site time zone): median days from
 *   resolution to sent-to-review and to reviewed, and the share on time by the one meaning of
 *   "on time" (`postmortemOnTime`, src/domain/postmortem/timeliness.ts). An incident with no page
 *   yet is a draft due `deadlineDays` after its resolution (left out before the tracking start, as
 *   it was never chased); one not yet due leaves the share alone.
 * - Action items count in the month they were due (their due date is a date, no zone needed),
 *   once that date has passed: the share done by it (resolved on or before it, site time zone),
 *   the median days overdue of those that were not (resolved later, or still open: days to today),
 *   how many were waived ("Won't do" approved by their manager; left out of the share), and how
 *   many repeat an earlier postmortem's item (a fix proposed again; its record says so).
 */
import { format, parse, subMonths } from 'date-fns';
import { rowsToCsv, type CsvColumn } from '../csv';
import { addDays, dateOfInstant, daysBetween, isIsoDate } from '../dates';
import { postmortemOnTime } from '../postmortem/timeliness';
import { median } from './trends';

export const PRACTICE_MONTHS = 12;

export interface PracticeIncident {
  key: string;
  projectKey: string;
  /** When Jira resolved it (ISO date-time). */
  resolvedAt: string;
  /** Its postmortem record, when it has one. */
  postmortem?: {
    status: 'draft' | 'in-review' | 'reviewed';
    dueDate: string;
    requestedReviewAt?: string | undefined;
    reviewedAt?: string | undefined;
  };
}

export interface PracticeItem {
  key: string;
  projectKey: string;
  dueDate: string;
  /** When it was resolved (ISO date-time); null while open. */
  resolvedAt: string | null;
  /** Resolved as done (not "Won't do"). */
  done: boolean;
  /** Closed without doing it, with its manager's approval. */
  waived: boolean;
  /** Repeats an earlier postmortem's item (its record, judged when it was created). */
  repeats?: boolean;
}

export interface PracticeMonthFigures {
  /** `YYYY-MM` */
  month: string;
  /** Incidents resolved this month. */
  incidents: number;
  medianDaysToReview: number | null;
  medianDaysToReviewed: number | null;
  /** Postmortems whose on-time question is settled (sent, or late while not sent). */
  onTimeOf: number;
  onTime: number;
  /** onTime / onTimeOf, null when none is settled. */
  onTimeShare: number | null;
  /** Items due this month whose due date has passed. */
  itemsDue: number;
  /** Of those, done on or before the due date. */
  doneByDue: number;
  /** doneByDue / (itemsDue − waived), null when none counts. */
  doneByDueShare: number | null;
  /** Median days late of the items not done by their due date (resolved late or still open). */
  medianDaysOverdue: number | null;
  waived: number;
  /** Items due this month that repeat an earlier postmortem's item: a fix proposed again. */
  repeatFixes: number;
}

export interface PracticeTeamFigures {
  projectKey: string;
  months: PracticeMonthFigures[];
}

export interface PracticeInput {
  incidents: readonly PracticeIncident[];
  items: readonly PracticeItem[];
  today: string;
  timeZone: string;
  deadlineDays: number;
  /** Incidents resolved before this day without a postmortem were never chased: they stay out of the on-time share. */
  trackedFrom?: string;
  months?: number;
}

/** The `count` months ending with today's, oldest first (`YYYY-MM`). */
export function practiceMonths(today: string, count: number = PRACTICE_MONTHS): string[] {
  const first = parse(`${today.slice(0, 7)}-01`, 'yyyy-MM-dd', new Date(0));
  return Array.from({ length: count }, (_, i) => format(subMonths(first, count - 1 - i), 'yyyy-MM'));
}

/** The first day of the oldest month of the window (`YYYY-MM-01`): the figures' searches start there. */
export function practiceWindowStart(today: string, count: number = PRACTICE_MONTHS): string {
  return `${practiceMonths(today, count)[0]}-01`;
}

function dayOf(iso: string | null | undefined, timeZone: string): string | undefined {
  if (!iso) return undefined;
  try {
    return dateOfInstant(iso, timeZone);
  } catch {
    return undefined;
  }
}

const share = (n: number, of: number) => (of > 0 ? n / of : null);

function emptyMonth(month: string): PracticeMonthFigures {
  return {
    month,
    incidents: 0,
    medianDaysToReview: null,
    medianDaysToReviewed: null,
    onTimeOf: 0,
    onTime: 0,
    onTimeShare: null,
    itemsDue: 0,
    doneByDue: 0,
    doneByDueShare: null,
    medianDaysOverdue: null,
    waived: 0,
    repeatFixes: 0,
  };
}

interface Acc {
  toReview: number[];
  toReviewed: number[];
  overdue: number[];
  figures: PracticeMonthFigures;
}

/** The figures per team and month; teams in project-key order, each with every month of the window. */
export function practiceFigures(input: PracticeInput): PracticeTeamFigures[] {
  const months = practiceMonths(input.today, input.months ?? PRACTICE_MONTHS);
  const inWindow = new Set(months);
  const teams = new Map<string, Map<string, Acc>>();
  const acc = (projectKey: string, month: string): Acc => {
    let team = teams.get(projectKey);
    if (!team) {
      team = new Map(months.map((m) => [m, { toReview: [], toReviewed: [], overdue: [], figures: emptyMonth(m) }]));
      teams.set(projectKey, team);
    }
    return team.get(month)!;
  };

  for (const inc of input.incidents) {
    const resolved = dayOf(inc.resolvedAt, input.timeZone);
    if (!resolved || !inWindow.has(resolved.slice(0, 7))) continue;
    const a = acc(inc.projectKey, resolved.slice(0, 7));
    a.figures.incidents += 1;
    const pm = inc.postmortem ?? { status: 'draft' as const, dueDate: addDays(resolved, input.deadlineDays) };
    const sent = dayOf(pm.requestedReviewAt, input.timeZone);
    const reviewed = pm.status === 'reviewed' ? dayOf(pm.reviewedAt, input.timeZone) : undefined;
    if (pm.status !== 'draft' && (sent ?? reviewed)) a.toReview.push(Math.max(0, daysBetween(resolved, (sent ?? reviewed)!)));
    if (reviewed) a.toReviewed.push(Math.max(0, daysBetween(resolved, reviewed)));
    if (!isIsoDate(pm.dueDate)) continue;
    if (!inc.postmortem && input.trackedFrom && resolved < input.trackedFrom) continue;
    const t = postmortemOnTime(pm, input.today, input.timeZone);
    if (t.kind === 'sent') {
      a.figures.onTimeOf += 1;
      if (t.onTime) a.figures.onTime += 1;
    } else if (t.late) a.figures.onTimeOf += 1;
  }

  for (const item of input.items) {
    if (!isIsoDate(item.dueDate) || item.dueDate >= input.today || !inWindow.has(item.dueDate.slice(0, 7))) continue;
    const a = acc(item.projectKey, item.dueDate.slice(0, 7));
    a.figures.itemsDue += 1;
    if (item.repeats) a.figures.repeatFixes += 1;
    if (item.waived) {
      a.figures.waived += 1;
      continue;
    }
    const closed = item.resolvedAt ? dayOf(item.resolvedAt, input.timeZone) : undefined;
    if (item.done && closed && closed <= item.dueDate) {
      a.figures.doneByDue += 1;
      continue;
    }
    // Resolved without being done (an unapproved "Won't do") still counts as open: late to today.
    a.overdue.push(daysBetween(item.dueDate, item.done && closed ? closed : input.today));
  }

  return [...teams.keys()]
    .sort((x, y) => x.localeCompare(y))
    .map((projectKey) => ({
      projectKey,
      months: months.map((m) => {
        const a = teams.get(projectKey)!.get(m)!;
        const f = a.figures;
        return {
          ...f,
          medianDaysToReview: median(a.toReview),
          medianDaysToReviewed: median(a.toReviewed),
          onTimeShare: share(f.onTime, f.onTimeOf),
          doneByDueShare: share(f.doneByDue, f.itemsDue - f.waived),
          medianDaysOverdue: median(a.overdue),
        };
      }),
    }));
}

/** One row of the practice table (and of its CSV): a team's month. */
export interface PracticeRow extends PracticeMonthFigures {
  projectKey: string;
  projectName: string;
  manager: string | null;
}

const pct = (x: number | null) => (x === null ? '' : Math.round(x * 100));
const days = (x: number | null) => (x === null ? '' : Math.round(x * 10) / 10);

export const PRACTICE_CSV_COLUMNS: ReadonlyArray<CsvColumn<PracticeRow>> = [
  { header: 'Project', value: (r) => r.projectKey },
  { header: 'Project name', value: (r) => r.projectName },
  { header: 'Manager', value: (r) => r.manager ?? '' },
  { header: 'Month', value: (r) => r.month },
  { header: 'Incidents resolved', value: (r) => r.incidents },
  { header: 'Median days to sent to review', value: (r) => days(r.medianDaysToReview) },
  { header: 'Median days to reviewed', value: (r) => days(r.medianDaysToReviewed) },
  { header: 'Postmortems on time (%)', value: (r) => pct(r.onTimeShare) },
  { header: 'Postmortems on time', value: (r) => `${r.onTime} of ${r.onTimeOf}` },
  { header: 'Action items due', value: (r) => r.itemsDue },
  { header: 'Done by due date (%)', value: (r) => pct(r.doneByDueShare) },
  { header: 'Median days overdue', value: (r) => days(r.medianDaysOverdue) },
  { header: 'Waived', value: (r) => r.waived },
  { header: 'Repeat fixes', value: (r) => r.repeatFixes },
];

/** The practice table as CSV, a row per team and month (with a BOM, so spreadsheets read accents). */
export function practiceCsv(rows: readonly PracticeRow[]): string {
  return rowsToCsv(PRACTICE_CSV_COLUMNS, rows, { bom: true });
}
