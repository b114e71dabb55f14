/**
 * The check of a date a person types, shared by the UI and the backend. Depends on date-fns only
 * (no zod), so Custom UI bundles that check dates stay small.
 */
import { isExists } from 'date-fns';

/**
 * The first year a person may type into the app. Earlier years are typos (`0026` for `2026`): they
 * are refused where a date is entered. A stored date of any year is still read and shown.
 */
export const MIN_INPUT_YEAR = 1900;

/**
 * What is wrong with a date a person typed (`YYYY-MM-DD`, a real calendar date, year 1900 or
 * later), as a sentence that says what to do; undefined when it is fine.
 */
export function dateInputProblem(s: string, example = '2026-03-31'): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return `"${s.slice(0, 40)}" is not a date. Use the form YYYY-MM-DD, e.g. ${example}.`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_INPUT_YEAR) return `${s} is not a date the app accepts: use a date from the year ${MIN_INPUT_YEAR} on, e.g. ${example}.`;
  // isExists builds a Date, which is exact for the years accepted here (1900 and later).
  if (!isExists(y, mo - 1, d)) return `"${s}" is not a date. Use the form YYYY-MM-DD, e.g. ${example}.`;
  return undefined;
}
