/** The sweep's pure decisions: planner, ledger keys, stages, chunking, JQL parameters, run summaries. */
export { planSweep, planEscalationPage, ledgerKeysToCheck, ledgerGroupsToRead, type EscalationPage, type PageShare } from './plan';
export { addPage, digestMails, emptyDigest, type DigestReader, type EscalationDigest } from './digest';
export {
  LEDGER_PREFIX,
  isLedgerSubject,
  ledgerRecordKey,
  ledgerBucketKey,
  ledgerRecordKeysOf,
  markRecordKey,
  marksByRecord,
  ITEMS_PER_BUCKET,
  ledgerView,
  ledgerViewOfKeys,
  mergeMarks,
  remindedWithin,
  type LedgerRecord,
  type Mark,
  type MarkWrite,
  type SentTo,
  isValidKvsKey,
  ledgerKey,
  ledgerSubjectPrefix,
  ledgerTtlDays,
  parseLedgerKey,
  type LedgerStage,
  type LedgerSubjectKind,
  type ParsedLedgerKey,
} from './ledger';
export { escalationStage, maxOffset, normaliseOffsets, reminderStage } from './stages';
export { managersOf, secondTierOf } from './contacts';
export { chunkSweepWork, type SweepChunk } from './chunks';
export { SWEEP_ITEM_FIELDS, sweepSelection, trackedDueDate, type IncidentTracking, type SweepSelection } from './selection';
export { issueUrl } from './messages';
export type * from './types';
export { addToRun, emptyCounts, finishRun, keepLastRuns, mergeRuns, overdueSeries, planCounts, startRun } from './summary';
export { marksAfterFailing, marksAfterSending, notifyRequestBody, type NotifyRequestBody } from './notify';
export { reroutedMail } from './reach';
export { hourIn, scheduledSweep, type RunStart, type ScheduledSweep } from './send-hour';
