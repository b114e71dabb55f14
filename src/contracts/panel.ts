/** Calls of the Postmortem issue panel (function `panel-resolver`). */
import { z } from 'zod';
import { IsoDate, IssueKey } from './ids';
import { PANEL_NAMES as N } from './names/panel';
import { PostmortemIssueProperty } from './properties';
import { call, NoPayload } from './resolver';

export const PanelOverview = z.object({
  today: IsoDate,
  issue: z.object({ key: IssueKey, summary: z.string(), type: z.string(), status: z.string(), statusCategory: z.string() }),
  role: z.enum(['incident', 'action-item', 'other']),
  postmortem: PostmortemIssueProperty.extend({ due: z.string() }).nullable(),
  actionItem: z.object({ incidentKey: IssueKey, dueDate: IsoDate.nullable(), due: z.string() }).nullable(),
});
export type PanelOverview = z.infer<typeof PanelOverview>;

export const PANEL_CALLS = {
  getOverview: call(N.getOverview, NoPayload, PanelOverview),
} as const;
