/**
 * When the scheduled sweep starts (README, "The sweep's policy"; docs/platform.md, scheduled
 * triggers): Forge runs a scheduled trigger at intervals whose start time nobody chooses, so a
 * daily trigger would mail at whatever hour the app was deployed. The sweep's trigger runs every
 * hour instead and starts the day's sweep at the first run at or after the settings' `sendHour`
 * in the site's time zone, and again in a later hour of that day only when the day's run failed or
 * left mails unsent. Pure.
 */
import { tz } from '@date-fns/tz';
import { getHours, isValid } from 'date-fns';
import { todayIn } from '../dates';

/** The hour (0–23) of instant `now` in IANA time zone `timeZone`. */
export function hourIn(timeZone: string, now: Date): number {
  const zoned = tz(timeZone)(now);
  if (!isValid(zoned)) throw new RangeError(`Not a time zone, or not an instant: ${JSON.stringify(timeZone)}`);
  return getHours(zoned);
}

export type ScheduledSweep = { start: true; today: string } | { start: false; today: string; reason: string };

/** A recorded run, as far as the decision needs it. */
export interface RunStart {
  startedAt: string;
  status: 'running' | 'completed' | 'completed-with-failures' | 'failed';
}

/**
 * Whether the hourly trigger starts the day's sweep now: the site's hour has reached `sendHour`,
 * and today (site time zone) has no run that completed and none still running (a run marked
 * running for longer than `leaseMs` died). A run today that failed or left mails unsent is swept
 * again, as the same-day retry does: the ledger keeps what went out from going out twice.
 */
export function scheduledSweep(input: {
  now: Date;
  timeZone: string;
  sendHour: number;
  runs: readonly RunStart[];
  leaseMs: number;
}): ScheduledSweep {
  const today = todayIn(input.timeZone, input.now);
  const hour = hourIn(input.timeZone, input.now);
  if (hour < input.sendHour) {
    const at = `${String(input.sendHour).padStart(2, '0')}:00`;
    return {
      start: false,
      today,
      reason: `It is ${String(hour).padStart(2, '0')}:xx in ${input.timeZone}; the day's sweep starts at ${at}.`,
    };
  }
  const todays = input.runs.filter((r) => todayIn(input.timeZone, new Date(r.startedAt)) === today);
  if (todays.some((r) => r.status === 'completed'))
    return { start: false, today, reason: "Today's sweep has run and sent everything that was due." };
  if (todays.some((r) => r.status === 'running' && input.now.getTime() - Date.parse(r.startedAt) < input.leaseMs))
    return { start: false, today, reason: "Today's sweep is still running." };
  return { start: true, today };
}
