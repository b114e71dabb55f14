/**
 * The action-item form's logic, kept apart from the components so it is tested with plain
 * functions: drafts and their creation keys, client-side checks (the same rules the resolver
 * applies), and folding the resolver's per-draft outcomes back into the form.
 */
import {
  DEFAULT_PRIORITY,
  draftProblems,
  policyDueDate,
  type DraftField,
  type DraftFields,
  type DuePolicy,
} from '@contracts/action-item-rules';
import type { ActionItemDraft, ActionItemRow, DraftOutcome } from '@contracts/macro-actions';

export interface Draft extends DraftFields {
  /** Made once per draft and kept across retries: the resolver never creates a key twice. */
  creationKey: string;
  /** Display name of the chosen assignee (the picker's label). */
  assigneeName: string;
  /** Messages per field, from the last check or from Jira. */
  errors: Partial<Record<DraftField, string>>;
  /** The resolver's sentence for this draft's last failure. */
  failure?: string;
  /** The date the policy proposed (a due date equal to it is not something the person typed). */
  proposedDue?: string;
  /** Earlier items shown as similar to this summary (sent as a hint; the server confirms before keeping them). */
  similarTo?: string[];
}

/** A creation key: random, 8–64 of [A-Za-z0-9_-] (the `postmortem-action` property's rule). */
export function makeCreationKey(random: () => string = () => globalThis.crypto.randomUUID()): string {
  return `ai-${random().replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, 64);
}

export function newDraft(defaultProjectKey: string | null, makeKey: () => string = makeCreationKey): Draft {
  return {
    creationKey: makeKey(),
    summary: '',
    description: '',
    kind: 'prevent',
    assigneeAccountId: '',
    assigneeName: '',
    dueDate: '',
    priority: DEFAULT_PRIORITY,
    projectKey: defaultProjectKey ?? '',
    errors: {},
  };
}

/** A draft with the policy's date proposed when it has none yet. */
export function proposeDue(d: Draft, today: string, policy: DuePolicy | undefined): Draft {
  if (!policy || d.dueDate !== '') return d;
  const date = policyDueDate(d.priority, today, policy);
  return { ...d, dueDate: date, proposedDue: date };
}

/** A new priority; the due date follows the policy unless the person chose their own. */
export function changePriority(d: Draft, priority: string, today: string, policy: DuePolicy | undefined): Draft {
  if (!policy) return { ...d, priority };
  const proposedBefore = policyDueDate(d.priority, today, policy);
  const follows = d.dueDate === '' || d.dueDate === proposedBefore;
  const date = policyDueDate(priority, today, policy);
  return { ...d, priority, ...(follows ? { dueDate: date, proposedDue: date } : {}) };
}

/** Whether the draft's date is later than the policy proposes (then a reason is asked). */
export function laterThanPolicy(d: Draft, today: string, policy: DuePolicy | undefined): string | null {
  if (!policy || !/^\d{4}-\d{2}-\d{2}$/.test(d.dueDate)) return null;
  const proposed = policyDueDate(d.priority, today, policy);
  return d.dueDate > proposed ? proposed : null;
}

/** Checks every draft; answers the drafts with their messages and whether all may be sent. */
export function checkDrafts(
  drafts: Draft[],
  rules: { today: string; projectKeys: readonly string[]; policy?: DuePolicy },
): { drafts: Draft[]; ok: boolean } {
  let ok = true;
  const checked = drafts.map((d) => {
    const errors = draftProblems(d, rules);
    if (Object.keys(errors).length > 0) ok = false;
    return { ...d, errors, failure: undefined };
  });
  return { drafts: checked, ok };
}

/** What the resolver receives for a draft (UI-only fields left out). */
export function toPayload(d: Draft): ActionItemDraft {
  return {
    creationKey: d.creationKey,
    summary: d.summary,
    description: d.description,
    kind: d.kind,
    assigneeAccountId: d.assigneeAccountId,
    dueDate: d.dueDate,
    priority: d.priority,
    projectKey: d.projectKey,
    ...(d.dueDateReason?.trim() ? { dueDateReason: d.dueDateReason.trim() } : {}),
    ...(d.similarTo && d.similarTo.length > 0 ? { similarTo: d.similarTo.slice(0, 3) } : {}),
  };
}

export interface CreationReport {
  /** Drafts still in the form: those not created, with Jira's or the app's reasons. */
  remaining: Draft[];
  created: Array<{ issueKey: string; issueId?: string; summary: string; existing: boolean; warnings: string[] }>;
  failed: Array<{ summary: string; message: string }>;
}

/**
 * Folds the outcomes into the form: created drafts leave it (also those an earlier attempt
 * created), failed ones stay with their messages. A draft the answer does not mention stays too.
 */
export function applyOutcomes(drafts: Draft[], outcomes: DraftOutcome[]): CreationReport {
  const byKey = new Map(outcomes.map((o) => [o.creationKey, o]));
  const report: CreationReport = { remaining: [], created: [], failed: [] };
  for (const d of drafts) {
    const o = byKey.get(d.creationKey);
    if (o && o.outcome !== 'failed' && o.issueKey) {
      report.created.push({
        issueKey: o.issueKey,
        ...(o.issueId ? { issueId: o.issueId } : {}),
        summary: d.summary.trim(),
        existing: o.outcome === 'existing',
        warnings: o.warnings ?? [],
      });
      continue;
    }
    const message =
      o?.message ??
      'The app did not say what happened to this item. Reload to check the table, then try again: it will not be created twice.';
    report.failed.push({ summary: d.summary.trim() || '(no summary)', message });
    report.remaining.push({ ...d, errors: (o?.fields ?? {}) as Partial<Record<DraftField, string>>, failure: message });
  }
  return report;
}

/** Replaces the edited row in place (the table keeps its order until the next reload). */
export function replaceRow(rows: ActionItemRow[], row: ActionItemRow): ActionItemRow[] {
  return rows.map((r) => (r.key === row.key ? row : r));
}

/** The sentence a screen reader hears while drafts are being created. */
export function creatingText(n: number): string {
  return `Creating ${n} action item${n === 1 ? '' : 's'} in Jira…`;
}

/** Drafts that passed the checks are sent; the others stay in the form with their messages. */
export function splitChecked(drafts: Draft[]): { ready: Draft[]; held: Draft[] } {
  const ready: Draft[] = [];
  const held: Draft[] = [];
  for (const d of drafts) (Object.keys(d.errors).length === 0 ? ready : held).push(d);
  return { ready, held };
}

/** Adds the drafts held back by the checks to a report (as not created, with their reasons), in form order. */
export function withHeld(report: CreationReport, held: Draft[]): CreationReport {
  const heldReport = held.map((d) => ({ ...d, failure: `Not sent: ${Object.values(d.errors).join(' ')}` }));
  return {
    created: report.created,
    failed: [...heldReport.map((d) => ({ summary: d.summary.trim() || '(no summary)', message: d.failure })), ...report.failed],
    remaining: [...heldReport, ...report.remaining],
  };
}

export { countsText, stateTone } from '../../common/action-items';
