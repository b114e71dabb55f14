/** myself, user lookup (by id, bulk, search, assignable), and /permissions/check. */
import { z } from 'zod';
import { canBrowse, isSiteAdmin, userBrowsesProject, userInProject, type Ctx } from '../context';
import { BASE_URL } from '../model';
import { json, jiraError, parseJsonBody } from '../http';
import { appUserJson, userJson } from './render';
import { visibleIssue } from './access';

const NO_USER = 'Specified user does not exist or you do not have required permissions';

export function myself(ctx: Ctx) {
  if (ctx.actor.kind === 'app') return json(200, appUserJson());
  const u = ctx.db.user(ctx.actor.accountId);
  if (!u) throw jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']);
  return json(200, userJson(u));
}

export function getUser(ctx: Ctx) {
  const id = ctx.query.get('accountId');
  if (!id) throw jiraError(400, ['The accountId query parameter needs to be provided.']);
  const u = ctx.db.user(id);
  if (!u) throw jiraError(404, [NO_USER]);
  return json(200, userJson(u));
}

function paging(ctx: Ctx, dfltMax: number) {
  const startAt = Number(ctx.query.get('startAt') ?? '0');
  const maxResults = Number(ctx.query.get('maxResults') ?? String(dfltMax));
  if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0) {
    throw jiraError(400, ['startAt and maxResults must be non-negative integers.']);
  }
  return { startAt, maxResults: Math.min(maxResults, 1000) };
}

export function bulkUsers(ctx: Ctx) {
  const ids = ctx.query.getAll('accountId');
  if (ids.length === 0) throw jiraError(400, ['You must specify at least one account ID.']);
  const { startAt, maxResults } = paging(ctx, 10);
  const users = ids.flatMap((id) => {
    const u = ctx.db.user(id);
    return u ? [userJson(u)] : [];
  });
  const values = users.slice(startAt, startAt + maxResults);
  return json(200, {
    self: `${BASE_URL}/rest/api/3/user/bulk?${ctx.query.toString()}`,
    maxResults,
    startAt,
    total: users.length,
    isLast: startAt + maxResults >= users.length,
    values,
  });
}

function matches(query: string, u: { displayName: string; emailAddress: string; accountId: string }): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  if (u.accountId === query) return true;
  const words = [...u.displayName.toLowerCase().split(/\s+/), u.displayName.toLowerCase(), u.emailAddress.toLowerCase()];
  return words.some((w) => w.startsWith(q));
}

export function searchUsers(ctx: Ctx) {
  const query = ctx.query.get('query') ?? ctx.query.get('accountId') ?? '';
  if (query === '' && !ctx.query.has('property')) throw jiraError(400, ["One of 'accountId' or 'query' must be provided."]);
  const { startAt, maxResults } = paging(ctx, 50);
  const list = ctx.db
    .users()
    .filter((u) => u.active && matches(query, u))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  return json(200, list.slice(startAt, startAt + maxResults).map(userJson));
}

export function assignableUsers(ctx: Ctx) {
  const projectKey = ctx.query.get('project');
  const issueKey = ctx.query.get('issueKey') ?? ctx.query.get('issueId');
  let project;
  if (issueKey) project = ctx.db.project(visibleIssue(ctx, issueKey).projectId);
  else if (projectKey) {
    project = ctx.db.projectByIdOrKey(projectKey);
    if (!project || !canBrowse(ctx, project)) throw jiraError(404, [`No project could be found with key '${projectKey}'.`]);
  } else throw jiraError(400, ['One of the following parameters must be provided: project, issueKey, issueId.']);
  if (!project) throw jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
  const query = ctx.query.get('query') ?? ctx.query.get('username') ?? '';
  const accountId = ctx.query.get('accountId');
  const { startAt, maxResults } = paging(ctx, 50);
  const p = project;
  const list = ctx.db
    .users()
    .filter((u) => userInProject(ctx.db, u.accountId, p))
    .filter((u) => (accountId ? u.accountId === accountId : matches(query, u)))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  return json(200, list.slice(startAt, startAt + maxResults).map(userJson));
}

/**
 * GET /rest/api/3/user/viewissue/search: the active users who may browse an issue (`issueKey`)
 * or any issue of a project (`projectKey`), matching `query`/`username`/`accountId`. The caller
 * needs *Browse users and groups*; without it the answer is empty (docs/platform.md, Jira).
 */
export function viewIssueUsers(ctx: Ctx) {
  const issueKey = ctx.query.get('issueKey');
  const projectKey = ctx.query.get('projectKey');
  let project;
  if (issueKey) project = ctx.db.project(visibleIssue(ctx, issueKey).projectId);
  else if (projectKey) {
    project = ctx.db.projectByIdOrKey(projectKey);
    if (!project || !canBrowse(ctx, project)) throw jiraError(404, [`No project could be found with key '${projectKey}'.`]);
  } else throw jiraError(400, ['Either issueKey or projectKey must be provided.']);
  if (!project) throw jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
  const { startAt, maxResults } = paging(ctx, 50);
  // Browse users and groups: every active user of the local site and the app hold it.
  if (ctx.actor.kind === 'user' && !ctx.db.user(ctx.actor.accountId)?.active) return json(200, []);
  const query = ctx.query.get('query') ?? ctx.query.get('username') ?? '';
  const accountId = ctx.query.get('accountId');
  const p = project;
  const list = ctx.db
    .users()
    .slice(0, 1000)
    .filter((u) => userBrowsesProject(ctx.db, u.accountId, p))
    .filter((u) => (accountId ? u.accountId === accountId : matches(query, u)))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  return json(200, list.slice(startAt, startAt + maxResults).map(userJson));
}

const PROJECT_PERMISSIONS = new Set([
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'ASSIGN_ISSUES',
  'ASSIGNABLE_USER',
  'TRANSITION_ISSUES',
  'ADD_COMMENTS',
  'LINK_ISSUES',
  'SCHEDULE_ISSUES',
]);
const GLOBAL_PERMISSIONS = new Set(['ADMINISTER', 'SYSTEM_ADMIN', 'USER_PICKER', 'CREATE_SHARED_OBJECTS', 'BULK_CHANGE']);

const Id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform((v) => String(v));
const CheckBody = z
  .object({
    accountId: z.string().optional(),
    globalPermissions: z.array(z.string()).optional(),
    projectPermissions: z
      .array(z.object({ permissions: z.array(z.string()), projects: z.array(Id).optional(), issues: z.array(Id).optional() }).strict())
      .optional(),
  })
  .strict();

export function checkPermissions(ctx: Ctx) {
  const r = CheckBody.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) throw jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  const body = r.data;
  for (const g of body.globalPermissions ?? []) {
    if (!GLOBAL_PERMISSIONS.has(g)) throw jiraError(404, [`Unrecognized permission keys: [${g}]`]);
  }
  for (const pp of body.projectPermissions ?? []) {
    for (const p of pp.permissions) if (!PROJECT_PERMISSIONS.has(p)) throw jiraError(404, [`Unrecognized permission keys: [${p}]`]);
  }
  // Whose permissions: the named account, else the caller (the app has every project permission).
  // Asking about another account needs Administer Jira; the exception is for Connect apps only, so
  // neither a user without it nor a Forge app (asApp) may (docs/platform.md, Jira REST).
  const caller = ctx.actor.kind === 'user' ? ctx.actor.accountId : undefined;
  if (body.accountId !== undefined && body.accountId !== caller && !(caller !== undefined && isSiteAdmin(ctx.db, caller))) {
    throw jiraError(403, ['You do not have permission to check the permissions of other users. Administer Jira is required.']);
  }
  const who = body.accountId ?? caller;
  if (who !== undefined && !ctx.db.user(who)) throw jiraError(404, [NO_USER]);
  const holds = (permission: string, projectId: string): boolean => {
    const p = ctx.db.project(projectId);
    if (!p) return false;
    if (who === undefined) return true;
    return permission === 'BROWSE_PROJECTS' ? userBrowsesProject(ctx.db, who, p) : userInProject(ctx.db, who, p);
  };
  const globalPermissions = (body.globalPermissions ?? []).filter((g) => {
    if (who === undefined) return g !== 'SYSTEM_ADMIN';
    if (g === 'USER_PICKER' || g === 'CREATE_SHARED_OBJECTS') return true;
    return isSiteAdmin(ctx.db, who) && (g === 'ADMINISTER' || g === 'BULK_CHANGE');
  });
  const projectPermissions = (body.projectPermissions ?? []).flatMap((pp) =>
    pp.permissions.map((permission) => ({
      permission,
      projects: (pp.projects ?? []).filter((id) => holds(permission, id)).map(Number),
      issues: (pp.issues ?? [])
        .filter((id) => {
          const i = ctx.db.issue(id);
          return !!i && holds(permission, i.projectId);
        })
        .map(Number),
    })),
  );
  return json(200, { globalPermissions, projectPermissions });
}
