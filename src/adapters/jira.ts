/**
 * Jira adapter: the only code that calls Jira. Each call site is literal so `forge lint` can check
 * its scope; responses are zod-parsed for the fields the app relies on.
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import * as clock from './clock';
import { JSON_HEADERS, ProductError, readJson, send } from './http';

export type As = 'app' | 'user';
const jira = (as: As) => (as === 'app' ? api.asApp() : api.asUser());

const UserRef = z
  .object({ accountId: z.string(), displayName: z.string().optional().default('') })
  .nullable()
  .optional();

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
    resolution: z.object({ name: z.string() }).nullable().optional(),
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
  options: { nextPageToken?: string; maxResults?: number; properties?: string[]; reconcileIssues?: readonly string[] } = {},
): Promise<SearchPageResult> {
  const body = {
    jql,
    fields,
    maxResults: options.maxResults ?? 100,
    ...(options.properties?.length ? { properties: options.properties } : {}),
    // Search lags writes; these issues (at most 50) are read as they are now (docs/platform.md, Jira REST).
    ...(options.reconcileIssues?.length ? { reconcileIssues: options.reconcileIssues.slice(0, 50).map(Number) } : {}),
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

const ApproximateCount = z.object({ count: z.number().int().min(0) });

/**
 * How many issues matching `jql` the caller may browse (`POST /rest/api/3/search/approximate-count`,
 * docs/platform.md, Jira REST): Jira cuts the count to what the caller may browse. Returns the
 * count and the instant Jira answered, which is what the count is true as of. 429 is retried after
 * its Retry-After (`send`).
 */
export async function approximateCount(as: As, jql: string): Promise<{ count: number; asOf: string }> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/search/approximate-count`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ jql }),
    }),
  );
  const body = await readJson('jira', 'count issues', res, ApproximateCount);
  return { count: body.count, asOf: clock.now().toISOString() };
}

/** Every project the caller may browse, with its lead: 50 a call. */
export async function browsableProjects(as: As, max = 1000): Promise<ProjectWithLead[]> {
  const out: ProjectWithLead[] = [];
  for (let startAt = 0; startAt < max; startAt += 50) {
    const params = new URLSearchParams({ expand: 'lead', maxResults: '50', startAt: String(startAt), orderBy: 'key' });
    const res = await send(() => jira(as).requestJira(route`/rest/api/3/project/search?${params}`, { headers: JSON_HEADERS }));
    const page = await readJson('jira', 'search projects', res, ProjectSearchPage);
    for (const p of page.values) {
      out.push({ key: p.key, name: p.name, lead: p.lead ? { accountId: p.lead.accountId, displayName: p.lead.displayName } : null });
    }
    if (page.isLast !== false || page.values.length === 0) break;
  }
  return out;
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

/**
 * Whether the caller (the person using the app) holds Jira's global ADMINISTER permission: the one
 * place the app asks who is a Jira admin. Asked as the caller about themselves, which needs no
 * permission; asking about another account needs Administer Jira (docs/platform.md, Jira REST).
 */
export async function isJiraAdmin(): Promise<boolean> {
  const res = await send(() =>
    api.asUser().requestJira(route`/rest/api/3/permissions/check`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ globalPermissions: ['ADMINISTER'] }),
    }),
  );
  const result = await readJson('jira', 'check permissions', res, PermissionsCheck);
  return result.globalPermissions.includes('ADMINISTER');
}

const IssuePermissionsCheck = z
  .object({
    projectPermissions: z
      .array(z.object({ permission: z.string(), issues: z.array(z.number()).optional().default([]) }).loose())
      .optional()
      .default([]),
  })
  .loose();

/**
 * Whether the caller may edit issue `issueId` (Jira's EDIT_ISSUES), asked as the caller about
 * themselves: before the app changes an issue with its own rights, it proves the caller could.
 */
export async function canEditIssue(issueId: string): Promise<boolean> {
  const id = Number(issueId);
  if (!Number.isSafeInteger(id) || id <= 0) return false;
  const res = await send(() =>
    api.asUser().requestJira(route`/rest/api/3/permissions/check`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ projectPermissions: [{ permissions: ['EDIT_ISSUES'], issues: [id] }] }),
    }),
  );
  const result = await readJson('jira', 'check permissions', res, IssuePermissionsCheck);
  return result.projectPermissions.some((p) => p.permission === 'EDIT_ISSUES' && p.issues.includes(id));
}

export { ProductError };

// --- Projects and people (report filters and managers, settings pickers) ---

const PersonJson = z.object({ accountId: z.string(), displayName: z.string().optional().default(''), active: z.boolean().optional() });
export type Person = { accountId: string; displayName: string };

const ProjectJson = z.object({
  key: z.string(),
  name: z.string().optional().default(''),
  lead: PersonJson.nullable().optional(),
});
const ProjectSearchPage = z.object({ values: z.array(ProjectJson), isLast: z.boolean().optional(), total: z.number().optional() });
export interface ProjectWithLead {
  key: string;
  name: string;
  lead: Person | null;
}

/**
 * Projects the caller may browse, with their leads: those named in `keys` (all of them, 50 a
 * page), or those matching `query` (the first `max`). One call per 50 keys.
 */
export async function searchProjects(
  as: As,
  options: { keys?: readonly string[]; query?: string; max?: number },
): Promise<ProjectWithLead[]> {
  const out: ProjectWithLead[] = [];
  const keys = [...new Set(options.keys ?? [])];
  const batches: Array<readonly string[] | undefined> = [];
  if (options.keys) for (let i = 0; i < keys.length; i += 50) batches.push(keys.slice(i, i + 50));
  else batches.push(undefined);
  for (const batch of batches) {
    const params = new URLSearchParams({ expand: 'lead', maxResults: String(batch ? 50 : Math.min(options.max ?? 20, 50)) });
    for (const k of batch ?? []) params.append('keys', k);
    if (options.query) params.set('query', options.query);
    const res = await send(() => jira(as).requestJira(route`/rest/api/3/project/search?${params}`, { headers: JSON_HEADERS }));
    const page = await readJson('jira', 'search projects', res, ProjectSearchPage);
    for (const p of page.values) {
      out.push({ key: p.key, name: p.name, lead: p.lead ? { accountId: p.lead.accountId, displayName: p.lead.displayName } : null });
    }
  }
  return out;
}

const UserBulkPage = z.object({ values: z.array(PersonJson), isLast: z.boolean().optional() });

/** Display names of accounts, 100 ids a call, and whether each is active (deactivated: `active` false); unknown ids are left out. */
export async function bulkUsers(as: As, accountIds: readonly string[]): Promise<Array<Person & { active: boolean }>> {
  const ids = [...new Set(accountIds)].filter((id) => id.length > 0);
  const out: Array<Person & { active: boolean }> = [];
  for (let i = 0; i < ids.length; i += 100) {
    const params = new URLSearchParams({ maxResults: '100' });
    for (const id of ids.slice(i, i + 100)) params.append('accountId', id);
    const res = await send(() => jira(as).requestJira(route`/rest/api/3/user/bulk?${params}`, { headers: JSON_HEADERS }));
    const page = await readJson('jira', 'look up users', res, UserBulkPage);
    for (const u of page.values) out.push({ accountId: u.accountId, displayName: u.displayName, active: u.active !== false });
  }
  return out;
}

const GroupBulkPage = z.object({ values: z.array(z.object({ name: z.string(), groupId: z.string().nullable().optional() }).loose()) });

/**
 * The Jira groups with these names (`GET /rest/api/3/group/bulk?groupName=…`, needs *Browse users
 * and groups*; docs/platform.md, Jira: groups): the names Jira has, or `forbidden` when the caller
 * may not look groups up. A name Jira does not have is left out.
 */
export async function groupsNamed(as: As, names: readonly string[]): Promise<{ names: string[] } | { forbidden: true }> {
  const wanted = [...new Set(names)].filter((n) => n.length > 0).slice(0, 50);
  if (wanted.length === 0) return { names: [] };
  const params = new URLSearchParams({ maxResults: '50' });
  for (const n of wanted) params.append('groupName', n);
  const res = await send(() => jira(as).requestJira(route`/rest/api/3/group/bulk?${params}`, { headers: JSON_HEADERS }));
  if (res.status === 403) return { forbidden: true };
  const page = await readJson('jira', 'look up groups', res, GroupBulkPage);
  return { names: page.values.map((g) => g.name) };
}

/** Active users matching `query` (name or e-mail prefix), for pickers. */
export async function searchUsers(as: As, query: string, max = 20): Promise<Person[]> {
  const params = new URLSearchParams({ query, maxResults: String(max) });
  const res = await send(() => jira(as).requestJira(route`/rest/api/3/user/search?${params}`, { headers: JSON_HEADERS }));
  const users = await readJson('jira', 'search users', res, z.array(PersonJson));
  return users.filter((u) => u.active !== false).map((u) => ({ accountId: u.accountId, displayName: u.displayName }));
}

// --- Issue properties and remote links (linking a postmortem page to its incident) ---

/** Issue property `key`'s value, or undefined when the issue has none (or the caller cannot see the issue). */
export async function getIssueProperty(as: As, issueKey: string, key: string): Promise<{ value: unknown } | undefined> {
  const res = await send(() => jira(as).requestJira(route`/rest/api/3/issue/${issueKey}/properties/${key}`, { headers: JSON_HEADERS }));
  if (res.status === 404) return undefined;
  return readJson('jira', 'get issue property', res, z.object({ key: z.string(), value: z.unknown() }).loose());
}

/** Sets issue property `key` (Jira answers 200 or 201). */
export async function setIssueProperty(as: As, issueKey: string, key: string, value: unknown): Promise<void> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${issueKey}/properties/${key}`, {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify(value),
    }),
  );
  if (res.status !== 200 && res.status !== 201) throw new ProductError('jira', 'set issue property', res.status, await res.text());
}

/** Deletes issue property `key`; fine when it is already gone. */
export async function deleteIssueProperty(as: As, issueKey: string, key: string): Promise<void> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${issueKey}/properties/${key}`, { method: 'DELETE', headers: JSON_HEADERS }),
  );
  if (res.status !== 204 && res.status !== 200 && res.status !== 404)
    throw new ProductError('jira', 'delete issue property', res.status, await res.text());
}

export interface RemoteLinkInput {
  globalId: string;
  relationship: string;
  object: { url: string; title: string; summary?: string; icon?: { url16x16: string; title: string } };
  application?: { type: string; name: string };
}

/** Creates or updates (by globalId) a remote link on the issue. */
export async function upsertRemoteLink(as: As, issueKey: string, link: RemoteLinkInput): Promise<void> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${issueKey}/remotelink`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(link),
    }),
  );
  if (res.status !== 200 && res.status !== 201) throw new ProductError('jira', 'link the page to the issue', res.status, await res.text());
}

/** Deletes the issue's remote links with this globalId; fine when there are none. */
export async function deleteRemoteLinkByGlobalId(as: As, issueKey: string, globalId: string): Promise<void> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${issueKey}/remotelink?globalId=${globalId}`, { method: 'DELETE', headers: JSON_HEADERS }),
  );
  if (res.status !== 204 && res.status !== 200 && res.status !== 404)
    throw new ProductError('jira', 'remove the page link from the issue', res.status, await res.text());
}

const RemoteLinkJson = z
  .object({ id: z.number(), globalId: z.string().optional(), object: z.object({ url: z.string(), title: z.string() }).loose() })
  .loose();

/** The issue's remote link with this globalId, or undefined. */
export async function getRemoteLinkByGlobalId(
  as: As,
  issueKey: string,
  globalId: string,
): Promise<z.infer<typeof RemoteLinkJson> | undefined> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${issueKey}/remotelink?globalId=${globalId}`, { headers: JSON_HEADERS }),
  );
  if (res.status === 404) return undefined;
  return readJson('jira', 'get remote link', res, RemoteLinkJson);
}

// --- Action items: bulk create, issue links, edits, assignable people (as the user) ---

const BulkCreateAnswer = z.object({
  issues: z
    .array(z.object({ id: z.string(), key: z.string() }).loose())
    .optional()
    .default([]),
  errors: z
    .array(
      z
        .object({
          status: z.number().optional(),
          failedElementNumber: z.number().int(),
          elementErrors: z
            .object({
              errorMessages: z.array(z.string()).optional().default([]),
              errors: z.record(z.string(), z.string()).optional().default({}),
            })
            .loose()
            .optional()
            .default({ errorMessages: [], errors: {} }),
        })
        .loose(),
    )
    .optional()
    .default([]),
});
export type BulkCreateAnswer = z.infer<typeof BulkCreateAnswer>;

/**
 * `POST /rest/api/3/issue/bulk` (at most 50 issues). Jira answers 201 when any was created and 400
 * when none was; both carry the created issues (in request order) and the failed element numbers.
 */
export async function bulkCreateIssues(as: As, issueUpdates: unknown[]): Promise<BulkCreateAnswer> {
  if (issueUpdates.length > 50) throw new RangeError('Jira bulk create takes at most 50 issues');
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/bulk`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ issueUpdates }) }),
  );
  if (res.status === 400) {
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ProductError('jira', 'bulk create issues', 400, text);
    }
    const parsed = BulkCreateAnswer.safeParse(json);
    // A 400 without per-element errors refuses the whole request (e.g. too many issues).
    if (!parsed.success || parsed.data.errors.length === 0) throw new ProductError('jira', 'bulk create issues', 400, text);
    return parsed.data;
  }
  return readJson('jira', 'bulk create issues', res, BulkCreateAnswer, [200, 201]);
}

/** `POST /rest/api/3/issueLink`; Jira keeps one link per type and pair, so repeating it is harmless. */
export async function createIssueLink(as: As, typeName: string, inwardIssueKey: string, outwardIssueKey: string): Promise<void> {
  const body = { type: { name: typeName }, inwardIssue: { key: inwardIssueKey }, outwardIssue: { key: outwardIssueKey } };
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issueLink`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) }),
  );
  if (res.status !== 201 && res.status !== 200) throw new ProductError('jira', 'link issues', res.status, await res.text());
}

/** `PUT /rest/api/3/issue/{key}` with `fields` (Jira's edit permission and field rules apply). */
export async function editIssueFields(as: As, issueKey: string, fields: Record<string, unknown>): Promise<void> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${issueKey}`, { method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ fields }) }),
  );
  if (res.status !== 204 && res.status !== 200) throw new ProductError('jira', 'edit issue', res.status, await res.text());
}

/** People who may be assigned issues in a project (or on an issue), matching `query`. */
export async function assignableUsers(
  as: As,
  where: { projectKey: string } | { issueKey: string },
  query: string,
  max = 20,
): Promise<Person[]> {
  const params = new URLSearchParams({ query, maxResults: String(max) });
  if ('projectKey' in where) params.set('project', where.projectKey);
  else params.set('issueKey', where.issueKey);
  const res = await send(() => jira(as).requestJira(route`/rest/api/3/user/assignable/search?${params}`, { headers: JSON_HEADERS }));
  const users = await readJson('jira', 'find assignable people', res, z.array(PersonJson));
  return users.filter((u) => u.active !== false).map((u) => ({ accountId: u.accountId, displayName: u.displayName }));
}

// --- The sweep (scheduled trigger and queue consumer): as the app, counting every attempt ---

/** Counts product calls, retries included (the sweep's run summary reports them). */
export interface CallCounter {
  calls: number;
}

const SweepSearchPage = z.object({
  issues: z.array(Issue.extend({ self: z.string().optional() })),
  nextPageToken: z.string().nullable().optional(),
});
export type SweepIssue = z.infer<typeof SweepSearchPage>['issues'][number];

/** One page of the sweep's search (`/rest/api/3/search/jql` as the app, with issue properties and `self`). */
export async function sweepSearchPage(
  counter: CallCounter,
  jql: string,
  fields: readonly string[],
  properties: readonly string[],
  nextPageToken: string | undefined,
  maxResults = 100,
): Promise<{ issues: SweepIssue[]; nextPageToken?: string }> {
  const body = JSON.stringify({ jql, fields, properties, maxResults, ...(nextPageToken ? { nextPageToken } : {}) });
  const res = await send(() => {
    counter.calls += 1;
    return api.asApp().requestJira(route`/rest/api/3/search/jql`, { method: 'POST', headers: JSON_HEADERS, body });
  });
  const page = await readJson('jira', 'search', res, SweepSearchPage);
  return { issues: page.issues, nextPageToken: page.nextPageToken ?? undefined };
}

/** Project leads (the escalation fallback) for up to 50 project keys a call, as the app. */
export async function sweepProjectLeads(
  counter: CallCounter,
  keys: readonly string[],
): Promise<Record<string, { leadAccountId: string | null }>> {
  const out: Record<string, { leadAccountId: string | null }> = {};
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 50) {
    const params = new URLSearchParams({ expand: 'lead', maxResults: '50' });
    for (const k of unique.slice(i, i + 50)) params.append('keys', k);
    const res = await send(() => {
      counter.calls += 1;
      return api.asApp().requestJira(route`/rest/api/3/project/search?${params}`, { headers: JSON_HEADERS });
    });
    const page = await readJson('jira', 'search projects', res, ProjectSearchPage);
    for (const p of page.values) out[p.key] = { leadAccountId: p.lead?.accountId ?? null };
  }
  return out;
}

export type NotifyResult = { ok: true } | { ok: false; status: number; message: string };

/**
 * `POST /rest/api/3/issue/{key}/notify` as the app: Jira mails the named users (no egress).
 * 429 and 5xx are retried by `send()`; the result says whether the mail went out.
 */
export async function notifyIssue(counter: CallCounter, issueKey: string, notification: Record<string, unknown>): Promise<NotifyResult> {
  const body = JSON.stringify(notification);
  const res = await send(() => {
    counter.calls += 1;
    return api.asApp().requestJira(route`/rest/api/3/issue/${issueKey}/notify`, { method: 'POST', headers: JSON_HEADERS, body });
  });
  if (res.status === 204 || res.status === 200 || res.status === 202) return { ok: true };
  const text = await res.text();
  return { ok: false, status: res.status, message: new ProductError('jira', 'notify', res.status, text).message };
}

// --- Create metadata: what a project's create screen accepts (docs/platform.md, Jira REST) ---

const CreateMetaIssueTypes = z.object({
  issueTypes: z.array(z.object({ id: z.string(), name: z.string() }).loose()),
  startAt: z.number().optional(),
  maxResults: z.number().optional(),
  total: z.number().optional(),
});
const CreateMetaFields = z.object({
  fields: z.array(
    z.object({ fieldId: z.string(), name: z.string(), required: z.boolean(), hasDefaultValue: z.boolean().optional() }).loose(),
  ),
  startAt: z.number().optional(),
  maxResults: z.number().optional(),
  total: z.number().optional(),
});

export interface CreateScreenField {
  name: string;
  required: boolean;
  hasDefaultValue: boolean;
}

export type CreateMeta =
  | { kind: 'ok'; issueTypeId: string; fields: Record<string, CreateScreenField> }
  /** The project does not exist, or the caller may not create issues in it. */
  | { kind: 'no-project'; status: number }
  /** The project has no issue type of that name; `issueTypes` are the ones it has. */
  | { kind: 'no-type'; issueTypes: string[] };

/** The issue types the caller may create in a project (names and ids), or the status Jira refused with (no such project, or no Create issues). */
export async function createIssueTypes(as: As, projectKey: string): Promise<{ id: string; name: string }[] | { status: number }> {
  const out: { id: string; name: string }[] = [];
  for (let startAt = 0, pages = 0; pages < 10; pages += 1) {
    const params = new URLSearchParams({ startAt: String(startAt), maxResults: '50' });
    const res = await send(() =>
      jira(as).requestJira(route`/rest/api/3/issue/createmeta/${projectKey}/issuetypes?${params}`, { headers: JSON_HEADERS }),
    );
    if (res.status === 400 || res.status === 403 || res.status === 404) return { status: res.status };
    const page = await readJson('jira', 'read the issue types of a project', res, CreateMetaIssueTypes);
    out.push(...page.issueTypes.map((t) => ({ id: t.id, name: t.name })));
    startAt += page.issueTypes.length;
    if (page.issueTypes.length === 0 || page.total === undefined || startAt >= page.total) break;
  }
  return out;
}

/**
 * What creating an issue of type `issueTypeName` in `projectKey` accepts, as the caller: the fields
 * on the create screen (two calls: the project's issue types, then that type's fields).
 */
export async function createMeta(as: As, projectKey: string, issueTypeName: string): Promise<CreateMeta> {
  const types = await createIssueTypes(as, projectKey);
  if (!Array.isArray(types)) return { kind: 'no-project', status: types.status };
  const type = types.find((t) => t.name.toLowerCase() === issueTypeName.toLowerCase());
  if (!type) return { kind: 'no-type', issueTypes: types.map((t) => t.name) };
  const fields: Record<string, CreateScreenField> = {};
  for (let startAt = 0, pages = 0; pages < 10; pages += 1) {
    const params = new URLSearchParams({ startAt: String(startAt), maxResults: '200' });
    const res = await send(() =>
      jira(as).requestJira(route`/rest/api/3/issue/createmeta/${projectKey}/issuetypes/${type.id}?${params}`, { headers: JSON_HEADERS }),
    );
    if (res.status === 400 || res.status === 403 || res.status === 404) return { kind: 'no-project', status: res.status };
    const page = await readJson('jira', 'read the create screen of a project', res, CreateMetaFields);
    for (const f of page.fields) fields[f.fieldId] = { name: f.name, required: f.required, hasDefaultValue: f.hasDefaultValue ?? false };
    startAt += page.fields.length;
    if (page.fields.length === 0 || page.total === undefined || startAt >= page.total) break;
  }
  return { kind: 'ok', issueTypeId: type.id, fields };
}

const ViewIssueUsers = z.array(z.object({ accountId: z.string() }).loose());
const UserActive = z.object({ accountId: z.string(), active: z.boolean() }).loose();

/**
 * Whether Jira would mail `accountId` through `issueKey` (docs/platform.md, Jira: notify mails
 * only active users who may browse the issue): `GET /rest/api/3/user/viewissue/search` with the
 * account id answers it in one call; when it does not, `GET /rest/api/3/user` tells an inactive
 * account from one that may not browse the issue.
 */
export async function sweepUserReach(
  counter: CallCounter,
  accountId: string,
  issueKey: string,
): Promise<'ok' | 'inactive' | 'cannot-browse'> {
  const params = new URLSearchParams({ issueKey, accountId, maxResults: '1' });
  const res = await send(() => {
    counter.calls += 1;
    return api.asApp().requestJira(route`/rest/api/3/user/viewissue/search?${params}`, { headers: JSON_HEADERS });
  });
  if (res.status === 404) return 'cannot-browse';
  const users = await readJson('jira', 'find users who may browse an issue', res, ViewIssueUsers);
  if (users.some((u) => u.accountId === accountId)) return 'ok';
  const who = await send(() => {
    counter.calls += 1;
    return api.asApp().requestJira(route`/rest/api/3/user?accountId=${accountId}`, { headers: JSON_HEADERS });
  });
  if (who.status === 404) return 'inactive';
  const user = await readJson('jira', 'read a user', who, UserActive);
  return user.active ? 'cannot-browse' : 'inactive';
}

// --- What the site offers (settings pickers and checks, as the caller) ---

const LinkTypes = z.object({ issueLinkTypes: z.array(z.object({ name: z.string() }).loose()) });

/** The names of the site's issue link types. */
export async function linkTypeNames(as: As): Promise<string[]> {
  const res = await send(() => jira(as).requestJira(route`/rest/api/3/issueLinkType`, { headers: JSON_HEADERS }));
  return (await readJson('jira', 'list issue link types', res, LinkTypes)).issueLinkTypes.map((t) => t.name);
}

/** The names of the issue types the caller may see on the site. */
export async function issueTypeNames(as: As): Promise<string[]> {
  const res = await send(() => jira(as).requestJira(route`/rest/api/3/issuetype`, { headers: JSON_HEADERS }));
  return [
    ...new Set((await readJson('jira', 'list issue types', res, z.array(z.object({ name: z.string() }).loose()))).map((t) => t.name)),
  ];
}

// ---------------------------------------------------------------------------------------------
// An issue's history: changelog and comments, page by page (docs/platform.md, Jira REST)

// Own properties only: an item without `toString` would otherwise be read as Object.prototype.toString.
const ownProps = (v: unknown) =>
  typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).map((k) => [k, (v as Record<string, unknown>)[k]])) : v;
const HistoryItemShape = z.object({
  field: z.string(),
  from: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  fromString: z.string().nullable().optional(),
  toString: z.string().nullable().optional(),
});
const HistoryItem = z.preprocess((v) => {
  const o = ownProps(v);
  return typeof o === 'object' && o !== null && !Object.hasOwn(o, 'toString') ? { ...o, toString: null } : o;
}, HistoryItemShape);
const ChangelogPage = z.object({
  startAt: z.number(),
  total: z.number().optional(),
  isLast: z.boolean().optional(),
  values: z.array(
    z.object({
      id: z.string(),
      created: z.string(),
      author: z.object({ accountId: z.string() }).loose().optional(),
      items: z.array(HistoryItem).default([]),
    }),
  ),
});
const CommentsPage = z.object({
  startAt: z.number(),
  total: z.number(),
  comments: z.array(
    z.object({ id: z.string(), created: z.string(), author: z.object({ accountId: z.string() }).loose().optional(), body: z.unknown() }),
  ),
});

export interface IssueHistory {
  changes: Array<{
    id: string;
    created: string;
    authorId: string | null;
    items: Array<z.infer<typeof HistoryItemShape>>;
  }>;
  comments: Array<{ id: string; created: string; authorId: string | null; body: unknown }>;
  /** False when the time budget ran out before the last page (what was read is still returned). */
  complete: boolean;
  pages: number;
}

const HISTORY_PAGE = 100;

/**
 * The issue's changelog and comments, oldest first, read page by page as `as` until the last page
 * or until `deadlineMs` (on the clock's `nowMs()`), whichever comes first. Undefined when the issue
 * does not exist or `as` may not browse it.
 */
export async function readIssueHistory(as: As, key: string, deadlineMs: number, nowMs: () => number): Promise<IssueHistory | undefined> {
  const out: IssueHistory = { changes: [], comments: [], complete: true, pages: 0 };
  for (let startAt = 0; ;) {
    if (nowMs() >= deadlineMs) return { ...out, complete: false };
    const res = await send(() =>
      jira(as).requestJira(route`/rest/api/3/issue/${key}/changelog?startAt=${startAt}&maxResults=${HISTORY_PAGE}`, {
        headers: JSON_HEADERS,
      }),
    );
    if (res.status === 404) return undefined;
    const page = await readJson('jira', 'get changelog', res, ChangelogPage);
    out.pages += 1;
    for (const c of page.values) out.changes.push({ id: c.id, created: c.created, authorId: c.author?.accountId ?? null, items: c.items });
    startAt += page.values.length;
    if (page.isLast ?? (page.values.length === 0 || (page.total !== undefined && startAt >= page.total))) break;
    if (page.values.length === 0) break;
  }
  for (let startAt = 0; ;) {
    if (nowMs() >= deadlineMs) return { ...out, complete: false };
    const res = await send(() =>
      jira(as).requestJira(route`/rest/api/3/issue/${key}/comment?startAt=${startAt}&maxResults=${HISTORY_PAGE}&orderBy=created`, {
        headers: JSON_HEADERS,
      }),
    );
    if (res.status === 404) return undefined;
    const page = await readJson('jira', 'get comments', res, CommentsPage);
    out.pages += 1;
    for (const c of page.comments) out.comments.push({ id: c.id, created: c.created, authorId: c.author?.accountId ?? null, body: c.body });
    startAt += page.comments.length;
    if (page.comments.length === 0 || startAt >= page.total) break;
  }
  return out;
}

// --- Transitions ("Won't do" once its manager approved it) ---

const TransitionsJson = z.object({
  transitions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      to: z.object({ statusCategory: z.object({ key: z.string() }).optional() }).loose(),
      fields: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

/**
 * Closes an issue as Won't Do (`resolution` set on a transition into the Done category, when the
 * transition's screen takes one), as `as`. Answers false when no such transition is open to them.
 */
export async function resolveAs(as: As, issueKey: string, resolutionName: string): Promise<boolean> {
  const res = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${issueKey}/transitions?expand=transitions.fields`, { headers: JSON_HEADERS }),
  );
  const list = await readJson('jira', 'read transitions', res, TransitionsJson);
  const t = list.transitions.find((x) => x.to.statusCategory?.key === 'done' && x.fields && 'resolution' in x.fields);
  if (!t) return false;
  const done = await send(() =>
    jira(as).requestJira(route`/rest/api/3/issue/${issueKey}/transitions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ transition: { id: t.id }, fields: { resolution: { name: resolutionName } } }),
    }),
  );
  if (done.status === 204 || done.status === 200) return true;
  if (done.status === 400 || done.status === 403) return false;
  throw new ProductError('jira', 'transition issue', done.status, await done.text());
}
