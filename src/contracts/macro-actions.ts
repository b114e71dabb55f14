/** Calls of the macro's action-item table and form (function `macro-resolver`). */
import { z } from 'zod';
import { DESCRIPTION_MAX, MAX_DRAFTS } from './action-item-rules';
import { AccountId, IsoDate, IssueKey, ProjectKey } from './ids';
import { ActionItemProperty } from './properties';
import { call } from './resolver';

/** Where an item stands: done, or how its due date compares with today. */
export const ItemState = z.enum(['done', 'overdue', 'due-today', 'due', 'no-due-date']);
export type ItemState = z.infer<typeof ItemState>;

/** One action item as Jira shows it to the caller (Jira is the source of truth; nothing is cached). */
export const ActionItemRow = z.object({
  key: IssueKey,
  summary: z.string(),
  status: z.string(),
  statusCategory: z.string(),
  assignee: z.object({ accountId: z.string(), displayName: z.string() }).nullable(),
  dueDate: IsoDate.nullable(),
  /** "due in 3 days", "overdue by 2 days", "needs a due date", "done". */
  due: z.string(),
  state: ItemState,
  priority: z.string().nullable(),
  kind: z.string().nullable(),
  projectKey: z.string(),
  /** Labelled and linked by a person in Jira rather than created by the app. */
  handMade: z.boolean(),
  /** Path of the issue in Jira, relative to the site. */
  url: z.string(),
});
export type ActionItemRow = z.infer<typeof ActionItemRow>;

export const ActionItemCounts = z.object({
  total: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  needsDueDate: z.number().int(),
});
export type ActionItemCounts = z.infer<typeof ActionItemCounts>;

export const ActionItemList = z.object({
  incidentKey: IssueKey,
  today: IsoDate,
  /** False when the caller may not browse the incident: then no item is shown. */
  incidentVisible: z.boolean(),
  items: z.array(ActionItemRow),
  counts: ActionItemCounts,
  /** More items exist than one page shows. */
  truncated: z.boolean(),
  /** What the form may offer. */
  form: z.object({
    projectKeys: z.array(ProjectKey),
    defaultProjectKey: ProjectKey.nullable(),
    issueType: z.string(),
    /** Weeks to complete by priority: the form proposes today + these, and asks a reason for a later date. */
    dueDatePolicy: z.object({ weeksByPriority: z.record(z.string(), z.number()), otherWeeks: z.number() }).optional(),
  }),
});
export type ActionItemList = z.infer<typeof ActionItemList>;

/** Jira issue ids (what `reconcileIssues` takes). */
const IssueId = z.string().regex(/^\d{1,18}$/, 'An issue id is a number.');

export const ListActionItemsPayload = z
  .object({
    incidentKey: IssueKey,
    /** Items this person just created: Jira's search may not show them yet, so it is asked to (at most 50). */
    reconcile: z.array(IssueId).max(50).optional(),
  })
  .strict();

/**
 * A draft as the form sends it. Only shapes and sizes are checked here, so that each draft's
 * problems come back as per-field messages on that draft (action-item-rules.ts) instead of failing
 * the whole request.
 */
export const ActionItemDraft = z
  .object({
    creationKey: ActionItemProperty.shape.creationKey,
    summary: z.string().max(2000, 'Keep the summary under 2000 characters.'),
    description: z
      .string()
      .max(DESCRIPTION_MAX * 2)
      .default(''),
    kind: z.string().max(40),
    assigneeAccountId: z.string().max(128),
    dueDate: z.string().max(64),
    priority: z.string().max(40),
    projectKey: z.string().max(20),
    /** Why the due date is later than the policy proposes (required then). */
    dueDateReason: z.string().max(1000).optional(),
    /** The earlier items shown as similar while it was drafted: a hint, checked by the server before it is kept. */
    similarTo: z.array(IssueKey).max(3).optional(),
  })
  .strict();
export type ActionItemDraft = z.input<typeof ActionItemDraft>;

export const CreateActionItemsPayload = z
  .object({
    incidentKey: IssueKey,
    drafts: z
      .array(ActionItemDraft)
      .min(1, 'Add at least one action item.')
      .max(MAX_DRAFTS, `Create at most ${MAX_DRAFTS} action items at once.`),
  })
  .strict();

export const DraftOutcome = z.object({
  creationKey: z.string(),
  /** `existing`: an earlier request (a retry, a double click) already created it; nothing new was made. */
  outcome: z.enum(['created', 'existing', 'failed']),
  issueKey: IssueKey.optional(),
  /** The Jira issue id, when known (the table reads it back with `reconcile`). */
  issueId: IssueId.optional(),
  /** For a failure: what went wrong and what to do. */
  message: z.string().optional(),
  /** Per-field messages (form field names) for a failure. */
  fields: z.record(z.string(), z.string()).optional(),
  /** Created, but something after creation did not work (e.g. the link to the incident). */
  warnings: z.array(z.string()).optional(),
});
export type DraftOutcome = z.infer<typeof DraftOutcome>;

export const CreateActionItemsResult = z.object({ outcomes: z.array(DraftOutcome) });
export type CreateActionItemsResult = z.infer<typeof CreateActionItemsResult>;

export const UpdateActionItemPayload = z
  .object({
    incidentKey: IssueKey,
    issueKey: IssueKey,
    dueDate: z.string().max(64).optional(),
    assigneeAccountId: AccountId.optional(),
  })
  .strict()
  .refine((p) => p.dueDate !== undefined || p.assigneeAccountId !== undefined, { message: 'Change the due date or the assignee.' });

export const UpdateActionItemResult = z.object({ item: ActionItemRow });
export type UpdateActionItemResult = z.infer<typeof UpdateActionItemResult>;

export const FindAssigneesPayload = z
  .object({
    /** The incident whose items are being edited (its project is allowed when the settings name none). */
    incidentKey: IssueKey,
    /** The project an item will be created in, or … */
    projectKey: ProjectKey.optional(),
    /** … the existing item being reassigned. */
    issueKey: IssueKey.optional(),
    query: z.string().max(100),
  })
  .strict()
  .refine((p) => (p.projectKey === undefined) !== (p.issueKey === undefined), { message: 'Name either a project or an issue.' });

export const Assignee = z.object({ accountId: z.string(), displayName: z.string() });
export type Assignee = z.infer<typeof Assignee>;
export const FindAssigneesResult = z.object({ users: z.array(Assignee) });

/** An action item being drafted, to compare with the items of earlier postmortems. */
export const FindSimilarPayload = z
  .object({
    incidentKey: IssueKey,
    summary: z.string().max(255, 'Keep the summary under 255 characters.'),
  })
  .strict();

/** An earlier action item like the draft: "proposed after INC-12, still open". */
export const SimilarItem = z.object({
  key: IssueKey,
  summary: z.string(),
  /** The incident it was proposed after (its `postmortem-action` record), when known. */
  incidentKey: IssueKey.nullable(),
  done: z.boolean(),
  status: z.string(),
  /** Path of the issue in Jira, relative to the site. */
  url: z.string(),
  /** How alike the two summaries are, 0.5–1 (docs/decisions/0012-similar-action-items.md). */
  score: z.number(),
});
export type SimilarItem = z.infer<typeof SimilarItem>;
export const FindSimilarResult = z.object({ items: z.array(SimilarItem).max(5) });
export type FindSimilarResult = z.infer<typeof FindSimilarResult>;

export const MACRO_ACTION_CALLS = {
  listActionItems: call(ListActionItemsPayload, ActionItemList),
  createActionItems: call(CreateActionItemsPayload, CreateActionItemsResult),
  updateActionItem: call(UpdateActionItemPayload, UpdateActionItemResult),
  findAssignees: call(FindAssigneesPayload, FindAssigneesResult),
  findSimilarActionItems: call(FindSimilarPayload, FindSimilarResult),
} as const;
