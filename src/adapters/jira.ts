/**
 * Jira adapter: the only code that calls Jira. Each call site is literal so `forge lint` can check
 * its scope; responses are zod-parsed for the fields the app relies on.
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import { JSON_HEADERS, ProductError, readJson, send } from './http';

export type As = 'app' | 'user';
const jira = (as: As) => (as === 'app' ? api.asApp() : api.asUser());

const UserRef = z.object({ accountId: z.string(), displayName: z.string().optional().default('') }).nullable().optional();

export const IssueFields = z
  .object({
    summary: z.string().optional(),
    status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }) }).optional(),
    issuetype: z.object({ name: z.string() }).optional(),
    project: z.object({ key: z.string(), name: z.string().optional() }).optional(),
    assignee: UserRef,
    reporter: UserRef,
    duedate: z.string().nullable().optional(),
    labels: z.array(z.string()).optional(),
    priority: z.object({ name: z.string() }).nullable().optional(),
    created: z.string().optional(),
    resolutiondate: z.string().nullable().optional(),
  })
  .loose();

export const Issue = z.object({
  id: z.string(),
  key: z.string(),
  fields: IssueFields,
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type Issue = z.infer<typeof Issue>;

const SearchPage = z.object({
  issues: z.array(Issue),
  nextPageToken: z.string().nullable().optional(),
  isLast: z.boolean().optional(),
});

/** The issue, or undefined when it does not exist or the caller may not browse it (Jira answers 404 for both). */
export async function getIssue(as: As, key: string, fields: string[], properties: string[] = []): Promise<Issue | undefined> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${key}?fields=${fields.join(',')}&properties=${properties.join(',')}`, {
      headers: JSON_HEADERS,
    }),
  );
  if (res.status === 404) return undefined;
  return readJson('jira', 'get issue', res, Issue);
}

export interface SearchPageResult {
  issues: Issue[];
  nextPageToken?: string;
}

/** One page of `/rest/api/3/search/jql` (the enhanced search; the old /search is gone). */
export async function searchPage(
  as: As,
  jql: string,
  fields: string[],
  options: { nextPageToken?: string; maxResults?: number; properties?: string[] } = {},
): Promise<SearchPageResult> {
  const body = {
    jql,
    fields,
    maxResults: options.maxResults ?? 100,
    ...(options.properties?.length ? { properties: options.properties } : {}),
    ...(options.nextPageToken ? { nextPageToken: options.nextPageToken } : {}),
  };
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/search/jql`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) }),
  );
  const page = await readJson('jira', 'search', res, SearchPage);
  return { issues: page.issues, nextPageToken: page.nextPageToken ?? undefined };
}

/** Every match, page by page, stopping at `limit` issues. */
export async function searchAll(
  as: As,
  jql: string,
  fields: string[],
  options: { limit?: number; pageSize?: number; properties?: string[] } = {},
): Promise<{ issues: Issue[]; truncated: boolean; pages: number }> {
  const limit = options.limit ?? 10_000;
  const issues: Issue[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await searchPage(as, jql, fields, {
      nextPageToken: token,
      maxResults: Math.min(options.pageSize ?? 100, limit - issues.length),
      properties: options.properties,
    });
    pages += 1;
    issues.push(...page.issues);
    token = page.nextPageToken;
  } while (token && issues.length < limit);
  return { issues, truncated: Boolean(token), pages };
}

const Myself = z.object({ accountId: z.string(), displayName: z.string(), timeZone: z.string().optional() });

export async function myself(): Promise<z.infer<typeof Myself>> {
  const res = await send(() => api.asUser().requestJira(route`/rest/api/3/myself`, { headers: JSON_HEADERS }));
  return readJson('jira', 'myself', res, Myself);
}

const PermissionsCheck = z.object({
  globalPermissions: z.array(z.string()).optional().default([]),
  projectPermissions: z
    .array(z.object({ permission: z.string(), projects: z.array(z.number()).optional().default([]) }))
    .optional()
    .default([]),
});

/** Whether `accountId` holds Jira's global ADMINISTER permission (site settings are for Jira admins). */
export async function isJiraAdmin(accountId: string): Promise<boolean> {
  const res = await send(() =>
    api.asApp().requestJira(route`/rest/api/3/permissions/check`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ accountId, globalPermissions: ['ADMINISTER'] }),
    }),
  );
  const result = await readJson('jira', 'check permissions', res, PermissionsCheck);
  return result.globalPermissions.includes('ADMINISTER');
}

export { ProductError };
