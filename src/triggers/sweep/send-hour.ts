/**
 * The hourly scheduled trigger (manifest `postmortem-sweep`, interval `hour`): starts the day's
 * sweep at the settings' send hour in the site's time zone, and again that day only while the
 * day's run failed or left mails unsent (the rule:
 * src/domain/sweep/send-hour.ts; docs/platform.md, scheduled triggers). When the settings cannot be
 * read it sweeps anyway, which records the failed run for the hourly retry (./retry.ts).
 * An hour that does not start the sweep runs the weekly agenda page's step instead (./agenda.ts).
 */
import * as clock from '../../adapters/clock';
import { readSettings } from '../../adapters/settings';
import * as runs from '../../adapters/sweep-runs';
import { scheduledSweep } from '../../domain/sweep';
import { agendaStep } from './agenda';
import { sweepTrigger } from './fan-out';
import { LEASE_TTL_SECONDS, type SweepTriggerResult } from './shell';

export async function sweepAtSendHour(): Promise<SweepTriggerResult> {
  let read: Awaited<ReturnType<typeof readSettings>>;
  try {
    read = await readSettings();
  } catch (e) {
    return sweepTrigger(() => Promise.reject(e instanceof Error ? e : new Error(String(e))));
  }
  const { settings } = read;
  const when = scheduledSweep({
    now: clock.now(),
    timeZone: settings.timeZone,
    sendHour: settings.sendHour,
    runs: await runs.readSweepRuns(),
    leaseMs: LEASE_TTL_SECONDS * 1000,
  });
  if (!when.start) {
    await agendaStep(settings);
    return { status: 'skipped', reason: when.reason };
  }
  return sweepTrigger(() => Promise.resolve(read));
}
