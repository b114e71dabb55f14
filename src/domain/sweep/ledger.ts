/**
 * The notification ledger. Its unit is a *mark*: one (subject, due date, stage), named
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
 *            `o<n>`  a late postmortem's owner told, with the managers' stage `e<n>`
 *                    (n = secondTierAfterDays, + repeatDays, …)
 *            `nodue` the single missing-due-date notice
 *            `late`  the reminder made up after the item fell overdue while its last
 *                    reminder could not be delivered
 *
 * e.g. `sweep-ledger:a:OPS-12:2026-03-01:r7`, `sweep-ledger:p:INC-4:2026-03-03:e8`,
 * `sweep-ledger:a:OPS-13:none:nodue`. At most ~70 characters, all in the KVS key alphabet
 * `[a-zA-Z0-9:._\s-#]`. Because the due date is in the key, moving the due date starts afresh;
 * because stages are named by the day they start, changing `repeatDays` never reuses a key for a
 * different day.
 *
 * Storage layout (docs/decisions/0011-sweep-ledger-per-incident.md): marks are not stored one key
 * each but in one record per *group*, the incident whose mail carries them (or the action item, for
 * an item linked to no incident), under `sweep-ledger:g:<group>`. A record says, per mark, who
 * got it and when (`to`, `on`), so nobody gets the same (subject, due date, stage) twice even when
 * another recipient's mail for it failed; and it keeps reminder attempts that failed all day
 * (`failed`), so the next day does not silently replace them.
 */
import { addDays, daysBetween } from '../dates';

export const LEDGER_PREFIX = 'sweep-ledger';

export type LedgerSubjectKind = 'a' | 'p';

export type LedgerStage = `r${number}` | `e${number}` | `t${number}` | `o${number}` | 'nodue' | 'late';

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
const STAGE_RE = /^([reto](0|[1-9][0-9]{0,3})|nodue|late)$/;

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

// ------------------------------------------------------------------ records (one per group)

/** The KVS key of a group's record; `group` is an incident key, or an action item's key. */
export function ledgerRecordKey(group: string): string {
  if (!isLedgerSubject(group)) throw new RangeError(`Not an issue key: ${JSON.stringify(group)}`);
  return `${LEDGER_PREFIX}:g:${group}`;
}

/**
 * Items per bucket record (docs/decisions/0012-sweep-within-storage-quotas.md): an incident's
 * action-item marks are kept in records of at most this many items each, so a record stays a few
 * KB (one storage unit) however many items the incident has.
 */
export const ITEMS_PER_BUCKET = 25;

/** The bucket record of action item `itemKey` under its incident `group`: `sweep-ledger:g:<group>:b:<PROJECT>:<n div 25>`. */
export function ledgerBucketKey(group: string, itemKey: string): string {
  if (!isLedgerSubject(group) || !isLedgerSubject(itemKey)) throw new RangeError(`Not an issue key: ${JSON.stringify([group, itemKey])}`);
  const dash = itemKey.lastIndexOf('-');
  return `${LEDGER_PREFIX}:g:${group}:b:${itemKey.slice(0, dash)}:${Math.floor(Number(itemKey.slice(dash + 1)) / ITEMS_PER_BUCKET)}`;
}

/**
 * The record a mark of `group` is stored in: an action item's marks in its bucket record under
 * the incident (or in the item's own record when the item is the group: no incident), a
 * postmortem's marks in the incident's record.
 */
export function markRecordKey(group: string, key: string): string {
  const parsed = parseLedgerKey(key.startsWith(`${LEDGER_PREFIX}:`) ? key : `${LEDGER_PREFIX}:${key}`);
  if (!parsed || parsed.kind === 'p' || parsed.subject === group) return ledgerRecordKey(group);
  return ledgerBucketKey(group, parsed.subject);
}

/**
 * Every record a chunk's plan may read: per incident its own record (postmortem marks, and
 * item marks written before the bucket layout), per action item its bucket record.
 */
export function ledgerRecordKeysOf(
  items: ReadonlyArray<{ key: string; incidentKey: string | null }>,
  postmortems: ReadonlyArray<{ incidentKey: string }>,
): string[] {
  const keys = new Set<string>();
  for (const item of items) {
    const group = item.incidentKey ?? item.key;
    if (!isLedgerSubject(group) || !isLedgerSubject(item.key)) continue;
    keys.add(ledgerRecordKey(group));
    if (group !== item.key) keys.add(ledgerBucketKey(group, item.key));
  }
  for (const pm of postmortems) if (isLedgerSubject(pm.incidentKey)) keys.add(ledgerRecordKey(pm.incidentKey));
  return [...keys].sort();
}

/** Splits a mail's marks by the record each is stored in. */
export function marksByRecord<W extends { key: string }>(group: string, writes: readonly W[]): Map<string, W[]> {
  const out = new Map<string, W[]>();
  for (const w of writes) {
    const record = markRecordKey(group, w.key);
    const list = out.get(record);
    if (list) list.push(w);
    else out.set(record, [w]);
  }
  return out;
}

/** Who got one mark, and when. The adapter zod-parses records read from storage. */
export interface Mark {
  /** The sweep's today when it last went out (or was last attempted), `YYYY-MM-DD`. */
  on: string;
  /** Who got it (account ids); empty while it only failed. */
  to: string[];
  /** Set while every attempt failed: the day of the last failed attempt. */
  failed?: string;
}

/** A group's record: mark (the ledger key without its prefix) → who got it. */
export interface LedgerRecord {
  v: 2;
  marks: Record<string, Mark>;
}

/** Marks older than this are dropped when a record is rewritten (a year, as the old keys' TTL). */
export const MARK_KEEP_DAYS = 365;

function markName(key: string): string {
  return key.startsWith(`${LEDGER_PREFIX}:`) ? key.slice(LEDGER_PREFIX.length + 1) : key;
}

/** Who got a mark: a set of account ids, or everyone (a mark from before per-recipient records). */
export interface SentTo {
  has(accountId: string): boolean;
  readonly size: number;
}

const NOBODY: SentTo = { has: () => false, size: 0 };
const EVERYONE: SentTo = { has: () => true, size: Number.POSITIVE_INFINITY };

/** What the planner asks the ledger. */
export interface LedgerView {
  /** Whether the mark went out to anyone. */
  has(key: string): boolean;
  /** Who got the mark. */
  sentTo(key: string): SentTo;
  /** The days on which a reminder (any `r` stage) for this subject and due date went out. */
  remindedOn(kind: LedgerSubjectKind, subject: string, dueDate: string): string[];
  /** Whether a reminder for this subject and due date failed and none went out after it. */
  missedReminder(kind: LedgerSubjectKind, subject: string, dueDate: string): boolean;
}

/** A view over the records of a chunk's groups (marks are unique across groups). */
export function ledgerView(records: Iterable<LedgerRecord>): LedgerView {
  const marks = new Map<string, Mark>();
  for (const r of records) for (const [name, m] of Object.entries(r.marks)) marks.set(name, m);
  const reminders = (kind: LedgerSubjectKind, subject: string, dueDate: string) => {
    const prefix = `${kind}:${subject}:${dueDate}:r`;
    return [...marks.entries()].filter(([name]) => name.startsWith(prefix)).map(([, m]) => m);
  };
  return {
    has: (key) => (marks.get(markName(key))?.to.length ?? 0) > 0,
    sentTo(key) {
      const m = marks.get(markName(key));
      return m ? new Set(m.to) : NOBODY;
    },
    remindedOn: (kind, subject, dueDate) =>
      reminders(kind, subject, dueDate)
        .filter((m) => m.to.length > 0)
        .map((m) => m.on),
    missedReminder(kind, subject, dueDate) {
      const all = reminders(kind, subject, dueDate);
      const lastFailed = all
        .filter((m) => m.to.length === 0 && m.failed)
        .map((m) => m.failed ?? '')
        .sort()
        .at(-1);
      if (!lastFailed) return false;
      return !all.some((m) => m.to.length > 0 && m.on >= lastFailed);
    },
  };
}

/** A view from bare ledger keys, each taken as sent to everyone (tests, and keys of the old layout). */
export function ledgerViewOfKeys(keys: Iterable<string>): LedgerView {
  const set = new Set([...keys].map(markName));
  return {
    has: (key) => set.has(markName(key)),
    sentTo: (key) => (set.has(markName(key)) ? EVERYONE : NOBODY),
    remindedOn(kind, subject, dueDate) {
      const prefix = `${kind}:${subject}:${dueDate}:r`;
      // Without a date, an old key counts as sent on the day its stage starts.
      return [...set]
        .filter((n) => n.startsWith(prefix))
        .map((n) => n.slice(prefix.length))
        .map((d) => addDays(dueDate, -Number(d)));
    },
    missedReminder: () => false,
  };
}

/**
 * Whether a reminder already went out within the stage `stage` (days before the due date): one
 * sent `d` days before the due date with `d <= stage` covers it, whatever the offsets were then.
 * So changing the offsets never repeats a reminder (docs/decisions/0011-sweep-ledger-per-incident.md).
 */
export function remindedWithin(view: LedgerView, kind: LedgerSubjectKind, subject: string, dueDate: string, stage: number): boolean {
  return view.remindedOn(kind, subject, dueDate).some((on) => daysBetween(on, dueDate) <= stage);
}

/** One mark to record for the recipients of a mail that went out (or, with `failed`, a failed attempt). */
export interface MarkWrite {
  key: string;
  to: readonly string[];
  on: string;
  failed?: boolean;
}

/**
 * The record with `writes` merged in: recipients added to each mark (a failed attempt only notes
 * the day on a mark nobody got yet), marks older than MARK_KEEP_DAYS dropped.
 */
export function mergeMarks(record: LedgerRecord | undefined, writes: readonly MarkWrite[], today: string): LedgerRecord {
  const marks: Record<string, Mark> = {};
  for (const [name, m] of Object.entries(record?.marks ?? {})) {
    if (daysBetween(m.on, today) <= MARK_KEEP_DAYS) marks[name] = m;
  }
  for (const w of writes) {
    const name = markName(w.key);
    const old = marks[name];
    if (w.failed) {
      if (!old || old.to.length === 0) marks[name] = { on: w.on, to: [], failed: w.on };
      continue;
    }
    const to = [...new Set([...(old?.to ?? []), ...w.to])].sort();
    marks[name] = { on: w.on, to };
  }
  return { v: 2, marks };
}
