/**
 * "Won't do": closing an action item without doing it needs a reason and the approval of the
 * item's manager (its project's escalation managers as configured, else the project lead: the
 * people the sweep escalates to, `managersOf`). Until approved the item counts as open, also when
 * someone resolves it as Won't Do in Jira directly. Pure: the caller passes the current mirror
 * (the `postmortem-waiver` issue property), the approval record from app storage or a seal check
 * (docs/decisions/0015-waiver-approvals-sealed.md), the actor (from the invocation, never the
 * payload), the managers and the time.
 */
import { WaiverProperty, WONT_DO_RESOLUTION } from '../contracts/properties';

export const MAX_WAIVER_TEXT = 2000;

export type WaiverOutcome =
  { ok: true; next: WaiverProperty } | { ok: false; code: 'invalid-input' | 'forbidden' | 'conflict'; message: string };

const fail = (code: 'invalid-input' | 'forbidden' | 'conflict', message: string): WaiverOutcome => ({ ok: false, code, message });

/** The mirror on the issue, or undefined when absent or not well-formed (then there is no request). */
export function readWaiver(raw: unknown): WaiverProperty | undefined {
  const parsed = WaiverProperty.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export interface WaiverRequestInput {
  current: unknown;
  reason: string;
  actorAccountId: string;
  now: Date;
  /** Whether the item is done in Jira with another resolution than Won't Do (then nothing is waived). */
  doneOtherwise: boolean;
  /** Whether app storage records an approval (the mirror's own word is not trusted). */
  approvedOnRecord: boolean;
}

/** Asks to close the item without doing it. Anyone who may edit the item asks (the resolver checks that). */
export function requestWaiver(input: WaiverRequestInput): WaiverOutcome {
  const reason = input.reason.trim();
  if (!reason) return fail('invalid-input', 'Say why this action item will not be done: its manager decides on that reason.');
  if (reason.length > MAX_WAIVER_TEXT)
    return fail('invalid-input', `Keep the reason under ${MAX_WAIVER_TEXT} characters (it has ${reason.length}).`);
  if (input.doneOtherwise) return fail('conflict', 'This action item is already done: there is nothing to waive.');
  if (input.approvedOnRecord) return fail('conflict', 'Closing this item without doing it is already approved.');
  return {
    ok: true,
    next: { status: 'requested', reason, requestedBy: input.actorAccountId, requestedAt: input.now.toISOString() },
  };
}

export interface WaiverDecisionInput {
  current: unknown;
  decision: 'approve' | 'decline';
  note?: string;
  actorAccountId: string;
  /** The item's managers (configured escalation managers of its project, else its lead). */
  managers: readonly string[];
  projectKey: string;
  now: Date;
}

/** The manager's decision on a requested waiver. Only one of the item's managers decides. */
export function decideWaiver(input: WaiverDecisionInput): WaiverOutcome {
  const current = readWaiver(input.current);
  if (!current || current.status !== 'requested')
    return fail(
      'conflict',
      'Nobody has asked to close this item without doing it (or it was decided already). Reload to see where it stands.',
    );
  if (input.managers.length === 0)
    return fail(
      'forbidden',
      `${input.projectKey} has no manager configured and no project lead, so nobody can approve this. Ask a Jira admin to set its escalation contacts.`,
    );
  if (!input.managers.includes(input.actorAccountId))
    return fail(
      'forbidden',
      `Only a manager of ${input.projectKey} (its escalation contacts, else its project lead) decides whether an item may be closed without doing it.`,
    );
  const note = input.note?.trim() ?? '';
  if (note.length > MAX_WAIVER_TEXT)
    return fail('invalid-input', `Keep the note under ${MAX_WAIVER_TEXT} characters (it has ${note.length}).`);
  if (input.decision === 'decline' && !note)
    return fail('invalid-input', 'Say why the item must be done after all: the person who asked reads it.');
  const at = input.now.toISOString();
  const next: WaiverProperty = {
    status: input.decision === 'approve' ? 'approved' : 'declined',
    reason: current.reason,
    requestedBy: current.requestedBy,
    requestedAt: current.requestedAt,
    decidedBy: input.actorAccountId,
    decidedAt: at,
  };
  if (input.decision === 'approve') next.approvedAt = at;
  if (note) next.note = note;
  return { ok: true, next };
}

/** The approval as app storage records it (the panel's proof, and the sealed mirror to restore). */
export interface WaiverRecord {
  approvedBy: string;
  approvedAt: string;
  /** The sealed mirror written with the approval (absent in records older than the seal). */
  mirror?: WaiverProperty;
}

/**
 * The text an approval's seal is computed over: what the manager approved (the reason), who, when,
 * and for which item (its id, so a seal copied to another issue proves nothing). Undefined for a
 * mirror that is not an approval.
 */
export function sealedText(issueId: string, mirror: WaiverProperty): string | undefined {
  if (mirror.status !== 'approved' || !mirror.approvedAt || !mirror.decidedBy) return undefined;
  return JSON.stringify(['postmortem-waiver/1', issueId, mirror.decidedBy, mirror.approvedAt, mirror.reason]);
}

/** Checks a seal against a text (the adapter's HMAC with the app's key). */
export type SealCheck = (text: string, seal: string) => boolean;

/**
 * The approval an issue's `postmortem-waiver` property proves: the mirror when it is an approval
 * whose seal the app computed for this item, else undefined (a forged or copied mirror proves
 * nothing, docs/decisions/0015-waiver-approvals-sealed.md).
 */
export function provenApproval(issueId: string, raw: unknown, check: SealCheck): WaiverProperty | undefined {
  const mirror = readWaiver(raw);
  if (!mirror?.seal) return undefined;
  const text = sealedText(issueId, mirror);
  return text !== undefined && check(text, mirror.seal) ? mirror : undefined;
}

/**
 * Whether an action item counts as done: done in Jira, except a Won't Do without a proven approval
 * (whatever the issue property claims).
 */
export function countsAsDone(statusCategory: string, resolution: string | null | undefined, approved: boolean): boolean {
  if (statusCategory !== 'done') return false;
  if (resolution === WONT_DO_RESOLUTION) return approved;
  return true;
}

/** Where a waiver stands, for a person: "Won't do: approved by …", "waiting for …'s approval". */
export function waiverState(
  statusCategory: string,
  resolution: string | null | undefined,
  mirror: WaiverProperty | undefined,
  record: WaiverRecord | undefined,
): 'none' | 'requested' | 'approved' | 'declined' | 'unapproved-wont-do' {
  if (record) return 'approved';
  if (mirror?.status === 'requested') return 'requested';
  if (statusCategory === 'done' && resolution === WONT_DO_RESOLUTION) return 'unapproved-wont-do';
  if (mirror?.status === 'declined') return 'declined';
  return 'none';
}
