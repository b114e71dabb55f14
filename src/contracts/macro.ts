/** Calls of the Postmortem macro and its config dialog (function `macro-resolver`). */
import { z } from 'zod';
import { IncidentSummary } from './common';
import { IsoDate } from './ids';
import { MACRO_NAMES as N } from './names/macro';
import { PostmortemContentProperty } from './properties';
import { call, NoPayload } from './resolver';

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

export const MACRO_CALLS = {
  getOverview: call(N.getOverview, NoPayload, MacroOverview),
} as const;
