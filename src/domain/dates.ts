/**
 * Calendar-date arithmetic. Due dates are dates (`YYYY-MM-DD`), not instants; "today" is the date
 * in the site's configured time zone. Pure: no clock is read here, callers pass `now`.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses `YYYY-MM-DD` strictly (rejects 2026-02-30). Returns UTC midnight in ms, or undefined. */
export function parseIsoDate(date: string): number | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms;
}

export function isIsoDate(date: string): boolean {
  return parseIsoDate(date) !== undefined;
}

function mustParse(date: string): number {
  const ms = parseIsoDate(date);
  if (ms === undefined) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return ms;
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The calendar date of instant `now` in IANA time zone `timeZone`. */
export function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return format(mustParse(date) + days * DAY_MS);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((mustParse(to) - mustParse(from)) / DAY_MS);
}

/** The calendar date part of an ISO date-time, read in `timeZone` (e.g. an incident's created time). */
export function dateOfInstant(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date-time: ${JSON.stringify(iso)}`);
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
