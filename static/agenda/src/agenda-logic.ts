/**
 * The agenda macro's words and figures, pure (no React, no bridge) so unit tests read them as the
 * page shows them: the week, the time the lists are true as of, how much of a list is shown, and a
 * team's name with its managers.
 */
import type { AgendaTeam } from '@contracts/agenda-macro';
import type { ReportPerson } from '@contracts/report-rows';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A calendar date written out for the reader's locale ("Monday, 30 November 2026"); the date itself when it cannot be. */
export function dayText(iso: string, locale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(d);
  } catch {
    return iso;
  }
}

/** "Week of Monday, 30 November 2026 to Sunday, 6 December 2026 (Europe/Berlin)". */
export function weekText(week: { start: string; end: string }, timeZone: string, locale: string): string {
  return `Week of ${dayText(week.start, locale)} to ${dayText(week.end, locale)} (${timeZone})`;
}

/**
 * The time an instant is, in the site's time zone, with the zone named: "09:14:05 (Europe/Berlin)".
 * An unknown zone falls back to UTC, and says so.
 */
export function timeInZone(iso: string, timeZone: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const fmt = (zone: string) =>
    new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: zone }).format(d);
  try {
    return `${fmt(timeZone)} (${timeZone})`;
  } catch {
    return `${fmt('UTC')} (UTC)`;
  }
}

/** An instant as a date and time in the site's time zone: "2026-11-13 10:00". */
export function instantInZone(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = (zone: string) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: zone,
      })
        .formatToParts(d)
        .map((x) => [x.type, x.value]),
    );
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  };
  try {
    return parts(timeZone);
  } catch {
    return `${parts('UTC')} UTC`;
  }
}

/** How much of a list is on the agenda: "All 3 shown." or "The first 20 of 34 are shown." */
export function shownText(shown: number, total: number): string {
  if (total <= shown) return shown === 1 ? 'The only one is shown.' : `All ${shown} are shown.`;
  return `The first ${shown} of ${total} are shown; the Postmortem report has them all.`;
}

/** A team's managers in words: "Marcus Chen", "Grace Okafor and Priya Raman", "no manager". */
export function managersText(managers: readonly ReportPerson[]): string {
  const names = managers.map((m) => m.displayName);
  if (names.length === 0) return 'no manager or project lead';
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/** A team's heading: "Payments (PAY), manager Marcus Chen". */
export function teamHeading(team: Pick<AgendaTeam, 'projectKey' | 'projectName' | 'managers'>): string {
  const who = team.managers.length > 1 ? 'managers' : 'manager';
  const name = team.projectName && team.projectName !== team.projectKey ? `${team.projectName} (${team.projectKey})` : team.projectKey;
  return team.managers.length ? `${name}, ${who} ${managersText(team.managers)}` : `${name}, ${managersText(team.managers)}`;
}
