/**
 * When the weekly review agenda page is written, and its title (README, "The sweep's policy";
 * src/usecases/agenda/write-agenda-page.ts). Weeks run Monday to Sunday in the site's time zone;
 * the page is written once a week, at the first hourly run at or after the send hour on the
 * settings' agenda weekday, or on a later day of the same week while that week's page has not been
 * written (Confluence down all day, say). Pure.
 */
import { addDays, dayOfWeek, longDate, todayIn } from '../dates';
import { hourIn } from '../sweep/send-hour';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** ISO weekday of a `YYYY-MM-DD` date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const d = dayOfWeek(date);
  return d === 0 ? 7 : d;
}

/** The English name of ISO weekday `weekday` (1 Monday … 7 Sunday). */
export function weekdayName(weekday: number): string {
  const name = WEEKDAYS[weekday - 1];
  if (name === undefined) throw new RangeError(`Not an ISO weekday: ${String(weekday)}`);
  return name;
}

/** The Monday of the week of `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The agenda page's title for the week starting on `monday`: "Postmortem review, week of 7 December 2026". */
export function agendaTitle(monday: string): string {
  return `Postmortem review, week of ${longDate(monday)}`;
}

export type AgendaDue =
  { due: true; today: string; monday: string; title: string } | { due: false; today: string; monday: string; reason: string };

/**
 * Whether this hour's run writes the week's agenda page: on the agenda weekday from the send hour
 * on, and on the later days of that week (the caller skips a week whose page was written already).
 */
export function agendaDue(input: { now: Date; timeZone: string; weekday: number; sendHour: number }): AgendaDue {
  const today = todayIn(input.timeZone, input.now);
  const monday = mondayOf(today);
  const day = isoWeekday(today);
  const on = `${weekdayName(input.weekday)}s`;
  const at = `${String(input.sendHour).padStart(2, '0')}:00`;
  if (day < input.weekday) {
    return {
      due: false,
      today,
      monday,
      reason: `The agenda page is written on ${on} from ${at} (${input.timeZone}); today is ${weekdayName(day)}.`,
    };
  }
  if (day === input.weekday && hourIn(input.timeZone, input.now) < input.sendHour) {
    return { due: false, today, monday, reason: `The agenda page is written today from ${at} (${input.timeZone}).` };
  }
  return { due: true, today, monday, title: agendaTitle(monday) };
}
