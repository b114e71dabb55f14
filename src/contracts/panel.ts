/** Calls of the Postmortem issue panel (function `panel-resolver`). */
import { z } from 'zod';
import { IncidentSummary } from './common';
import { PostmortemDueState } from './due';
import { IsoDate, IssueKey } from './ids';
import { ActionItemCounts, ActionItemRow, ItemState } from './macro-actions';
import { PostmortemIssueProperty } from './properties';
import { call, NoPayload } from './resolver';

/** The incident's postmortem as its issue property records it, with its due state and its wording ("due in N days", "late by N days"). */
export const PanelPostmortem = PostmortemIssueProperty.extend({ due: z.string(), dueState: PostmortemDueState });
export type PanelPostmortem = z.infer<typeof PanelPostmortem>;

export const PanelOverview = z.object({
  today: IsoDate,
  issue: z.object({ key: IssueKey, summary: z.string(), type: z.string(), status: z.string(), statusCategory: z.string() }),
  role: z.enum(['incident', 'action-item', 'other']),
  /** On an incident: its postmortem, or null when it has none yet. */
  postmortem: PanelPostmortem.nullable(),
  /** On an incident without a postmortem: when one created now would be due (its date and "due in 5 days"). */
  dueIfCreated: z.object({ dueDate: IsoDate, text: z.string() }).nullable().optional(),
  /** On an incident: its action items as the caller may see them, with counts. */
  actionItems: z.object({ items: z.array(ActionItemRow), counts: ActionItemCounts, truncated: z.boolean() }).nullable(),
  /** On an action item: where it came from and its own due state. */
  actionItem: z
    .object({
      /** Null for a hand-made item not (yet) linked to an incident. */
      incidentKey: IssueKey.nullable(),
      /** Null when the caller cannot see the incident. */
      incident: IncidentSummary.nullable(),
      postmortem: PanelPostmortem.nullable(),
      /**
       * True when the item's record or its incident names a postmortem page that the caller may
       * not open (so none is shown): the panel says one exists, without its title.
       */
      postmortemHidden: z.boolean().optional(),
      dueDate: IsoDate.nullable(),
      due: z.string(),
      state: ItemState,
      handMade: z.boolean(),
    })
    .nullable(),
});
export type PanelOverview = z.infer<typeof PanelOverview>;

export const PANEL_CALLS = {
  getOverview: call(NoPayload, PanelOverview),
} as const;
