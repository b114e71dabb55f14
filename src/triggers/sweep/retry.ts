/** The hourly same-day retry of a failed or incomplete sweep (./PROTOCOL.md). */
import * as clock from '../../adapters/clock';
import { readSettings } from '../../adapters/settings';
import * as runs from '../../adapters/sweep-runs';
import { todayIn } from '../../domain/dates';
import { hourIn } from '../../domain/sweep';
import { sweepTrigger } from './fan-out';
import { LEASE_TTL_SECONDS, type SweepTriggerResult } from './shell';

// ------------------------------------------------------------------ the same-day retry

export type SweepRetryResult = SweepTriggerResult | { status: 'not-needed'; reason: string };

/**
 * Hourly (manifest `postmortem-sweep-retry`): when today's latest run (in the site's time zone)
 * failed or left mails unsent, sweeps again; the ledger keeps everything already sent from going
 * out twice. So a storage error or a Jira outage costs an hour, not the day; once the day ends,
 * the next day's sweep takes over (and makes up a due-day reminder that never went out).
 */
export async function sweepRetry(): Promise<SweepRetryResult> {
  const { settings } = await readSettings();
  const now = clock.now();
  const today = todayIn(settings.timeZone, now);
  // Never before the send hour (a run recorded earlier in the day failed before it knew the hour).
  if (hourIn(settings.timeZone, now) < settings.sendHour)
    return {
      status: 'not-needed',
      reason: `The sweep sends from ${String(settings.sendHour).padStart(2, '0')}:00 (${settings.timeZone}).`,
    };
  const latest = (await runs.readSweepRuns()).find((r) => todayIn(settings.timeZone, new Date(r.startedAt)) === today);
  if (!latest) return { status: 'not-needed', reason: "Today's sweep has not run yet; the daily trigger runs it." };
  // A run still marked running after its lease would have expired died (a killed invocation): sweep again.
  if (latest.status === 'running' && now.getTime() - Date.parse(latest.startedAt) < LEASE_TTL_SECONDS * 1000) {
    return { status: 'not-needed', reason: "Today's sweep is still running." };
  }
  if (latest.status === 'completed') return { status: 'not-needed', reason: "Today's sweep sent everything that was due." };
  console.log(`sweep-retry: today's run ${latest.runId} ended ${latest.status}; sweeping again.`);
  return sweepTrigger();
}
