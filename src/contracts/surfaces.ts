/**
 * The resolver calls of each UI surface, by manifest function key. `src/resolvers/<surface>.ts`
 * defines exactly these; `static/<surface>/` invokes them through `static/shared/bridge.ts`.
 */
import { z } from 'zod';
import { IsoDate, IssueKey } from './ids';
import { PostmortemContentProperty, PostmortemIssueProperty, PostmortemStatus } from './properties';
import { RESOLVER_NAMES, type ResolverFunctionKey } from './names';
import { call, NoPayload } from './resolver';
import { Settings } from './settings';

export const IncidentSummary = z.object({
  key: IssueKey,
  summary: z.string(),
  status: z.string(),
  statusCategory: z.string(),
  priority: z.string().nullable(),
  created: z.string(),
  /** Path of the issue in Jira, relative to the site. */
  url: z.string(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const MacroOverview = z.object({
  pageId: z.string(),
  today: IsoDate,
  link: z
    .object({
      incident: IncidentSummary.nullable(),
      postmortem: PostmortemContentProperty,
      due: z.string(),
    })
    .nullable(),
});
export type MacroOverview = z.infer<typeof MacroOverview>;

export const PanelOverview = z.object({
  today: IsoDate,
  issue: z.object({ key: IssueKey, summary: z.string(), type: z.string(), status: z.string(), statusCategory: z.string() }),
  role: z.enum(['incident', 'action-item', 'other']),
  postmortem: PostmortemIssueProperty.extend({ due: z.string() }).nullable(),
  actionItem: z.object({ incidentKey: IssueKey, dueDate: IsoDate.nullable(), due: z.string() }).nullable(),
});
export type PanelOverview = z.infer<typeof PanelOverview>;

export const ReportSummary = z.object({
  today: IsoDate,
  openActionItems: z.number().int(),
  overdue: z.number().int(),
  dueWithinWeek: z.number().int(),
  withoutDueDate: z.number().int(),
  unassigned: z.number().int(),
  postmortems: z.record(PostmortemStatus, z.number().int()),
  truncated: z.boolean(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const AdminOverview = z.object({
  settings: Settings,
  stored: z.boolean(),
  invalid: z.string().optional(),
  canEdit: z.boolean(),
});
export type AdminOverview = z.infer<typeof AdminOverview>;

const N = RESOLVER_NAMES;

export const CALLS = {
  'macro-resolver': {
    getOverview: call(N['macro-resolver'].getOverview, NoPayload, MacroOverview),
  },
  'panel-resolver': {
    getOverview: call(N['panel-resolver'].getOverview, NoPayload, PanelOverview),
  },
  'report-resolver': {
    getSummary: call(N['report-resolver'].getSummary, NoPayload, ReportSummary),
  },
  'admin-resolver': {
    getOverview: call(N['admin-resolver'].getOverview, NoPayload, AdminOverview),
  },
} as const satisfies { [K in ResolverFunctionKey]: { [M in keyof (typeof RESOLVER_NAMES)[K]]: unknown } };

export type { ResolverFunctionKey };

/** Payload and result types of a call, for Custom UI (which imports types only). */
export type PayloadOf<K extends ResolverFunctionKey, M extends keyof (typeof CALLS)[K]> = (typeof CALLS)[K][M] extends { payload: infer P extends z.ZodType } ? z.input<P> : never;
export type ResultOf<K extends ResolverFunctionKey, M extends keyof (typeof CALLS)[K]> = (typeof CALLS)[K][M] extends { result: infer R extends z.ZodType } ? z.infer<R> : never;
export type Calls = typeof CALLS;
