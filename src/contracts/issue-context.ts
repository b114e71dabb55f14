/**
 * Calls of the Postmortem issue context (`jira:issueContext`, function `panel-resolver`): the
 * always-visible entry in the issue's side bar that shows the postmortem's state and leads to the
 * Postmortem panel (docs/platform.md, "Custom UI"). The issue is the one the entry is shown on,
 * from the Forge context, never from the payload.
 */
import { z } from 'zod';
import { IssueKey } from './ids';
import { ItemState } from './macro-actions';
import { PanelPostmortem } from './panel';
import { call, NoPayload } from './resolver';

export const IssueContextStatus = z.object({
  issueKey: IssueKey,
  role: z.enum(['incident', 'action-item', 'other']),
  /** On an incident (or an action item's incident): its postmortem, or null when it has none yet or the caller cannot see it. */
  postmortem: PanelPostmortem.nullable(),
  /** On an action item: its incident (null when not linked) and its own due state. */
  actionItem: z.object({ incidentKey: IssueKey.nullable(), due: z.string(), state: ItemState }).nullable(),
});
export type IssueContextStatus = z.infer<typeof IssueContextStatus>;

export const ISSUE_CONTEXT_CALLS = {
  getStatus: call(NoPayload, IssueContextStatus),
} as const;
