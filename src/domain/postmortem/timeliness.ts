/**
 * When a postmortem is due: the incident's date (the incident's created time read in the site's
 * time zone, or a date the owner chose) plus the deadline days from settings.
 */
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
