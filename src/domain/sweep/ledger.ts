/**
 * The notification ledger: one `@forge/kvs` key per (subject, due date, stage) that was sent.
 *
 *   sweep-ledger:<kind>:<subject>:<due>:<stage>
 *
 *   kind     `a` action item, `p` postmortem
 *   subject  the action item's issue key, or the postmortem's incident key
 *   due      the due date the stage belongs to (`YYYY-MM-DD`), or `none` (missing-due-date notice)
 *   stage    `r<n>`  reminder n days before the due date (n from the settings' offsets)
 *            `e<n>`  escalation to managers, the stage that starts on overdue day n
 *                    (n = 1, 1 + repeatDays, 1 + 2·repeatDays, …)
 *            `t<n>`  escalation to second-tier contacts starting on overdue day n
 *                    (n = secondTierAfterDays, + repeatDays, …)
 *            `nodue` the single missing-due-date notice
 *
 * e.g. `sweep-ledger:a:OPS-12:2026-03-01:r7`, `sweep-ledger:p:INC-4:2026-03-03:e8`,
 * `sweep-ledger:a:OPS-13:none:nodue`. At most ~70 characters, all in the KVS key alphabet
 * `[a-zA-Z0-9:._\s-#]`. Because the due date is in the key, moving the due date starts afresh;
 * because stages are named by the day they start, changing `repeatDays` never reuses a key for a
 * different day. The key alone is the record; the value is a tiny `LedgerEntry` for audits.
 */

export const LEDGER_PREFIX = 'sweep-ledger';

export type LedgerSubjectKind = 'a' | 'p';

export type LedgerStage = `r${number}` | `e${number}` | `t${number}` | 'nodue';

/** The stored value: when it was sent (the sweep's today) and how many recipients. Compact on purpose. */
export interface LedgerEntry {
  /** Schema version. */
  v: 1;
  /** The sweep's today when it was sent, `YYYY-MM-DD`. */
  on: string;
  /** Number of recipients across the mails that carried it. */
  n: number;
}

/** `@forge/kvs` key rule: 1–500 characters of `[a-zA-Z0-9:._\s-#]`. */
export function isValidKvsKey(key: string): boolean {
  return /^[a-zA-Z0-9:._\s#-]{1,500}$/.test(key);
}

const SUBJECT_RE = /^[A-Z][A-Z0-9_]{0,254}-[0-9]{1,18}$/;
const DUE_RE = /^(\d{4}-\d{2}-\d{2}|none)$/;
const STAGE_RE = /^([ret](0|[1-9][0-9]{0,3})|nodue)$/;

/** True when `key` looks like a Jira issue key and so can be a ledger subject. */
export function isLedgerSubject(key: string): boolean {
  return SUBJECT_RE.test(key);
}

/**
 * The ledger key for (kind, subject, due date, stage). Throws RangeError for a subject that is
 * not an issue key (callers check `isLedgerSubject` first).
 */
export function ledgerKey(kind: LedgerSubjectKind, subject: string, dueDate: string | null, stage: LedgerStage): string {
  if (!isLedgerSubject(subject)) throw new RangeError(`Not an issue key: ${JSON.stringify(subject)}`);
  const due = dueDate ?? 'none';
  if (!DUE_RE.test(due)) throw new RangeError(`Not a due date: ${JSON.stringify(dueDate)}`);
  if (!STAGE_RE.test(stage)) throw new RangeError(`Not a stage: ${JSON.stringify(stage)}`);
  return `${LEDGER_PREFIX}:${kind}:${subject}:${due}:${stage}`;
}

/** Prefix of every ledger key of one subject (for a `beginsWith` query or a cleanup). */
export function ledgerSubjectPrefix(kind: LedgerSubjectKind, subject: string): string {
  return `${LEDGER_PREFIX}:${kind}:${subject}:`;
}

export interface ParsedLedgerKey {
  kind: LedgerSubjectKind;
  subject: string;
  dueDate: string | null;
  stage: LedgerStage;
}

export function parseLedgerKey(key: string): ParsedLedgerKey | undefined {
  const parts = key.split(':');
  if (parts.length !== 5 || parts[0] !== LEDGER_PREFIX) return undefined;
  const [, kind, subject, due, stage] = parts as [string, string, string, string, string];
  if ((kind !== 'a' && kind !== 'p') || !SUBJECT_RE.test(subject) || !DUE_RE.test(due) || !STAGE_RE.test(stage)) {
    return undefined;
  }
  return { kind, subject, dueDate: due === 'none' ? null : due, stage: stage as LedgerStage };
}

/**
 * How long the adapter should keep an entry (KVS `ttl`), in days, or undefined for forever.
 * A dated stage matters only while its due date can come back (an item moved back to an old
 * date): a year (the longest time to live the app asks of app storage) covers any realistic case. The missing-due-date notice is once per item, ever.
 */
export function ledgerTtlDays(key: string): number | undefined {
  const parsed = parseLedgerKey(key);
  if (!parsed || parsed.stage === 'nodue') return undefined;
  return 365;
}
