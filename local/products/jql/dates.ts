/** JQL date values and date functions, evaluated in the site's time zone (UTC) against the clock. */

export class JqlError extends Error {}

const DAY = 86_400_000;

const UNIT_MS: Record<string, number> = { w: 7 * DAY, d: DAY, h: 3_600_000, m: 60_000 };

/** Jira's relative period, e.g. `-5d`, `4w 2d`, `+1h`: milliseconds or undefined. */
export function parsePeriod(s: string): number | undefined {
  const t = s.trim();
  const m = /^([+-])?\s*((?:\d+\s*[wdhm]\s*)+)$/.exec(t);
  if (!m || m[2] === undefined) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of m[2].matchAll(/(\d+)\s*([wdhm])/g)) total += Number(part[1]) * (UNIT_MS[part[2] ?? 'd'] ?? 0);
  return sign * total;
}

/** A JQL date literal: absolute (`2026-03-01`, `2026/03/01 10:30`) or a period relative to now. */
export function parseDateValue(raw: string, now: Date, field: string): number {
  const s = raw.trim();
  const abs = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(s);
  if (abs) {
    const [, y, mo, d, h, mi] = abs;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
    if (!Number.isNaN(ms)) return ms;
  }
  const p = parsePeriod(s);
  if (p !== undefined) return now.getTime() + p;
  throw new JqlError(
    `Date value '${raw}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** Increment argument of startOfDay("+7d") etc.: `[+-]N[yMwdhm]`. */
function applyIncrement(base: Date, inc: string | undefined, fn: string): Date {
  if (inc === undefined || inc.trim() === '') return base;
  const m = /^([+-]?)(\d+)([yMwdhm]?)$/.exec(inc.trim());
  if (!m) throw new JqlError(`Function '${fn}' has an invalid increment '${inc}'. Use for example "+7d", "-1w" or "1M".`);
  const n = (m[1] === '-' ? -1 : 1) * Number(m[2]);
  const unit = m[3] || defaultUnit(fn);
  const d = new Date(base.getTime());
  switch (unit) {
    case 'y':
      d.setUTCFullYear(d.getUTCFullYear() + n);
      break;
    case 'M':
      d.setUTCMonth(d.getUTCMonth() + n);
      break;
    default:
      d.setTime(d.getTime() + n * (UNIT_MS[unit] ?? DAY));
  }
  return d;
}

function defaultUnit(fn: string): string {
  if (/week/i.test(fn)) return 'w';
  if (/month/i.test(fn)) return 'M';
  if (/year/i.test(fn)) return 'y';
  return 'd';
}

const DATE_FUNCTIONS = new Set([
  'now',
  'startofday',
  'endofday',
  'startofweek',
  'endofweek',
  'startofmonth',
  'endofmonth',
  'startofyear',
  'endofyear',
]);

export function isDateFunction(name: string): boolean {
  return DATE_FUNCTIONS.has(name.toLowerCase());
}

/** Evaluates a date function to epoch milliseconds. */
export function dateFunction(name: string, args: string[], now: Date): number {
  const fn = name.toLowerCase();
  if (fn === 'now') {
    if (args.length > 0) throw new JqlError(`Function 'now' expected '0' arguments but received '${args.length}'.`);
    return now.getTime();
  }
  if (args.length > 1) throw new JqlError(`Function '${name}' expected between '0' and '1' arguments but received '${args.length}'.`);
  const t = now.getTime();
  const today = startOfUtcDay(t);
  const d = new Date(today);
  let start: Date;
  let end: (s: Date) => Date;
  switch (fn) {
    case 'startofday':
    case 'endofday':
      start = new Date(today);
      end = (s) => new Date(startOfUtcDay(s.getTime()) + DAY - 1);
      break;
    case 'startofweek':
    case 'endofweek':
      start = new Date(today - d.getUTCDay() * DAY); // Sunday, as Jira in an en_US locale
      end = (s) => new Date(startOfUtcDay(s.getTime()) - new Date(s).getUTCDay() * DAY + 7 * DAY - 1);
      break;
    case 'startofmonth':
    case 'endofmonth':
      start = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
      end = (s) => new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1) - 1);
      break;
    default:
      start = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
      end = (s) => new Date(Date.UTC(s.getUTCFullYear() + 1, 0, 1) - 1);
  }
  if (fn.startsWith('start')) return applyIncrement(start, args[0], name).getTime();
  return end(applyIncrement(new Date(today), args[0], name)).getTime();
}

/** `YYYY-MM-DD` → epoch ms at 00:00 UTC. */
export function dateOnlyMs(d: string): number {
  return Date.parse(`${d}T00:00:00Z`);
}
