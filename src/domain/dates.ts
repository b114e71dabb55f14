/**
 * Calendar-date arithmetic on date-fns, time zones through @date-fns/tz
 * (docs/decisions/0009-dates-on-date-fns.md). Due dates are dates (`YYYY-MM-DD`), not instants;
 * "today" is the date in the site's configured time zone. Dates are counted in whole calendar
 * days, whatever the process's own zone and its daylight-saving changes, for every year 0000–9999
 * (the hand-rolled `Date.UTC` this replaces mapped years 0–99 to the 1900s and then threw).
 * Pure: no clock is read here, callers pass `now`.
 */
import { tz } from '@date-fns/tz';
import { addDays as addCalendarDays, differenceInCalendarDays, format, isValid, parse, parseISO } from 'date-fns';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE = 'uuuu-MM-dd'; // `u`: the extended year (0000 is year 0), not the year of an era
const REFERENCE = new Date(0);
const EPOCH = '1970-01-01';
const DAY_MS = 86_400_000;

/**
 * Dates already parsed, as their time value (NaN: no calendar date). A report or a sweep reads the
 * same few hundred due dates thousands of times, and date-fns' `parse` reads its format string
 * every time; the cache is cleared when full, so it stays small.
 */
const parsed = new Map<string, number>();
const PARSED_MAX = 4096;

/** The date `YYYY-MM-DD` as a calendar Date, or undefined when it is no calendar date (2026-02-30). */
function toDate(date: string): Date | undefined {
  let t = parsed.get(date);
  if (t === undefined) {
    if (!DATE_RE.test(date)) return undefined;
    const d = parse(date, ISO_DATE, REFERENCE);
    t = isValid(d) ? d.getTime() : NaN;
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(date, t);
  }
  return Number.isNaN(t) ? undefined : new Date(t);
}

function mustParse(date: string): Date {
  const d = toDate(date);
  if (d === undefined) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return d;
}

export function isIsoDate(date: string): boolean {
  return toDate(date) !== undefined;
}

/** Parses `YYYY-MM-DD` strictly (rejects 2026-02-30). Returns UTC midnight in ms, or undefined. */
export function parseIsoDate(date: string): number | undefined {
  return isIsoDate(date) ? daysBetween(EPOCH, date) * DAY_MS : undefined;
}

/** The calendar date of instant `now` in IANA time zone `timeZone` (RangeError for an unknown zone). */
export function todayIn(timeZone: string, now: Date): string {
  const zoned = tz(timeZone)(now);
  if (!isValid(zoned)) throw new RangeError(`Not a time zone, or not an instant: ${JSON.stringify(timeZone)}, ${String(now.getTime())}`);
  return format(zoned, ISO_DATE);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return format(addCalendarDays(mustParse(date), days), ISO_DATE);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(mustParse(to), mustParse(from));
}

/** Day of the week of `date`: 0 Sunday … 6 Saturday. */
export function dayOfWeek(date: string): number {
  return mustParse(date).getDay();
}

/** `date` written out in English, day first: "7 December 2026". */
export function longDate(date: string): string {
  return format(mustParse(date), 'd MMMM uuuu');
}

/** The calendar date part of an ISO date-time, read in `timeZone` (e.g. an incident's created time). */
export function dateOfInstant(iso: string, timeZone: string): string {
  let d = parseISO(iso);
  if (!isValid(d)) d = new Date(iso); // Jira's `2026-03-01T10:00:00.000+0000` and other forms Date reads
  if (!isValid(d)) throw new RangeError(`Not a date-time: ${JSON.stringify(iso)}`);
  return todayIn(timeZone, d);
}

export type DueState =
  | { kind: 'no-due-date' }
  | { kind: 'due'; days: number } // days >= 1
  | { kind: 'due-today' }
  | { kind: 'overdue'; days: number }; // days >= 1

export function dueState(dueDate: string | null | undefined, today: string): DueState {
  if (!dueDate) return { kind: 'no-due-date' };
  const days = daysBetween(today, dueDate);
  if (days > 0) return { kind: 'due', days };
  if (days === 0) return { kind: 'due-today' };
  return { kind: 'overdue', days: -days };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "due in 3 days", "due today", "overdue by 1 day", "needs a due date" (late wording for postmortems). */
export function describeDue(state: DueState, lateWord: 'overdue by' | 'late by' = 'overdue by'): string {
  switch (state.kind) {
    case 'no-due-date':
      return 'needs a due date';
    case 'due':
      return `due in ${plural(state.days, 'day')}`;
    case 'due-today':
      return 'due today';
    case 'overdue':
      return `${lateWord} ${plural(state.days, 'day')}`;
  }
}
