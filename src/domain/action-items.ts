/**
 * Action items (docs/architecture.md, "Where data lives"): the JQL that finds an incident's items, how an item reads in a
 * table (due state, hand-made or not), the counts the panel shows, which projects items may be
 * created in, and the Jira create request for a draft. Pure: no product call happens here.
 */
import { doc, p, text } from '@atlaskit/adf-utils/builders';
import type { DocNode } from '@atlaskit/adf-schema';
import { ACTION_KINDS, type DraftField } from '../contracts/action-item-rules';
import type { ActionItemCounts, ActionItemRow, ItemState } from '../contracts/macro-actions';
import {
  ACTION_ITEM_LABEL,
  ACTION_ITEM_PROPERTY_KEY,
  ActionItemProperty,
  WAIVER_PROPERTY_KEY,
  WONT_DO_RESOLUTION,
} from '../contracts/properties';
import { provenApproval, type SealCheck } from './waivers';
import { describeDue, dueState } from './dates';
import { and, clause, eq, fn, or, query } from './jql';

/** The fields an item's row needs from Jira (one search returns them all). */
export const ITEM_FIELDS = ['summary', 'status', 'assignee', 'duedate', 'priority', 'project', 'issuetype', 'labels', 'resolution'];
export const ITEM_PROPERTIES = [ACTION_ITEM_PROPERTY_KEY, WAIVER_PROPERTY_KEY];

/**
 * Every item of the incident in one query: labelled `postmortem-action` and either carrying the
 * incident in its property (made by the app) or linked to the incident (made by hand). The key is
 * a value operand, never pasted text.
 */
export function incidentItemsJql(incidentKey: string): string {
  return query(
    and(
      eq('labels', ACTION_ITEM_LABEL),
      or(
        eq({ issueProperty: ACTION_ITEM_PROPERTY_KEY, path: 'incidentKey' }, incidentKey),
        clause('issue', 'in', fn('linkedIssues', [incidentKey])),
      ),
    ),
    [
      ['duedate', 'ASC'],
      ['key', 'ASC'],
    ],
  );
}

/** Items that already carry the incident in their property (to find earlier creations by creation key). */
export function createdItemsJql(incidentKey: string): string {
  return query(eq({ issueProperty: ACTION_ITEM_PROPERTY_KEY, path: 'incidentKey' }, incidentKey));
}

/** The shape of a Jira issue this module reads (the adapter's zod-parsed Issue fits it). */
export interface IssueLike {
  id?: string;
  key: string;
  fields: {
    summary?: string;
    status?: { name: string; statusCategory: { key: string } };
    resolution?: { name: string } | null;
    assignee?: { accountId: string; displayName: string } | null;
    duedate?: string | null;
    priority?: { name: string } | null;
    project?: { key: string };
    labels?: string[];
  };
  properties?: Record<string, unknown>;
}

/**
 * An item's state and due text. `wontDo` (see `wontDoOf`): an item resolved as Won't Do is done only
 * with a proved approval; without one it is as open as before it was resolved, and says so.
 */
export function itemState(
  statusCategory: string,
  dueDate: string | null,
  today: string,
  wontDo?: WontDo,
): { state: ItemState; due: string } {
  if (wontDo === 'approved') return { state: 'done', due: 'won’t do (approved)' };
  if (statusCategory === 'done' && wontDo !== 'unapproved') return { state: 'done', due: 'done' };
  const s = dueState(dueDate, today);
  const state: ItemState = s.kind === 'due-today' ? 'due-today' : s.kind;
  return { state, due: wontDo === 'unapproved' ? `won’t do, not approved: ${describeDue(s)}` : describeDue(s) };
}

export type WontDo = 'approved' | 'unapproved' | undefined;

/**
 * Whether an item is resolved as Won't Do, and whether its approval is proved by the app's seal
 * (docs/decisions/0015-waiver-approvals-sealed.md); undefined for any other item. Without a seal
 * check (`check` absent) no approval is proved.
 */
export function wontDoOf(issue: IssueLike, check: SealCheck | undefined): WontDo {
  if (issue.fields.status?.statusCategory.key !== 'done' || issue.fields.resolution?.name !== WONT_DO_RESOLUTION) return undefined;
  const proved = check && issue.id !== undefined && provenApproval(issue.id, issue.properties?.[WAIVER_PROPERTY_KEY], check);
  return proved ? 'approved' : 'unapproved';
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** An item as a table row; `check` proves Won't Do approvals (without it, none is proved). */
export function toRow(issue: IssueLike, today: string, check?: SealCheck): ActionItemRow {
  const f = issue.fields;
  const prop = ActionItemProperty.safeParse(issue.properties?.[ACTION_ITEM_PROPERTY_KEY]);
  const dueDate = f.duedate && DATE_RE.test(f.duedate) ? f.duedate : null;
  const statusCategory = f.status?.statusCategory.key ?? 'undefined';
  const { state, due } = itemState(statusCategory, dueDate, today, wontDoOf(issue, check));
  return {
    key: issue.key,
    summary: f.summary ?? '',
    status: f.status?.name ?? 'Unknown',
    statusCategory,
    assignee: f.assignee ? { accountId: f.assignee.accountId, displayName: f.assignee.displayName } : null,
    dueDate,
    due,
    state,
    priority: f.priority?.name ?? null,
    kind: prop.success ? (prop.data.kind ?? null) : null,
    projectKey: f.project?.key ?? issue.key.slice(0, issue.key.lastIndexOf('-')),
    handMade: !prop.success,
    url: `/browse/${issue.key}`,
  };
}

export function countItems(rows: readonly ActionItemRow[]): ActionItemCounts {
  return {
    total: rows.length,
    done: rows.filter((r) => r.state === 'done').length,
    overdue: rows.filter((r) => r.state === 'overdue').length,
    needsDueDate: rows.filter((r) => r.state === 'no-due-date').length,
  };
}

/** The project part of an issue key (`OPS-12` → `OPS`). */
export function projectOf(issueKey: string): string {
  return issueKey.slice(0, issueKey.lastIndexOf('-'));
}

/**
 * Where items of this incident may be created: the projects the settings allow, or, when the
 * settings name none, the incident's own project. The default is the settings' default when it is
 * allowed, else the first allowed project.
 */
export function allowedProjects(
  settings: { projectKeys: readonly string[]; defaultProjectKey?: string },
  incidentKey: string,
): { projectKeys: string[]; defaultProjectKey: string | null } {
  const projectKeys = settings.projectKeys.length > 0 ? [...settings.projectKeys] : [projectOf(incidentKey)];
  const defaultProjectKey =
    settings.defaultProjectKey && projectKeys.includes(settings.defaultProjectKey) ? settings.defaultProjectKey : (projectKeys[0] ?? null);
  return { projectKeys, defaultProjectKey };
}

/** A draft that passed action-item-rules.ts. */
export interface ValidDraft {
  creationKey: string;
  summary: string;
  description: string;
  kind: (typeof ACTION_KINDS)[number];
  assigneeAccountId: string;
  dueDate: string;
  priority: string;
  projectKey: string;
  /** A due date later than the policy's: that date and the reason (kept in the item's property). */
  lateDueDate?: { policyDate: string; reason: string };
  /** Earlier items it repeats, confirmed (kept in the item's property). */
  repeats?: string[];
}

/** Plain text as an ADF document: a paragraph per blank-line-separated block (text stays text). */
export function plainTextDoc(s: string): DocNode {
  const blocks = s
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return doc(...blocks.map((b) => p(text(b))));
}

/** A field of a project's create screen as Jira's create metadata describes it. */
export interface ScreenField {
  name: string;
  required: boolean;
  hasDefaultValue: boolean;
}

/** Fields every action item needs on the create screen, with the names people know them by. */
const NEEDED: Record<string, string> = { summary: 'Summary', assignee: 'Assignee', duedate: 'Due date', labels: 'Labels' };
/** Fields the app sends only when the screen has them. */
const OPTIONAL = ['description', 'priority'];
/** Fields the app fills itself (project and issue type name the screen; the rest it sends). */
const FILLED = new Set(['project', 'issuetype', 'reporter', ...Object.keys(NEEDED), ...OPTIONAL]);

/**
 * Whether action items can be created on this create screen (docs/platform.md, Jira REST): a
 * sentence saying why not (a field every item needs is missing, e.g. Due date, or the screen
 * requires a field the app cannot fill), and the optional fields to leave out (e.g. Priority).
 */
export function screenFit(
  fields: Readonly<Record<string, ScreenField>>,
  projectKey: string,
  issueType: string,
): { problem?: string; omit: string[] } {
  const missing = Object.entries(NEEDED)
    .filter(([id]) => !fields[id])
    .map(([, name]) => name);
  const omit = OPTIONAL.filter((id) => !fields[id]);
  if (missing.length > 0) {
    return {
      problem: `Project ${projectKey} cannot take action items: its create screen for ${issueType} has no ${missing.join(', ')} field, which every action item needs. Ask a Jira admin to add it to the screen, or use another project.`,
      omit,
    };
  }
  const unfillable = Object.entries(fields)
    .filter(([id, f]) => f.required && !f.hasDefaultValue && !FILLED.has(id))
    .map(([, f]) => f.name);
  if (unfillable.length > 0) {
    return {
      problem: `Project ${projectKey} cannot take action items: its create screen for ${issueType} requires ${unfillable.join(', ')}, which the app cannot fill. Ask a Jira admin to make it optional, or use another project.`,
      omit,
    };
  }
  return { omit };
}

/** The `issueUpdates` element Jira's bulk create takes for a draft, leaving out the fields in `omit` (not on the project's create screen). */
export function issueUpdateFor(
  d: ValidDraft,
  ctx: { incidentKey: string; pageId: string; issueType: string; omit?: readonly string[] },
): Record<string, unknown> {
  const property: ActionItemProperty = { incidentKey: ctx.incidentKey, pageId: ctx.pageId, creationKey: d.creationKey, kind: d.kind };
  if (d.lateDueDate) property.lateDueDate = d.lateDueDate;
  if (d.repeats && d.repeats.length > 0) property.repeats = d.repeats;
  const send = (field: string) => !(ctx.omit ?? []).includes(field);
  return {
    fields: {
      project: { key: d.projectKey },
      issuetype: { name: ctx.issueType },
      summary: d.summary.trim(),
      ...(d.description.trim() && send('description') ? { description: plainTextDoc(d.description) } : {}),
      assignee: { accountId: d.assigneeAccountId },
      duedate: d.dueDate,
      ...(send('priority') ? { priority: { name: d.priority } } : {}),
      labels: [ACTION_ITEM_LABEL],
    },
    properties: [{ key: ACTION_ITEM_PROPERTY_KEY, value: ActionItemProperty.parse(property) }],
  };
}

const JIRA_FIELD: Record<string, DraftField> = {
  summary: 'summary',
  description: 'description',
  duedate: 'dueDate',
  assignee: 'assigneeAccountId',
  project: 'projectKey',
  priority: 'priority',
};

/**
 * Jira's per-element errors as form fields and one sentence for a person. Jira's text is kept
 * (it names the problem), with what to do added.
 */
export function explainCreateFailure(
  elementErrors: { errorMessages: string[]; errors: Record<string, string> },
  projectKey: string,
): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const general: string[] = [...elementErrors.errorMessages];
  for (const [jf, msg] of Object.entries(elementErrors.errors)) {
    const field = JIRA_FIELD[jf];
    if (!field) {
      general.push(`${jf}: ${msg}`);
      continue;
    }
    if (field === 'projectKey')
      fields.projectKey = `You cannot create issues in project ${projectKey} (Jira: ${msg}). Ask a project admin for access, or pick another project.`;
    else if (field === 'assigneeAccountId')
      fields.assigneeAccountId = `Jira will not assign this item to that person (${msg}). Pick someone from the list for project ${projectKey}.`;
    else fields[field] = `Jira refused this value: ${msg}`;
  }
  const parts = [...Object.values(fields), ...general];
  const message = `Not created: ${parts.join(' ') || 'Jira refused the item without saying why.'} Fix it and create it again; nothing else was changed.`;
  return { message, fields };
}
