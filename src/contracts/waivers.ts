/** Calls of "Won't do" waivers on an action item's panel (function `panel-resolver`). */
import { z } from 'zod';
import { PersonRef } from './common';
import { IssueKey } from './ids';
import { WaiverProperty } from './properties';
import { call, NoPayload } from './resolver';

export const WaiverView = z.object({
  issueKey: IssueKey,
  /** False on an issue that is not an action item (then nothing else applies). */
  actionItem: z.boolean(),
  /**
   * none; requested (waiting for the manager); approved (waived); declined; unapproved-wont-do
   * (resolved Won't Do in Jira without an approval: it still counts as open).
   */
  state: z.enum(['none', 'requested', 'approved', 'declined', 'unapproved-wont-do']),
  request: WaiverProperty.nullable(),
  requestedBy: PersonRef.nullable(),
  decidedBy: PersonRef.nullable(),
  /** Who may approve: the item's project managers (configured, else the lead). */
  managers: z.array(PersonRef),
  canRequest: z.boolean(),
  canDecide: z.boolean(),
});
export type WaiverView = z.infer<typeof WaiverView>;

export const RequestWaiverPayload = z.object({ reason: z.string().max(2000, 'Keep the reason under 2000 characters.') }).strict();
export const DecideWaiverPayload = z
  .object({ decision: z.enum(['approve', 'decline']), note: z.string().max(2000, 'Keep the note under 2000 characters.').optional() })
  .strict();

export const WAIVER_CALLS = {
  getWaiver: call(NoPayload, WaiverView),
  requestWaiver: call(RequestWaiverPayload, WaiverView),
  decideWaiver: call(DecideWaiverPayload, WaiverView),
} as const;
