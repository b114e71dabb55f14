import { z } from 'zod';
import { IsoDate, IsoDateTime } from './ids';

/** How many sweep runs the app keeps (and the admin page shows). */
export const SWEEP_RUNS_KEPT = 30;
/** How many failures a run summary records in detail (the count is always exact). */
export const SWEEP_FAILURE_SAMPLES = 20;

/** One failed notification or product call, for the admin page. */
export const SweepFailure = z.object({
  /** The issue the call was about (item or incident), when there is one. */
  issueKey: z.string().max(64).optional(),
  /** The planned notification id, when a mail failed. */
  notificationId: z.string().max(300).optional(),
  /** HTTP status of the last attempt, when there was an answer. */
  status: z.number().int().min(0).max(999).optional(),
  message: z.string().max(500),
});
export type SweepFailure = z.infer<typeof SweepFailure>;

/** A mail-reach case: a reader Jira would not mail (inactive, or may not browse the issue), and what was done. */
export const SweepReachNote = z.object({ issueKey: z.string().max(64), message: z.string().max(500) });
export type SweepReachNote = z.infer<typeof SweepReachNote>;

export const SweepRunStatus = z.enum(['running', 'completed', 'completed-with-failures', 'failed']);
export type SweepRunStatus = z.infer<typeof SweepRunStatus>;

/** The counters of a run; a run's summary sums them over its chunks. */
export const SweepRunCounts = z.object({
  itemsScanned: z.number().int().min(0),
  postmortemsScanned: z.number().int().min(0),
  /** Reminders sent (action items, unowned, postmortems). */
  reminders: z.number().int().min(0),
  /** Escalation mails sent. */
  escalations: z.number().int().min(0),
  /** Missing-due-date notices sent. */
  notices: z.number().int().min(0),
  /** Open action items past their due date when the run looked. */
  overdueItems: z.number().int().min(0),
  latePostmortems: z.number().int().min(0),
  /** Subjects with nobody to tell or unusable data (left unsent). */
  skipped: z.number().int().min(0),
  /** Notifications or calls that still failed after retries (left unsent for the next run). */
  failures: z.number().int().min(0),
  /** Product calls (Jira/Confluence REST) made by the run, retries included. */
  productCalls: z.number().int().min(0),
  /** Mails sent to someone other than their intended reader, who cannot receive Jira mail for them. */
  rerouted: z.number().int().min(0).default(0),
  /** Subjects nobody reachable could be told about (inactive or without browse permission). */
  unreachable: z.number().int().min(0).default(0),
});
export type SweepRunCounts = z.infer<typeof SweepRunCounts>;

/** Summary of one sweep run (start, end, items scanned, reminders, escalations, failures, product calls). */
export const SweepRunSummary = SweepRunCounts.extend({
  runId: z.string().min(1).max(100),
  startedAt: IsoDateTime,
  /** Null while the run is going. */
  endedAt: IsoDateTime.nullable(),
  /** The sweep's today in the site's time zone. */
  today: IsoDate,
  status: SweepRunStatus,
  failureSamples: z.array(SweepFailure).max(SWEEP_FAILURE_SAMPLES),
  /** Who could not be mailed and what was done instead (first SWEEP_FAILURE_SAMPLES cases). */
  reachSamples: z.array(SweepReachNote).max(SWEEP_FAILURE_SAMPLES).default([]),
});
export type SweepRunSummary = z.infer<typeof SweepRunSummary>;

/** The stored history: newest first, at most `SWEEP_RUNS_KEPT`. */
export const SweepRunHistory = z.array(SweepRunSummary).max(SWEEP_RUNS_KEPT);
export type SweepRunHistory = z.infer<typeof SweepRunHistory>;
