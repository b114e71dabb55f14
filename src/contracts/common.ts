import { z } from 'zod';
import { IssueKey } from './ids';

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
