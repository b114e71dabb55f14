/**
 * The rules an action-item draft must meet, shared by the macro's form (which checks as the person
 * types) and the macro resolver (which checks again, because payloads are untrusted). Plain
 * TypeScript with no dependency, so Custom UI bundles stay small.
 */

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
}

/** Form field names, as the resolver reports them (`fields`). */
export type DraftField = keyof DraftFields;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export interface DraftRules {
  /** Today in the site's time zone, `YYYY-MM-DD`. */
  today: string;
  /** Projects action items may be created in. */
  projectKeys: readonly string[];
}

/** Message per field for a draft's problems; empty when the draft may be sent to Jira. */
export function draftProblems(d: DraftFields, rules: DraftRules): Partial<Record<DraftField, string>> {
  const out: Partial<Record<DraftField, string>> = {};
  const summary = d.summary.trim();
  if (summary === '') out.summary = 'Enter a summary: what will be done.';
  else if (summary.length > SUMMARY_MAX) out.summary = `Shorten the summary to ${SUMMARY_MAX} characters or fewer (it has ${summary.length}); put details in the description.`;
  if (d.description.length > DESCRIPTION_MAX) out.description = `Shorten the description to ${DESCRIPTION_MAX} characters or fewer (it has ${d.description.length}).`;
  if (!(ACTION_KINDS as readonly string[]).includes(d.kind)) out.kind = 'Pick a kind: prevent, detect, mitigate or process.';
  if (d.assigneeAccountId.trim() === '') out.assigneeAccountId = 'Choose who owns this action item (someone assignable in the project).';
  const due = d.dueDate.trim();
  if (due === '') out.dueDate = 'Set a due date: every action item needs one.';
  else if (!isCalendarDate(due)) out.dueDate = `"${due.slice(0, 40)}" is not a date. Use the form YYYY-MM-DD, e.g. 2026-03-31.`;
  else if (due < rules.today) out.dueDate = `The due date ${due} is in the past. Pick today (${rules.today}) or a later date.`;
  if (!(PRIORITY_NAMES as readonly string[]).includes(d.priority)) out.priority = `Pick a priority: ${PRIORITY_NAMES.join(', ')}.`;
  if (!rules.projectKeys.includes(d.projectKey)) {
    out.projectKey = rules.projectKeys.length
      ? `Action items cannot be created in project "${d.projectKey.slice(0, 20)}". Pick one of: ${rules.projectKeys.join(', ')}.`
      : 'No project is allowed for action items. Ask a Jira admin to choose projects in the Postmortem settings.';
  }
  return out;
}
