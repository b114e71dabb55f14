/**
 * The sweep planner: given one chunk of open action items, the postmortems of their incidents,
 * the settings, today and the relevant slice of the ledger, decide which mails to send and which
 * ledger keys each settles. Pure and O(items + postmortems): no I/O, no clock.
 *
 * Policy (the sweep's protocol is in docs/architecture.md, "The daily sweep"):
 * - Reminders: at each offset in `settings.reminderOffsets` (default 7, 1, 0 days before the due
 *   date) to the assignee; an unassigned item's reminder goes to its reporter and says it has no
 *   owner. Stage = the smallest offset ≥ days until due (missed sweeps send only that one).
 * - Escalation: from overdue day 1, then every `escalation.repeatDays` (0 = once), to the managers
 *   of the item's project (configured contacts, else the project lead). From overdue day
 *   `escalation.secondTierAfterDays`, on its own cadence of `repeatDays`, also to the project's
 *   second-tier contacts, where configured.
 * - One escalation mail per recipient per incident per sweep, listing the incident's items (and
 *   its postmortem) that reached a new stage, plus those still overdue from earlier escalations.
 * - Postmortems (status draft only, i.e. not yet sent to review: the one meaning of on time is
 *   `postmortemOnTime` in ../postmortem/timeliness.ts): owner reminded at
 *   `postmortemReminderOffsets`; after the due date escalated like an item to the managers of the
 *   incident's project, and the owner told at each of the managers' stages (mark `o<n>`).
 * - Incidents tracked from resolution with no page yet (`pageId` null: resolved on or after the
 *   start date, due `postmortemDeadlineDays` after the day resolved; see selection.ts) are
 *   postmortems like the others: the incident's assignee (or reporter) is their owner.
 * - An escalation's subject counts every line its body lists; a second-tier reader's mail says it
 *   is a second-tier escalation and that the managers were told first.
 * - No due date: one notice per item, ever, to its reporter and assignee.
 * - Each (subject, due date, stage) at most once per recipient (the ledger's marks record who got
 *   it); a new due date has new marks. A reminder already sent within the current stage is not sent
 *   again, whatever the offsets were when it went out. Done items and items due beyond every
 *   offset get nothing.
 * - Mail reach: Jira mails only active users who may browse the issue the mail goes through
 *   (docs/platform.md, Jira). Checked before sending: a reminder, notice or postmortem reminder
 *   whose readers cannot receive it goes to the project's managers instead (else its second tier,
 *   else its lead), saying why; an escalation manager who cannot receive it is replaced by the
 *   second tier, else the project lead. Each case is a note for the run summary.
 * - A reader who may not browse an item's incident gets no incident key, postmortem title or URL.
 * - An item that fell overdue while its last reminder failed all day gets a late reminder once.
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
 * Steps: `planState` (the plan's state and the helpers its steps share: reach, leads, fallbacks,
 * delivery), `planItem` per action item, `planPostmortem` per postmortem, then
 * `planGroupEscalations` per incident.
 *
 * Chunking contract: the planner may be called on any partition of the open items, as long as
 * (1) every item of an incident is in the same chunk as the others of that incident, and
 * (2) each postmortem is planned in exactly one chunk, the one holding its incident's items when
 *     there are any (`chunkSweepWork` in `chunks.ts` builds such chunks).
 * Breaking (1) or (2) never sends a stage twice nor loses one (the ledger keys are per subject),
 * but a manager may then get two escalation mails for one incident in one sweep. A run of several
 * chunks therefore plans with `escalations: 'defer'` and escalates incidents in a merge phase
 * (`escalations: 'only'`) over each incident's overdue subjects from every chunk.
 * `ledger` must answer at least for the keys `ledgerKeysToCheck` returns for the same chunk.
 */
import { dueState, isIsoDate } from '../dates';
import { safeUrl } from '../html';
import { managersOf, secondTierOf } from './contacts';
import { isLedgerSubject, ledgerKey, remindedWithin, type LedgerSubjectKind } from './ledger';
import {
  escalationMail,
  missingDueDateMail,
  postmortemLateMail,
  postmortemReminderMail,
  reminderMail,
  type PostmortemRef,
  type EscalationLine,
  type ItemRef,
  type RenderedMail,
} from './messages';
import { reroutedMail } from './reach';
import { escalationStage, normaliseOffsets, reminderStage } from './stages';
import type {
  LedgerView,
  PlannedNotification,
  Reach,
  ReachNote,
  SkippedSubject,
  SweepInput,
  SweepItem,
  SweepPlan,
  SweepPlanStats,
  SweepPostmortem,
  SweepSettings,
} from './types';

/** One overdue subject (item or postmortem) within an incident group. */
interface OverdueEntry {
  id: string;
  subjectKey: string;
  projectKey: string;
  line: EscalationLine;
  managers: string[];
  secondTier: string[];
  managerKey: string;
  /** Second-tier key when that stage is reached (undefined before the threshold). */
  secondTierKey: string | undefined;
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
  | { kind: 'reminder'; key: string; stage: number; daysUntilDue: number }
  | {
      kind: 'overdue';
      days: number;
      managerKey: string;
      secondTierKey: string | undefined;
      lateKey: string;
      /** Postmortems: the owner's own mark at the managers' stage. */
      ownerKey?: string;
    };

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
  kind: LedgerSubjectKind,
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
    return { kind: 'reminder', key: ledgerKey(kind, subject, dueDate, `r${stage}`), stage, daysUntilDue: days };
  }
  if (state.kind !== 'overdue') return { kind: 'none' };
  const e = escalationStage(state.days, 1, policy.repeatDays) ?? 1;
  const t = escalationStage(state.days, policy.secondTierAfter, policy.repeatDays);
  return {
    kind: 'overdue',
    days: state.days,
    managerKey: ledgerKey(kind, subject, dueDate, `e${e}`),
    secondTierKey: t === undefined ? undefined : ledgerKey(kind, subject, dueDate, `t${t}`),
    lateKey: ledgerKey(kind, subject, dueDate, 'late'),
    ...(kind === 'p' ? { ownerKey: ledgerKey(kind, subject, dueDate, `o${e}`) } : {}),
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
      return [d.managerKey, ...(d.secondTierKey ? [d.secondTierKey] : []), d.lateKey, ...(d.ownerKey ? [d.ownerKey] : [])];
    default:
      return [];
  }
}

/** The ledger keys (marks) the planner may look up for this chunk. */
export function ledgerKeysToCheck(input: Pick<SweepInput, 'items' | 'postmortems' | 'settings' | 'today'>): string[] {
  assertToday(input.today);
  const policy = policyOf(input.settings);
  const keys: string[] = [];
  for (const item of input.items) keys.push(...keysOf(decideItem(item, input.today, policy)));
  for (const pm of input.postmortems) keys.push(...keysOf(decidePostmortem(pm, input.today, policy)));
  return keys;
}

/** The ledger groups (records) a chunk's plan reads: each item's incident (or the item), each postmortem's incident. */
export function ledgerGroupsToRead(input: Pick<SweepInput, 'items' | 'postmortems'>): string[] {
  const groups = new Set<string>();
  for (const item of input.items) {
    const g = item.incidentKey ?? item.key;
    if (isLedgerSubject(g)) groups.add(g);
  }
  for (const pm of input.postmortems) if (isLedgerSubject(pm.incidentKey)) groups.add(pm.incidentKey);
  return [...groups].sort();
}

const REASON_TEXT: Record<Exclude<Reach, 'ok'>, string> = {
  inactive: 'their account is inactive',
  'cannot-browse': 'they may not browse',
};

interface Reader {
  accountId: string;
  name: string;
}

/** The state of one plan and the helpers its steps share (reach, leads, fallbacks, delivery). */
function planState(input: SweepInput) {
  assertToday(input.today);
  const { settings, projects } = input;
  const policy = policyOf(settings);

  const notifications: PlannedNotification[] = [];
  const skipped: SkippedSubject[] = [];
  const notes: ReachNote[] = [];
  const reachNeeded = new Map<string, { accountId: string; issueKey: string }>();
  const leadsNeeded = new Set<string>();
  const stats: SweepPlanStats = {
    itemsScanned: 0,
    postmortemsScanned: 0,
    overdueItems: 0,
    latePostmortems: 0,
    reminders: 0,
    escalations: 0,
    notices: 0,
    rerouted: 0,
    unreachable: 0,
  };

  const reachOf = (accountId: string, issueKey: string): Reach => {
    if (!input.reach) return 'ok';
    const r = input.reach.reach(accountId, issueKey);
    if (r !== undefined) return r;
    reachNeeded.set(`${accountId}\n${issueKey}`, { accountId, issueKey });
    return 'ok';
  };
  const leadOf = (projectKey: string): string[] => {
    const p = projects[projectKey];
    if (p === undefined) leadsNeeded.add(projectKey);
    return p?.leadAccountId ? [p.leadAccountId] : [];
  };
  const managers = (projectKey: string, lazy = false): string[] => {
    const m = managersOf(settings, projects, projectKey);
    if (!lazy && m.length === 0 && projects[projectKey] === undefined) leadsNeeded.add(projectKey);
    return m;
  };
  /** The first tier with someone reachable through `issueKey`: managers, second tier, lead. */
  const fallback = (
    projectKey: string,
    issueKey: string,
    exclude: ReadonlySet<string>,
  ): { who: string; recipients: string[] } | undefined => {
    const tiers: Array<[string, string[]]> = [
      [`manager of ${projectKey}`, managers(projectKey)],
      [`second-tier contact of ${projectKey}`, secondTierOf(settings, projectKey)],
      [`lead of ${projectKey}`, leadOf(projectKey)],
    ];
    for (const [who, ids] of tiers) {
      const ok = ids.filter((id) => !exclude.has(id) && reachOf(id, issueKey) === 'ok');
      if (ok.length > 0) return { who, recipients: uniqueSorted(ok) };
    }
    return undefined;
  };
  const why = (r: Reach, issueKey: string) => (r === 'cannot-browse' ? `${REASON_TEXT[r]} ${issueKey}` : REASON_TEXT[r as 'inactive']);

  /**
   * A mail meant for `intended` about one subject: the reachable readers get it (split by whether
   * they may browse the incident it names); when none is reachable, the project's first reachable
   * tier gets it instead, saying why. `render(showIncident)` builds the mail.
   */
  const deliver = (o: {
    kind: PlannedNotification['kind'];
    subjectKey: string;
    issueKey: string;
    group: string;
    key: string;
    projectKey: string;
    incidentKey: string | null;
    label: string;
    intended: Reader[];
    render(showIncident: boolean): RenderedMail;
  }) => {
    const reachable: string[] = [];
    const missed: string[] = [];
    for (const r of o.intended) {
      const state = reachOf(r.accountId, o.issueKey);
      if (state === 'ok') reachable.push(r.accountId);
      else missed.push(`${r.name} (${why(state, o.issueKey)})`);
    }
    let recipients = uniqueSorted(reachable);
    let rerouted: string | undefined;
    if (recipients.length === 0) {
      const fb = fallback(o.projectKey, o.issueKey, new Set(o.intended.map((r) => r.accountId)));
      if (!fb) {
        skipped.push({ key: o.subjectKey, reason: 'unreachable', ledgerKey: o.key });
        stats.unreachable++;
        notes.push({
          issueKey: o.subjectKey,
          message: `The ${o.label} could not be sent: ${missed.join(', ')} cannot receive Jira mail for it, and nobody in the project's contacts can.`,
        });
        return;
      }
      recipients = fb.recipients;
      rerouted = `This ${o.label} was meant for ${missed.join(', ')}, who cannot receive it. You get it as ${fb.who}: please make sure it is in hand, or reassign it.`;
      stats.rerouted++;
      notes.push({
        issueKey: o.subjectKey,
        message: `The ${o.label} went to the ${fb.who} instead: ${missed.join(', ')} cannot receive it.`,
      });
    } else if (missed.length > 0) {
      notes.push({ issueKey: o.subjectKey, message: `The ${o.label} could not go to ${missed.join(', ')}.` });
    }
    const incident = o.incidentKey;
    const seeing = incident ? recipients.filter((r) => reachOf(r, incident) === 'ok') : recipients;
    const blind = recipients.filter((r) => !seeing.includes(r));
    for (const [group, show, suffix] of [
      [seeing, true, ''],
      [blind, false, ':private'],
    ] as Array<[string[], boolean, string]>) {
      if (group.length === 0) continue;
      const mail = o.render(show);
      notifications.push({
        id: `${o.kind}:${o.key}${suffix}`,
        kind: o.kind,
        issueKey: o.issueKey,
        group: o.group,
        recipients: group,
        ...(rerouted ? reroutedMail(mail, rerouted) : mail),
        settles: [o.key],
        ...(rerouted ? { rerouted } : {}),
      });
      if (o.kind === 'missing-due-date') stats.notices++;
      else stats.reminders++;
    }
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

  return {
    input,
    policy,
    notifications,
    skipped,
    notes,
    reachNeeded,
    leadsNeeded,
    stats,
    reachOf,
    leadOf,
    managers,
    why,
    deliver,
    postmortemByIncident,
    groups,
    groupFor,
  };
}

type PlanState = ReturnType<typeof planState>;

/** One action item: its reminder, notice or late reminder, or its place in its incident's escalation. */
function planItem(p: PlanState, item: SweepItem): void {
  const { today, ledger, siteUrl, settings } = p.input;
  const { policy, stats, skipped, deliver, managers, groupFor, postmortemByIncident } = p;
  stats.itemsScanned++;
  const decision = decideItem(item, today, policy);
  const only = p.input.escalations === 'only';
  // The merge phase escalates; everything else was planned by the chunk that deferred it.
  if (only && decision.kind !== 'overdue') return;
  const pm = item.incidentKey ? postmortemByIncident.get(item.incidentKey) : undefined;
  const ref: ItemRef = {
    key: item.key,
    summary: item.summary,
    dueDate: item.dueDate,
    incidentKey: item.incidentKey,
    postmortemUrl: safeUrl(pm?.pageUrl ?? item.pageUrl) ?? null,
  };
  const shown = (show: boolean): ItemRef => (show ? ref : { ...ref, incidentKey: null, postmortemUrl: null });
  const group = item.incidentKey ?? item.key;
  const base = { subjectKey: item.key, issueKey: item.key, group, projectKey: item.projectKey, incidentKey: item.incidentKey };
  const person = (p: SweepItem['assignee']): Reader[] => (p ? [{ accountId: p.accountId, name: p.displayName }] : []);
  switch (decision.kind) {
    case 'none':
      break;
    case 'invalid':
      skipped.push({ key: item.key, reason: decision.reason });
      break;
    case 'missing-due-date': {
      if (ledger.has(decision.key)) break;
      const intended = [...person(item.reporter), ...person(item.assignee)].filter(
        (r, i, all) => all.findIndex((x) => x.accountId === r.accountId) === i,
      );
      if (intended.length === 0) skipped.push({ key: item.key, reason: 'no-recipient', ledgerKey: decision.key });
      else
        deliver({
          ...base,
          kind: 'missing-due-date',
          key: decision.key,
          label: `"needs a due date" notice for ${item.key}`,
          intended,
          render: (show) => missingDueDateMail(siteUrl, shown(show)),
        });
      break;
    }
    case 'reminder': {
      if (ledger.has(decision.key) || remindedWithin(ledger, 'a', item.key, item.dueDate ?? '', decision.stage)) break;
      const unowned = !item.assignee;
      const intended = person(unowned ? item.reporter : item.assignee);
      const state = dueState(item.dueDate, today);
      if (intended.length === 0) skipped.push({ key: item.key, reason: 'no-recipient', ledgerKey: decision.key });
      else
        deliver({
          ...base,
          kind: unowned ? 'unowned-reminder' : 'reminder',
          key: decision.key,
          label: `reminder for ${item.key}`,
          intended,
          render: (show) => reminderMail(siteUrl, shown(show), state, unowned),
        });
      break;
    }
    case 'overdue': {
      stats.overdueItems++;
      // The last reminder failed all day: the assignee hears once, late, rather than never.
      if (!only && item.assignee && item.dueDate && ledger.missedReminder('a', item.key, item.dueDate) && !ledger.has(decision.lateKey)) {
        const state = dueState(item.dueDate, today);
        deliver({
          ...base,
          kind: 'reminder',
          key: decision.lateKey,
          label: `late reminder for ${item.key}`,
          intended: person(item.assignee),
          render: (show) => reminderMail(siteUrl, shown(show), state, false),
        });
      }
      const g = groupFor(item.incidentKey, item.key, ref.postmortemUrl);
      g.entries.push({
        id: item.key,
        subjectKey: item.key,
        projectKey: item.projectKey,
        line: {
          kind: 'item',
          key: item.key,
          summary: item.summary,
          assigneeName: item.assignee?.displayName ?? null,
          dueDate: item.dueDate ?? '',
          overdueDays: decision.days,
        },
        managers: managers(item.projectKey, true),
        secondTier: secondTierOf(settings, item.projectKey),
        managerKey: decision.managerKey,
        secondTierKey: decision.secondTierKey,
      });
      break;
    }
  }
}

/** What a postmortem mail says about it (no page yet: no URL, the incident's summary as title). */
function postmortemRef(pm: SweepPostmortem): PostmortemRef {
  return {
    incidentKey: pm.incidentKey,
    pageTitle: pm.pageTitle,
    pageUrl: pm.pageId === null ? '' : (safeUrl(pm.pageUrl) ?? ''),
    hasPage: pm.pageId !== null,
    dueDate: pm.dueDate,
  };
}

/** One postmortem: its owner's reminder, or its place at the head of its incident's escalation. */
function planPostmortem(p: PlanState, pm: SweepPostmortem): void {
  const { today, ledger, siteUrl, settings } = p.input;
  const { policy, stats, skipped, deliver, managers, groupFor } = p;
  stats.postmortemsScanned++;
  const decision = decidePostmortem(pm, today, policy);
  const only = p.input.escalations === 'only';
  if (only && decision.kind !== 'overdue') return;
  switch (decision.kind) {
    case 'invalid':
      skipped.push({ key: pm.incidentKey, reason: decision.reason });
      break;
    case 'reminder': {
      if (ledger.has(decision.key) || remindedWithin(ledger, 'p', pm.incidentKey, pm.dueDate, decision.stage)) break;
      if (!pm.ownerAccountId) {
        skipped.push({ key: pm.incidentKey, reason: 'no-recipient', ledgerKey: decision.key });
        break;
      }
      const state = dueState(pm.dueDate, today);
      deliver({
        kind: 'postmortem-reminder',
        subjectKey: pm.incidentKey,
        issueKey: pm.incidentKey,
        group: pm.incidentKey,
        key: decision.key,
        projectKey: pm.incidentProjectKey,
        incidentKey: null,
        label: `postmortem reminder for ${pm.incidentKey}`,
        intended: [{ accountId: pm.ownerAccountId, name: pm.ownerName ?? 'the postmortem owner' }],
        render: () => postmortemReminderMail(siteUrl, postmortemRef(pm), state),
      });
      break;
    }
    case 'overdue': {
      stats.latePostmortems++;
      const pageUrl = safeUrl(pm.pageUrl) ?? '';
      // The owner hears it too, at each of the managers' stages, with who else was told.
      if (!only && decision.ownerKey && pm.ownerAccountId && !ledger.has(decision.ownerKey)) {
        const state = dueState(pm.dueDate, today);
        const ownerKey = decision.ownerKey;
        deliver({
          kind: 'postmortem-late',
          subjectKey: pm.incidentKey,
          issueKey: pm.incidentKey,
          group: pm.incidentKey,
          key: ownerKey,
          projectKey: pm.incidentProjectKey,
          incidentKey: null,
          label: `late postmortem notice for ${pm.incidentKey}`,
          intended: [{ accountId: pm.ownerAccountId, name: pm.ownerName ?? 'the postmortem owner' }],
          render: () => postmortemLateMail(siteUrl, postmortemRef(pm), state, pm.incidentProjectKey),
        });
      }
      const g = groupFor(pm.incidentKey, pm.incidentKey, pageUrl || null);
      // The postmortem leads its incident's mail.
      g.entries.unshift({
        id: `postmortem:${pm.incidentKey}`,
        subjectKey: pm.incidentKey,
        projectKey: pm.incidentProjectKey,
        line: {
          kind: 'postmortem',
          incidentKey: pm.incidentKey,
          pageTitle: pm.pageTitle,
          pageUrl,
          hasPage: pm.pageId !== null,
          dueDate: pm.dueDate,
          overdueDays: decision.days,
        },
        managers: managers(pm.incidentProjectKey, true),
        secondTier: secondTierOf(settings, pm.incidentProjectKey),
        managerKey: decision.managerKey,
        secondTierKey: decision.secondTierKey,
      });
      break;
    }
    default:
      break;
  }
}

function escalationContext(p: PlanState): EscalationContext {
  const { siteUrl, ledger, settings, projects } = p.input;
  const { skipped, notes, stats, reachOf, why, leadOf, leadsNeeded } = p;
  return {
    siteUrl,
    ledger,
    skipped,
    notes,
    stats,
    reachOf,
    why,
    leadOf,
    settings,
    projects,
    leadsNeeded,
    secondTierAfter: p.policy.secondTierAfter,
  };
}

/** Plans one sweep chunk. See the module comment for the policy and the chunking contract. */
export function planSweep(input: SweepInput): SweepPlan {
  const p = planState(input);
  for (const item of input.items) planItem(p, item);
  for (const pm of input.postmortems) planPostmortem(p, pm);
  const { skipped, notes, stats, leadsNeeded, notifications, groups, reachNeeded } = p;
  const ctx = escalationContext(p);
  const deferred: SweepPlan['deferred'] = [];
  for (const group of groups.values()) {
    // An incident's items may be in other chunks too: the merge phase escalates it once for all.
    if (input.escalations === 'defer' && group.incidentKey !== null) {
      deferred.push({ group: group.groupKey, subjects: group.entries.map((e) => e.subjectKey) });
      continue;
    }
    const planned = planGroupEscalations(group, ctx);
    stats.escalations += planned.length;
    notifications.push(...planned);
  }

  return {
    notifications,
    skipped,
    stats,
    notes,
    reachNeeded: [...reachNeeded.values()],
    leadsNeeded: [...leadsNeeded].sort(),
    deferred,
  };
}

/** One reader's part of one page of an incident's escalation (the merge phase pages an incident's overdue subjects). */
export interface PageShare {
  /** Lines that reached a new stage for this reader, in page order (a postmortem first), by entry id. */
  now: Array<{ id: string; line: EscalationLine }>;
  /** Lines still overdue that this reader was told of before. */
  still: Array<{ id: string; line: EscalationLine }>;
  /** Marks a mail to this reader settles. */
  settles: string[];
  /** Why this reader gets lines meant for a manager who cannot receive them. */
  rerouted: string[];
  /** Projects whose second-tier stage this reader gets as a second-tier contact. */
  tier2: string[];
}

export interface EscalationPage {
  shares: Map<string, PageShare>;
  postmortemUrl: string | null;
  reachNeeded: Array<{ accountId: string; issueKey: string }>;
  leadsNeeded: string[];
  notes: ReachNote[];
  skipped: SkippedSubject[];
  stats: SweepPlanStats;
}

/**
 * One page of an incident's overdue subjects (some of its chunks' parts), planned for the merge
 * phase: per reader, the lines it gets now and still, and the marks a mail to it settles. Every
 * reader of the incident is taken as having something new somewhere in it; readers with nothing
 * new over all pages get no mail. The caller adds the pages up and sends one mail per reader.
 */
export function planEscalationPage(input: Omit<SweepInput, 'escalations'>, group: string): EscalationPage {
  const p = planState({ ...input, escalations: 'only' });
  for (const item of input.items) planItem(p, item);
  for (const pm of input.postmortems) planPostmortem(p, pm);
  const g = p.groups.get(group);
  const shares = new Map<string, PageShare>();
  const raw = g ? groupShares(g, escalationContext(p), true) : undefined;
  for (const [accountId, share] of raw ?? []) {
    shares.set(accountId, {
      now: share.now.map((e) => ({ id: e.id, line: e.line })),
      still: share.still.map((e) => ({ id: e.id, line: e.line })),
      settles: [...new Set(share.settles)],
      rerouted: [...new Set(share.rerouted)],
      tier2: [...share.tier2].sort(),
    });
  }
  return {
    shares,
    postmortemUrl: g?.postmortemUrl ?? null,
    reachNeeded: [...p.reachNeeded.values()],
    leadsNeeded: [...p.leadsNeeded].sort(),
    notes: p.notes,
    skipped: p.skipped,
    stats: p.stats,
  };
}

interface EscalationContext {
  siteUrl: string;
  ledger: LedgerView;
  skipped: SkippedSubject[];
  notes: ReachNote[];
  stats: SweepPlanStats;
  settings: SweepSettings;
  reachOf(accountId: string, issueKey: string): Reach;
  why(r: Reach, issueKey: string): string;
  leadOf(projectKey: string): string[];
  projects: SweepInput['projects'];
  leadsNeeded: Set<string>;
  /** settings.escalation.secondTierAfterDays, as the policy reads it. */
  secondTierAfter: number;
}

/**
 * An entry's escalation recipients through `issueKey`: its managers who can receive the mail; for
 * those who cannot, the second tier, else the project lead (reachable ones), with a note.
 */
function reachableManagers(entry: OverdueEntry, issueKey: string, ctx: EscalationContext): { managers: string[]; rerouted?: string } {
  const ok = entry.managers.filter((m) => ctx.reachOf(m, issueKey) === 'ok');
  const missed = entry.managers.filter((m) => !ok.includes(m));
  if (missed.length === 0) return { managers: ok };
  const reasons = missed.map((m) => `${m} (${ctx.why(ctx.reachOf(m, issueKey), issueKey)})`).join(', ');
  const tiers: Array<[string, string[]]> = [
    [`second-tier contact of ${entry.projectKey}`, entry.secondTier],
    [`lead of ${entry.projectKey}`, ctx.leadOf(entry.projectKey)],
  ];
  for (const [who, ids] of tiers) {
    const extra = ids.filter((id) => !ok.includes(id) && !missed.includes(id) && ctx.reachOf(id, issueKey) === 'ok');
    if (extra.length > 0) {
      ctx.notes.push({
        issueKey: entry.subjectKey,
        message: `The escalation went to the ${who} as well: the manager(s) ${reasons} cannot receive it.`,
      });
      ctx.stats.rerouted++;
      return {
        managers: [...ok, ...extra],
        rerouted: `You get this escalation as ${who} because a manager of ${entry.projectKey} cannot receive it (${reasons}).`,
      };
    }
  }
  if (ok.length === 0) {
    ctx.notes.push({
      issueKey: entry.subjectKey,
      message: `The escalation could not be sent: no manager, second-tier contact or lead of ${entry.projectKey} can receive it (${reasons}).`,
    });
  } else {
    ctx.notes.push({ issueKey: entry.subjectKey, message: `The escalation could not go to ${reasons}.` });
  }
  return { managers: ok };
}

interface Share {
  now: OverdueEntry[];
  still: OverdueEntry[];
  settles: string[];
  rerouted: string[];
  /** Projects whose second-tier stage this reader gets as a second-tier contact (not a manager). */
  tier2: Set<string>;
}

/**
 * Per recipient: which entries they get now (and the keys that settles), and which are still
 * overdue; undefined when nothing is new for anyone. `paged`: the group is one page of an
 * incident's overdue subjects (the merge phase, ./PROTOCOL.md of the sweep's trigger): every
 * manager and second-tier contact is taken as having something new somewhere in the incident, so
 * a page where a reader has nothing new still gives their lines still overdue.
 */
function groupShares(group: IncidentGroup, ctx: EscalationContext, paged: boolean): Map<string, Share> | undefined {
  const shares = new Map<string, Share>();
  const shareOf = (accountId: string): Share => {
    let s = shares.get(accountId);
    if (!s) {
      s = { now: [], still: [], settles: [], rerouted: [], tier2: new Set() };
      shares.set(accountId, s);
    }
    return s;
  };

  // Project leads stand in for unconfigured managers: looked up only when the group has a stage due.
  const unknownLead = group.entries.filter((e) => e.managers.length === 0 && ctx.projects[e.projectKey] === undefined);
  const stageDue = (e: OverdueEntry) => {
    const sent = ctx.ledger.sentTo(e.managerKey);
    const managerDue = e.managers.length === 0 ? !ctx.ledger.has(e.managerKey) : e.managers.some((m) => !sent.has(m));
    return managerDue || (e.secondTierKey !== undefined && e.secondTier.some((t) => !ctx.ledger.sentTo(e.secondTierKey ?? '').has(t)));
  };
  // Nothing new for anyone: no mail, and nobody's reach needs checking.
  if (!paged && !group.entries.some(stageDue)) return undefined;
  for (const e of unknownLead) ctx.leadsNeeded.add(e.projectKey);
  // Only readers with something new get a mail: nobody else's reach needs checking.
  const waiting = new Set<string>();
  for (const e of group.entries) {
    const sent = ctx.ledger.sentTo(e.managerKey);
    for (const m of e.managers) if (paged || !sent.has(m)) waiting.add(m);
    if (e.secondTierKey !== undefined) {
      const tierSent = ctx.ledger.sentTo(e.secondTierKey);
      for (const t of e.secondTier) if (paged || !tierSent.has(t)) waiting.add(t);
    }
  }

  for (const entry of group.entries) {
    const subject = entry.subjectKey;
    const { managers, rerouted } = reachableManagers(
      { ...entry, managers: entry.managers.filter((m) => waiting.has(m)) },
      group.groupKey,
      ctx,
    );
    const managerSent = ctx.ledger.sentTo(entry.managerKey);
    const anyDue = managers.some((m) => !managerSent.has(m));
    if (managers.length === 0 && !ctx.ledger.has(entry.managerKey)) {
      if (entry.managers.length === 0) ctx.skipped.push({ key: subject, reason: 'no-recipient', ledgerKey: entry.managerKey });
      else {
        ctx.skipped.push({ key: subject, reason: 'unreachable', ledgerKey: entry.managerKey });
        ctx.stats.unreachable++;
      }
    }
    // Each recipient's role(s) for this entry: manager (always, while overdue), second tier (past threshold).
    const roles = new Map<string, string[]>();
    for (const m of managers) roles.set(m, managerSent.has(m) ? [] : [entry.managerKey]);
    if (entry.secondTierKey !== undefined) {
      const tierSent = ctx.ledger.sentTo(entry.secondTierKey);
      for (const t of entry.secondTier) {
        if (!waiting.has(t) || ctx.reachOf(t, group.groupKey) !== 'ok') continue;
        const keys = roles.get(t) ?? [];
        if (!tierSent.has(t)) keys.push(entry.secondTierKey);
        roles.set(t, keys);
      }
    }
    for (const [accountId, keys] of roles) {
      const share = shareOf(accountId);
      if (keys.length > 0) {
        share.now.push(entry);
        share.settles.push(...keys);
        if (entry.secondTierKey && keys.includes(entry.secondTierKey) && !entry.managers.includes(accountId))
          share.tier2.add(entry.projectKey);
        if (rerouted && anyDue && !entry.managers.includes(accountId)) share.rerouted.push(rerouted);
      } else {
        share.still.push(entry);
      }
    }
  }

  return shares;
}

/** Per recipient: which entries they get now (and the keys that settles), and which are still overdue. */
function planGroupEscalations(group: IncidentGroup, ctx: EscalationContext): PlannedNotification[] {
  const shares = groupShares(group, ctx, false);
  if (!shares) return [];
  // Recipients with the same mail content get one notification together.
  const bySignature = new Map<string, { recipients: string[]; share: Share }>();
  for (const [accountId, share] of shares) {
    if (share.now.length === 0) continue;
    const signature = JSON.stringify([
      share.now.map((e) => e.id),
      share.still.map((e) => e.id),
      share.settles,
      share.rerouted,
      [...share.tier2],
    ]);
    const existing = bySignature.get(signature);
    if (existing) existing.recipients.push(accountId);
    else bySignature.set(signature, { recipients: [accountId], share });
  }

  const out: PlannedNotification[] = [];
  for (const { recipients, share } of bySignature.values()) {
    const sorted = [...recipients].sort();
    const mail = escalationMail(ctx.siteUrl, {
      incidentKey: group.incidentKey,
      postmortemUrl: group.postmortemUrl,
      now: share.now.map((e) => e.line),
      still: share.still.map((e) => e.line),
      ...(share.tier2.size > 0 ? { secondTier: { projectKeys: [...share.tier2].sort(), afterDays: ctx.secondTierAfter } } : {}),
    });
    const rerouted = [...new Set(share.rerouted)].join(' ');
    out.push({
      id: `escalation:${group.groupKey}:${sorted[0] ?? ''}`,
      kind: 'escalation',
      issueKey: group.groupKey,
      group: group.groupKey,
      recipients: sorted,
      ...(rerouted ? reroutedMail(mail, rerouted) : mail),
      settles: [...new Set(share.settles)],
      ...(rerouted ? { rerouted } : {}),
    });
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}
