/** Calls of the Postmortem settings admin page (function `admin-resolver`). */
import { z } from 'zod';
import { ADMIN_NAMES as N } from './names/admin';
import { call, NoPayload } from './resolver';
import { Settings } from './settings';

export const AdminOverview = z.object({
  settings: Settings,
  stored: z.boolean(),
  invalid: z.string().optional(),
  canEdit: z.boolean(),
});
export type AdminOverview = z.infer<typeof AdminOverview>;

export const ADMIN_CALLS = {
  getOverview: call(N.getOverview, NoPayload, AdminOverview),
} as const;
