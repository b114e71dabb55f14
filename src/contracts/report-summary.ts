/** Calls of the Postmortem report global page (function `report-resolver`). */
import { z } from 'zod';
import { IsoDate } from './ids';
import { REPORT_NAMES as N } from './names/report';
import { PostmortemStatus } from './properties';
import { call, NoPayload } from './resolver';

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

export const REPORT_CALLS = {
  getSummary: call(N.getSummary, NoPayload, ReportSummary),
} as const;
