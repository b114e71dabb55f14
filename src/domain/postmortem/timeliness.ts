/**
 * When a postmortem is due: the incident's date (the incident's created time read in the site's
 * time zone, or a date the owner chose) plus the deadline days from settings.
 */
import type { PostmortemDueState } from '../../contracts/due';
import { addDays, dateOfInstant, describeDue, dueState, isIsoDate, todayIn, type DueState } from '../dates';

export interface TimelinessInput {
  /** The incident issue's `created` (ISO date-time), used when no date was chosen. */
  incidentCreated?: string;
  /** A date the owner chose for the incident (`YYYY-MM-DD`); wins over `incidentCreated`. */
  incidentDate?: string;
  /** The site's IANA time zone (settings.timeZone). */
  timeZone: string;
  /** settings.postmortemDeadlineDays. */
  deadlineDays: number;
  now: Date;
}

export type Timeliness =
  | {
      ok: true;
      incidentDate: string;
      dueDate: string;
      /** Today in the site's time zone. */
      today: string;
      state: DueState;
      /** "due in 3 days", "due today", "late by 2 days". */
      text: string;
    }
  | { ok: false; message: string };

export const MAX_DEADLINE_DAYS = 365;

/** The due date of a postmortem for an incident on `incidentDate`. Throws RangeError on a bad date or day count. */
export function postmortemDueDate(incidentDate: string, deadlineDays: number): string {
  if (!Number.isInteger(deadlineDays) || deadlineDays < 0 || deadlineDays > MAX_DEADLINE_DAYS)
    throw new RangeError(`Deadline days must be a whole number from 0 to ${MAX_DEADLINE_DAYS}.`);
  return addDays(incidentDate, deadlineDays);
}

/** The incident date, due date and due state of a postmortem. Never throws. */
export function postmortemTimeliness(input: TimelinessInput): Timeliness {
  if (!Number.isInteger(input.deadlineDays) || input.deadlineDays < 0 || input.deadlineDays > MAX_DEADLINE_DAYS)
    return { ok: false, message: `The postmortem deadline must be a whole number of days from 0 to ${MAX_DEADLINE_DAYS}.` };
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) return { ok: false, message: 'No valid current time was given.' };
  let today: string;
  try {
    today = todayIn(input.timeZone, input.now);
  } catch {
    return { ok: false, message: `Unknown time zone ${JSON.stringify(String(input.timeZone).slice(0, 60))}.` };
  }
  let incidentDate: string;
  if (input.incidentDate !== undefined) {
    if (!isIsoDate(input.incidentDate)) return { ok: false, message: 'The incident date must be a date in the form YYYY-MM-DD.' };
    incidentDate = input.incidentDate;
  } else if (input.incidentCreated !== undefined) {
    try {
      incidentDate = dateOfInstant(input.incidentCreated, input.timeZone);
    } catch {
      return { ok: false, message: "The incident's created date could not be read." };
    }
  } else return { ok: false, message: 'The incident has no date: choose one.' };
  if (incidentDate < '1900-01-01' || incidentDate > '2999-12-31') return { ok: false, message: 'The incident date is out of range.' };
  const dueDate = postmortemDueDate(incidentDate, input.deadlineDays);
  const state = dueState(dueDate, today);
  return { ok: true, incidentDate, dueDate, today, state, text: describeDue(state, 'late by') };
}

/**
 * The one meaning of "on time" for a postmortem, used by the macro, the panel, the report and the
 * mails: a postmortem is on time when it is **sent to review on or before its due date** (dates in
 * the site's time zone). Until it is sent it is due, due today, or late by the days past its due
 * date; once sent (in review or reviewed) it stays "sent on time" or "sent N days late" for good.
 * A postmortem that reached review without a recorded request counts from its review date; one
 * with neither date counts as sent on time (nothing says otherwise).
 */
export type PostmortemOnTime =
  | { kind: 'open'; state: DueState; late: boolean; daysLate: number }
  | { kind: 'sent'; sentOn: string | null; onTime: boolean; daysLate: number };

export interface OnTimeInput {
  status: 'draft' | 'in-review' | 'reviewed';
  dueDate: string;
  /** When the owner sent it to review (ISO date-time). */
  requestedReviewAt?: string | null | undefined;
  /** When it was marked reviewed (ISO date-time). */
  reviewedAt?: string | null | undefined;
}

function dayOf(iso: string | null | undefined, timeZone: string): string | null {
  if (!iso) return null;
  try {
    return dateOfInstant(iso, timeZone);
  } catch {
    return null;
  }
}

/** Whether (and by how much) a postmortem is late, by the one rule above. */
export function postmortemOnTime(pm: OnTimeInput, today: string, timeZone: string): PostmortemOnTime {
  if (pm.status === 'draft') {
    const state = dueState(pm.dueDate, today);
    const daysLate = state.kind === 'overdue' ? state.days : 0;
    return { kind: 'open', state, late: daysLate > 0, daysLate };
  }
  const sentOn = dayOf(pm.requestedReviewAt, timeZone) ?? dayOf(pm.reviewedAt, timeZone);
  const state = sentOn && isIsoDate(pm.dueDate) ? dueState(pm.dueDate, sentOn) : undefined;
  const daysLate = state?.kind === 'overdue' ? state.days : 0;
  return { kind: 'sent', sentOn, onTime: daysLate === 0, daysLate };
}

/**
 * The wording of `postmortemOnTime` everywhere it is shown: "due in 3 days", "due today",
 * "late by 2 days" (not yet sent), "sent to review on time", "sent to review 4 days late".
 */
export function describeOnTime(o: PostmortemOnTime): string {
  if (o.kind === 'open') return describeDue(o.state, 'late by');
  if (o.onTime) return 'sent to review on time';
  return `sent to review ${o.daysLate} ${o.daysLate === 1 ? 'day' : 'days'} late`;
}

/** `describeOnTime(postmortemOnTime(...))`. */
export function postmortemDueText(pm: OnTimeInput, today: string, timeZone: string): string {
  return describeOnTime(postmortemOnTime(pm, today, timeZone));
}

/** `postmortemOnTime` as the contracts carry it (src/contracts/due.ts): what the UI colours by. */
export function dueStateOf(o: PostmortemOnTime): PostmortemDueState {
  if (o.kind === 'sent') return o.onTime ? { kind: 'sent-on-time', days: 0 } : { kind: 'sent-late', days: o.daysLate };
  switch (o.state.kind) {
    case 'no-due-date':
      return { kind: 'no-due-date', days: 0 };
    case 'due':
      return { kind: 'due', days: o.state.days };
    case 'due-today':
      return { kind: 'due-today', days: 0 };
    case 'overdue':
      return { kind: 'late', days: o.state.days };
  }
}

/** A postmortem's due state and its wording, by the one rule above. */
export function postmortemDue(pm: OnTimeInput, today: string, timeZone: string): { due: string; dueState: PostmortemDueState } {
  const o = postmortemOnTime(pm, today, timeZone);
  return { due: describeOnTime(o), dueState: dueStateOf(o) };
}
