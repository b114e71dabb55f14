/** The sweep's pure decisions: planner, ledger keys, stages, chunking, JQL parameters, run summaries. */
export { planSweep, ledgerKeysToCheck } from './plan';
export {
  LEDGER_PREFIX,
  isLedgerSubject,
  isValidKvsKey,
  ledgerKey,
  ledgerSubjectPrefix,
  ledgerTtlDays,
  parseLedgerKey,
  type LedgerEntry,
  type LedgerStage,
  type LedgerSubjectKind,
  type ParsedLedgerKey,
} from './ledger';
export { escalationStage, maxOffset, normaliseOffsets, reminderStage } from './stages';
export { managersOf, secondTierOf } from './contacts';
export { chunkSweepWork, type SweepChunk } from './chunks';
export { SWEEP_ITEM_FIELDS, sweepSelection, type SweepSelection } from './selection';
export { issueUrl } from './messages';
export type * from './types';
export { addToRun, emptyCounts, finishRun, keepLastRuns, mergeRuns, overdueSeries, planCounts, startRun } from './summary';
export { ledgerWritesAfterSending, notifyRequestBody, type NotifyRequestBody } from './notify';
