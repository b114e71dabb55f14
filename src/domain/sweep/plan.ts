/**
 * The sweep planner: given one chunk of open action items, the postmortems of their incidents,
 * the settings, today and the relevant slice of the ledger, decide which mails to send and which
 * ledger keys each settles. Pure and O(items + postmortems): no I/O, no clock.
 *
 * Policy (issue 6):
 * - Reminders: at each offset in `settings.reminderOffsets` (default 7, 1, 0 days before the due
 *   date) to the assignee; an unassigned item's reminder goes to its reporter and says it has no
 *   owner. Stage = the smallest offset ≥ days until due (missed sweeps send only that one).
 * - Escalation: from overdue day 1, then every `escalation.repeatDays` (0 = once), to the managers
 *   of the item's project (configured contacts, else the project lead). From overdue day
 *   `escalation.secondTierAfterDays`, on its own cadence of `repeatDays`, also to the project's
 *   second-tier contacts, where configured.
 * - One escalation mail per recipient per incident per sweep, listing the incident's items (and
 *   its postmortem) that reached a new stage, plus those still overdue from earlier escalations.
 * - Postmortems (status draft only): owner reminded at `postmortemReminderOffsets`; after the due
 *   date escalated like an item to the managers of the incident's project.
 * - No due date: one notice per item, ever, to its reporter and assignee.
 * - Each (subject, due date, stage) at most once (the ledger key); a new due date has new keys.
 *   Done items and items due beyond every offset get nothing.
 *
 * Which issue a mail goes through (`POST /rest/api/3/issue/{key}/notify`):
 * - reminders and the missing-due-date notice: the action item itself;
 * - postmortem reminders: the incident;
 * - escalations: the incident, because one mail covers several items and the postmortem of that
 *   incident; an item linked to no incident is escalated in a mail of its own through the item.
 *   Jira sends a notify mail only to recipients who may browse that issue, so escalation contacts
 *   need browse permission on the incident project (managers of action-item projects usually do;
 *   say so in the admin docs).
 *
 * Chunking contract: the planner may be called on any partition of the open items, as long as
 * (1) every item of an incident is in the same chunk as the others of that incident, and
 * (2) each postmortem is planned in exactly one chunk, the one holding its incident's items when
 *     there are any (`chunkSweepWork` in `chunks.ts` builds such chunks).
 * Breaking (1) or (2) never sends a stage twice nor loses one (the ledger keys are per subject),
 * but a manager may then get two escalation mails for one incident in one sweep.
 * `ledger` must answer at least for the keys `ledgerKeysToCheck` returns for the same chunk.
 */
import { dueState, isIsoDate } from '../dates';
import { safeUrl } from '../html';
import { managersOf, secondTierOf } from './contacts';
import { isLedgerSubject, ledgerKey, type LedgerEntry } from './ledger';
import {
  escalationMail,
  missingDueDateMail,
  postmortemReminderMail,
  reminderMail,
  type EscalationLine,
  type ItemRef,
} from './messages';
import { escalationStage, normaliseOffsets, reminderStage } from './stages';
import type {
  PlannedLedgerWrite,
  PlannedNotification,
  SkippedSubject,
  SweepInput,
  SweepItem,
  SweepPlan,
  SweepPostmortem,
  SweepSettings,
} from './types';

/** One overdue subject (item or postmortem) within an incident group. */
interface OverdueEntry {
  id: string;
  line: EscalationLine;
  managers: string[];
  secondTier: string[];
  /** Manager-stage key, and whether it is unsent (due now). */
  managerKey: string;
  managerDue: boolean;
  /** Second-tier key when that stage is reached (undefined before the threshold). */
  secondTierKey: string | undefined;
  secondTierDue: boolean;
}

interface IncidentGroup {
  incidentKey: string | null;
  /** Key the group is known by (incident key, or the item key for an item without incident). */
  groupKey: string;
  postmortemUrl: string | null;
  entries: OverdueEntry[];
}

function uniqueSorted(ids: readonly (string | null | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))].sort();
}

function assertToday(today: string): void {
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
}

/** What the planner concluded for one item, before looking at the ledger. */
type ItemDecision =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: 'invalid-due-date' | 'invalid-key' }
  | { kind: 'missing-due-date'; key: string }
  | { kind: 'reminder'; key: string; daysUntilDue: number }
  | { kind: 'overdue'; days: number; managerKey: string; secondTierKey: string | undefined };

interface Policy {
  offsets: number[];
  pmOffsets: number[];
  repeatDays: number;
  secondTierAfter: number;
}

function policyOf(settings: SweepSettings): Policy {
  return {
    offsets: normaliseOffsets(settings.reminderOffsets),
    pmOffsets: normaliseOffsets(settings.postmortemReminderOffsets),
    repeatDays: Math.max(0, Math.trunc(settings.escalation.repeatDays)),
    secondTierAfter: Math.max(1, Math.trunc(settings.escalation.secondTierAfterDays)),
  };
}

function decideDated(
  kind: 'a' | 'p',
  subject: string,
  dueDate: string,
  today: string,
  offsets: readonly number[],
  policy: Policy,
): ItemDecision {
  const state = dueState(dueDate, today);
  if (state.kind === 'due' || state.kind === 'due-today') {
    const days = state.kind === 'due' ? state.days : 0;
    const stage = reminderStage(days, offsets);
    if (stage === undefined) return { kind: 'none' };
    return { kind: 'reminder', key: ledgerKey(kind, subject, dueDate, `r${stage}`), daysUntilDue: days };
  }
  if (state.kind !== 'overdue') return { kind: 'none' };
  const e = escalationStage(state.days, 1, policy.repeatDays) ?? 1;
  const t = escalationStage(state.days, policy.secondTierAfter, policy.repeatDays);
  return {
    kind: 'overdue',
    days: state.days,
    managerKey: ledgerKey(kind, subject, dueDate, `e${e}`),
    secondTierKey: t === undefined ? undefined : ledgerKey(kind, subject, dueDate, `t${t}`),
  };
}

function decideItem(item: SweepItem, today: string, policy: Policy): ItemDecision {
  if (item.statusCategory === 'done') return { kind: 'none' };
  if (!isLedgerSubject(item.key)) return { kind: 'invalid', reason: 'invalid-key' };
  if (!item.dueDate) return { kind: 'missing-due-date', key: ledgerKey('a', item.key, null, 'nodue') };
  if (!isIsoDate(item.dueDate)) return { kind: 'invalid', reason: 'invalid-due-date' };
  return decideDated('a', item.key, item.dueDate, today, policy.offsets, policy);
}

function decidePostmortem(pm: SweepPostmortem, today: string, policy: Policy): ItemDecision {
  if (pm.status !== 'draft') return { kind: 'none' };
  if (!isLedgerSubject(pm.incidentKey)) return { kind: 'invalid', reason: 'invalid-key' };
  if (!isIsoDate(pm.dueDate)) return { kind: 'invalid', reason: 'invalid-due-date' };
  return decideDated('p', pm.incidentKey, pm.dueDate, today, policy.pmOffsets, policy);
}

function keysOf(d: ItemDecision): string[] {
  switch (d.kind) {
    case 'missing-due-date':
    case 'reminder':
      return [d.key];
    case 'overdue':
      return d.secondTierKey ? [d.managerKey, d.secondTierKey] : [d.managerKey];
    default:
      return [];
  }
}

/**
 * The ledger keys the planner will look up for this chunk (at most two per subject): read these
 * from KVS (e.g. `batchGet`) and pass the ones that exist as `ledger`.
 */
export function ledgerKeysToCheck(input: Pick<SweepInput, 'items' | 'postmortems' | 'settings' | 'today'>): string[] {
  assertToday(input.today);
  const policy = policyOf(input.settings);
  const keys: string[] = [];
  for (const item of input.items) keys.push(...keysOf(decideItem(item, input.today, policy)));
  for (const pm of input.postmortems) keys.push(...keysOf(decidePostmortem(pm, input.today, policy)));
  return keys;
}

/** Plans one sweep chunk. See the module comment for the policy and the chunking contract. */
export function planSweep(input: SweepInput): SweepPlan {
  assertToday(input.today);
  const { today, ledger, siteUrl, settings, projects } = input;
  const policy = policyOf(settings);

  const notifications: PlannedNotification[] = [];
  const skipped: SkippedSubject[] = [];
  const stats = {
    itemsScanned: 0,
    postmortemsScanned: 0,
    overdueItems: 0,
    latePostmortems: 0,
    reminders: 0,
    escalations: 0,
    notices: 0,
  };

  const postmortemByIncident = new Map<string, SweepPostmortem>();
  for (const pm of input.postmortems) postmortemByIncident.set(pm.incidentKey, pm);

  const groups = new Map<string, IncidentGroup>();
  const groupFor = (incidentKey: string | null, fallbackKey: string, postmortemUrl: string | null): IncidentGroup => {
    const groupKey = incidentKey ?? fallbackKey;
    let g = groups.get(groupKey);
    if (!g) {
      g = { incidentKey, groupKey, postmortemUrl, entries: [] };
      groups.set(groupKey, g);
    } else if (!g.postmortemUrl && postmortemUrl) {
      g.postmortemUrl = postmortemUrl;
    }
    return g;
  };

  const single = (
    kind: PlannedNotification['kind'],
    issueKey: string,
    key: string,
    recipients: string[],
    mail: { subject: string; textBody: string; htmlBody: string },
  ) => {
    notifications.push({ id: `${kind}:${key}`, kind, issueKey, recipients, ...mail, settles: [key] });
    if (kind === 'missing-due-date') stats.notices++;
    else stats.reminders++;
  };

  for (const item of input.items) {
    stats.itemsScanned++;
    const decision = decideItem(item, today, policy);
    const pm = item.incidentKey ? postmortemByIncident.get(item.incidentKey) : undefined;
    const ref: ItemRef = {
      key: item.key,
      summary: item.summary,
      dueDate: item.dueDate,
      incidentKey: item.incidentKey,
      postmortemUrl: safeUrl(pm?.pageUrl ?? item.pageUrl) ?? null,
    };
    switch (decision.kind) {
      case 'none':
        break;
      case 'invalid':
        skipped.push({ key: item.key, reason: decision.reason });
        break;
      case 'missing-due-date': {
        if (ledger.has(decision.key)) break;
        const recipients = uniqueSorted([item.reporter?.accountId, item.assignee?.accountId]);
        if (recipients.length === 0) skipped.push({ key: item.key, reason: 'no-recipient', ledgerKey: decision.key });
        else single('missing-due-date', item.key, decision.key, recipients, missingDueDateMail(siteUrl, ref));
        break;
      }
      case 'reminder': {
        if (ledger.has(decision.key)) break;
        const unowned = !item.assignee;
        const recipients = uniqueSorted([unowned ? item.reporter?.accountId : item.assignee?.accountId]);
        const state = dueState(item.dueDate, today);
        if (recipients.length === 0) skipped.push({ key: item.key, reason: 'no-recipient', ledgerKey: decision.key });
        else
          single(unowned ? 'unowned-reminder' : 'reminder', item.key, decision.key, recipients, reminderMail(siteUrl, ref, state, unowned));
        break;
      }
      case 'overdue': {
        stats.overdueItems++;
        const group = groupFor(item.incidentKey, item.key, ref.postmortemUrl);
        group.entries.push({
          id: item.key,
          line: {
            kind: 'item',
            key: item.key,
            summary: item.summary,
            assigneeName: item.assignee?.displayName ?? null,
            dueDate: item.dueDate ?? '',
            overdueDays: decision.days,
          },
          managers: managersOf(settings, projects, item.projectKey),
          secondTier: secondTierOf(settings, item.projectKey),
          managerKey: decision.managerKey,
          managerDue: !ledger.has(decision.managerKey),
          secondTierKey: decision.secondTierKey,
          secondTierDue: decision.secondTierKey !== undefined && !ledger.has(decision.secondTierKey),
        });
        break;
      }
    }
  }

  for (const pm of input.postmortems) {
    stats.postmortemsScanned++;
    const decision = decidePostmortem(pm, today, policy);
    switch (decision.kind) {
      case 'invalid':
        skipped.push({ key: pm.incidentKey, reason: decision.reason });
        break;
      case 'reminder': {
        if (ledger.has(decision.key)) break;
        const recipients = uniqueSorted([pm.ownerAccountId]);
        if (recipients.length === 0) {
          skipped.push({ key: pm.incidentKey, reason: 'no-recipient', ledgerKey: decision.key });
          break;
        }
        single('postmortem-reminder', pm.incidentKey, decision.key, recipients, postmortemReminderMail(siteUrl, { ...pm, pageUrl: safeUrl(pm.pageUrl) ?? '' }, dueState(pm.dueDate, today)));
        break;
      }
      case 'overdue': {
        stats.latePostmortems++;
        const pageUrl = safeUrl(pm.pageUrl) ?? '';
        const group = groupFor(pm.incidentKey, pm.incidentKey, pageUrl || null);
        // The postmortem leads its incident's mail.
        group.entries.unshift({
          id: `postmortem:${pm.incidentKey}`,
          line: {
            kind: 'postmortem',
            incidentKey: pm.incidentKey,
            pageTitle: pm.pageTitle,
            pageUrl,
            dueDate: pm.dueDate,
            overdueDays: decision.days,
          },
          managers: managersOf(settings, projects, pm.incidentProjectKey),
          secondTier: secondTierOf(settings, pm.incidentProjectKey),
          managerKey: decision.managerKey,
          managerDue: !ledger.has(decision.managerKey),
          secondTierKey: decision.secondTierKey,
          secondTierDue: decision.secondTierKey !== undefined && !ledger.has(decision.secondTierKey),
        });
        break;
      }
      default:
        break;
    }
  }

  for (const group of groups.values()) {
    const planned = planGroupEscalations(group, siteUrl, skipped);
    stats.escalations += planned.length;
    notifications.push(...planned);
  }

  return { notifications, ledgerWrites: ledgerWritesOf(notifications, today), skipped, stats };
}

/** Per recipient: which entries they get now (and the keys that settles), and which are still overdue. */
function planGroupEscalations(group: IncidentGroup, siteUrl: string, skipped: SkippedSubject[]): PlannedNotification[] {
  interface Share {
    now: OverdueEntry[];
    still: OverdueEntry[];
    settles: string[];
  }
  const shares = new Map<string, Share>();
  const shareOf = (accountId: string): Share => {
    let s = shares.get(accountId);
    if (!s) {
      s = { now: [], still: [], settles: [] };
      shares.set(accountId, s);
    }
    return s;
  };

  for (const entry of group.entries) {
    if (entry.managerDue && entry.managers.length === 0) {
      skipped.push({ key: entry.line.kind === 'item' ? entry.line.key : entry.line.incidentKey, reason: 'no-recipient', ledgerKey: entry.managerKey });
    }
    // Each recipient's role(s) for this entry: manager (always, while overdue), second tier (past threshold).
    const roles = new Map<string, string[]>();
    for (const m of entry.managers) roles.set(m, entry.managerDue ? [entry.managerKey] : []);
    if (entry.secondTierKey !== undefined) {
      for (const t of entry.secondTier) {
        const keys = roles.get(t) ?? [];
        if (entry.secondTierDue) keys.push(entry.secondTierKey);
        roles.set(t, keys);
      }
    }
    for (const [accountId, keys] of roles) {
      const share = shareOf(accountId);
      if (keys.length > 0) {
        share.now.push(entry);
        share.settles.push(...keys);
      } else {
        share.still.push(entry);
      }
    }
  }

  // Recipients with the same mail content get one notification together.
  const bySignature = new Map<string, { recipients: string[]; share: Share }>();
  for (const [accountId, share] of shares) {
    if (share.now.length === 0) continue;
    const signature = JSON.stringify([share.now.map((e) => e.id), share.still.map((e) => e.id), share.settles]);
    const existing = bySignature.get(signature);
    if (existing) existing.recipients.push(accountId);
    else bySignature.set(signature, { recipients: [accountId], share });
  }

  const out: PlannedNotification[] = [];
  for (const { recipients, share } of bySignature.values()) {
    const sorted = [...recipients].sort();
    const mail = escalationMail(siteUrl, {
      incidentKey: group.incidentKey,
      postmortemUrl: group.postmortemUrl,
      now: share.now.map((e) => e.line),
      still: share.still.map((e) => e.line),
    });
    out.push({
      id: `escalation:${group.groupKey}:${sorted[0] ?? ''}`,
      kind: 'escalation',
      issueKey: group.groupKey,
      recipients: sorted,
      ...mail,
      settles: [...new Set(share.settles)],
    });
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

function ledgerWritesOf(notifications: readonly PlannedNotification[], today: string): PlannedLedgerWrite[] {
  const byKey = new Map<string, { ids: string[]; n: number }>();
  for (const n of notifications) {
    for (const key of n.settles) {
      const w = byKey.get(key);
      if (w) {
        w.ids.push(n.id);
        w.n += n.recipients.length;
      } else byKey.set(key, { ids: [n.id], n: n.recipients.length });
    }
  }
  const writes: PlannedLedgerWrite[] = [];
  for (const [key, w] of byKey) {
    const entry: LedgerEntry = { v: 1, on: today, n: w.n };
    writes.push({ key, entry, notificationIds: w.ids });
  }
  return writes;
}
