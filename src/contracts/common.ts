import { z } from 'zod';
import { IssueKey, PageId } from './ids';

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

/** A person the app names (owner, reviewer); `displayName` falls back to the account id when Jira does not say. */
export const PersonRef = z.object({ accountId: z.string().max(128), displayName: z.string().max(255) });
export type PersonRef = z.infer<typeof PersonRef>;

/** A Confluence page the app points at (the postmortem of an incident). */
export const PageRef = z.object({
  pageId: PageId,
  /** Empty when the caller may not see the page. */
  title: z.string().max(255),
  url: z.string().max(2000),
});
export type PageRef = z.infer<typeof PageRef>;
