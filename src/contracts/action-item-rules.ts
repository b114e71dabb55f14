/**
 * The rules an action-item draft must meet, shared by the macro's form (which checks as the person
 * types) and the macro resolver (which checks again, because payloads are untrusted). Plain
 * TypeScript with no dependency but the date check of dates.ts, so Custom UI bundles stay small.
 */
import { dateInputProblem } from './dates';

export const ACTION_KINDS = ['prevent', 'detect', 'mitigate', 'process'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const KIND_LABEL: Record<ActionKind, string> = {
  prevent: 'Prevent',
  detect: 'Detect',
  mitigate: 'Mitigate',
  process: 'Process',
};

/** Jira's default priorities; a site with its own scheme answers with a clear per-item error. */
export const PRIORITY_NAMES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'] as const;
export const DEFAULT_PRIORITY = 'Medium';

export const SUMMARY_MAX = 255;
export const DESCRIPTION_MAX = 5000;
/** Drafts one request may carry; the resolver creates them in bulk batches of BULK_BATCH. */
export const MAX_DRAFTS = 100;
export const BULK_BATCH = 50;

export interface DraftFields {
  summary: string;
  description: string;
  kind: string;
  assigneeAccountId: string;
  dueDate: string;
  priority: string;
  projectKey: string;
  /** Why the due date is later than the policy's (required then). */
  dueDateReason?: string;
}

/** Weeks to complete an action item by priority (the settings' `dueDatePolicy`). */
export interface DuePolicy {
  weeksByPriority: Readonly<Record<string, number>>;
  otherWeeks: number;
}
export const DUE_REASON_MAX = 500;

/** The weeks the policy gives a priority. */
export function policyWeeks(priority: string, policy: DuePolicy): number {
  return Object.hasOwn(policy.weeksByPriority, priority) ? policy.weeksByPriority[priority]! : policy.otherWeeks;
}

/** The date the policy proposes: today plus the priority's weeks (`YYYY-MM-DD`, calendar arithmetic in UTC). */
export function policyDueDate(priority: string, today: string, policy: DuePolicy): string {
  const ms = Date.parse(`${today}T00:00:00Z`) + policyWeeks(priority, policy) * 7 * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Form field names, as the resolver reports them (`fields`). */
export type DraftField = keyof DraftFields;

/** Whether `s` is a date a person may enter: `YYYY-MM-DD`, a real calendar date (2026-02-30 is not), from the year 1900 on. */
export function isCalendarDate(s: string): boolean {
  return dateInputProblem(s) === undefined;
}

/** What is wrong with a due date a person chose, or undefined: empty, not a date, or in the past. */
export function dueDateProblem(due: string, today: string): string | undefined {
  if (due === '') return 'Set a due date: every action item needs one.';
  const problem = dateInputProblem(due);
  if (problem) return problem;
  if (due < today) return `The due date ${due} is in the past. Pick today (${today}) or a later date.`;
  return undefined;
}

export interface DraftRules {
  /** Today in the site's time zone, `YYYY-MM-DD`. */
  today: string;
  /** Projects action items may be created in. */
  projectKeys: readonly string[];
  /** The due-date policy: a later date than it proposes needs a reason. */
  policy?: DuePolicy;
}

/** Message per field for a draft's problems; empty when the draft may be sent to Jira. */
export function draftProblems(d: DraftFields, rules: DraftRules): Partial<Record<DraftField, string>> {
  const out: Partial<Record<DraftField, string>> = {};
  const summary = d.summary.trim();
  if (summary === '') out.summary = 'Enter a summary: what will be done.';
  else if (summary.length > SUMMARY_MAX)
    out.summary = `Shorten the summary to ${SUMMARY_MAX} characters or fewer (it has ${summary.length}); put details in the description.`;
  if (d.description.length > DESCRIPTION_MAX)
    out.description = `Shorten the description to ${DESCRIPTION_MAX} characters or fewer (it has ${d.description.length}).`;
  if (!(ACTION_KINDS as readonly string[]).includes(d.kind)) out.kind = 'Pick a kind: prevent, detect, mitigate or process.';
  if (d.assigneeAccountId.trim() === '') out.assigneeAccountId = 'Choose who owns this action item (someone assignable in the project).';
  const dueProblem = dueDateProblem(d.dueDate.trim(), rules.today);
  if (dueProblem) out.dueDate = dueProblem;
  const reason = (d.dueDateReason ?? '').trim();
  if (reason.length > DUE_REASON_MAX)
    out.dueDateReason = `Shorten the reason to ${DUE_REASON_MAX} characters or fewer (it has ${reason.length}).`;
  else if (!dueProblem && rules.policy && (PRIORITY_NAMES as readonly string[]).includes(d.priority)) {
    const proposed = policyDueDate(d.priority, rules.today, rules.policy);
    if (d.dueDate.trim() > proposed && reason === '') {
      const weeks = policyWeeks(d.priority, rules.policy);
      out.dueDateReason = `${d.priority} items are due within ${weeks} weeks (by ${proposed}); say why this one needs until ${d.dueDate.trim()}.`;
    }
  }
  if (!(PRIORITY_NAMES as readonly string[]).includes(d.priority)) out.priority = `Pick a priority: ${PRIORITY_NAMES.join(', ')}.`;
  if (!rules.projectKeys.includes(d.projectKey)) {
    out.projectKey = rules.projectKeys.length
      ? `Action items cannot be created in project "${d.projectKey.slice(0, 20)}". Pick one of: ${rules.projectKeys.join(', ')}.`
      : 'No project is allowed for action items. Ask a Jira admin to choose projects in the Postmortem settings.';
  }
  return out;
}
