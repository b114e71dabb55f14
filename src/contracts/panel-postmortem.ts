/**
 * Calls of the panel's "Create postmortem" (function `panel-resolver`). The incident is the issue
 * the panel is shown on (from the Forge context, never from the payload).
 */
import { z } from 'zod';
import { PageRef } from './common';
import { IsoDate, IssueKey } from './ids';
import { PANEL_POSTMORTEM_NAMES as N } from './names/panel-postmortem';
import { PostmortemStatus } from './properties';
import { call } from './resolver';

export const CreatePostmortemPayload = z
  .object({
    /**
     * The Confluence space to create the page in, used only when the site's settings name none
     * (with settings naming a space, the page always goes there and this is ignored).
     */
    spaceKey: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9~]{1,255}$/, 'A space key is letters and digits, e.g. OPS.')
      .optional(),
  })
  .strict();
export type CreatePostmortemPayload = z.infer<typeof CreatePostmortemPayload>;

export const CreatePostmortemResult = z.object({
  incidentKey: IssueKey,
  page: PageRef,
  status: PostmortemStatus,
  dueDate: IsoDate,
});
export type CreatePostmortemResult = z.infer<typeof CreatePostmortemResult>;

export const PANEL_POSTMORTEM_CALLS = {
  createPostmortem: call(N.createPostmortem, CreatePostmortemPayload, CreatePostmortemResult),
} as const;
