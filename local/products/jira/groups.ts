/**
 * GET /rest/api/3/group/bulk ("Bulk get groups"): the groups named by `groupName` (or `groupId`),
 * paged. Needs *Browse users and groups* (403 with Jira's message otherwise); a name the site does
 * not have is simply absent (docs/platform.md, Jira: groups). The local site knows a group by its
 * members (`SiteUser.groups`), as notify does; its id is derived from its name, stable across resets.
 */
import { createHash } from 'node:crypto';
import { BASE_URL } from '../model';
import { json, jiraError } from '../http';
import type { Ctx } from '../context';

/** A stable UUID-shaped id for a group name (Jira's group ids are UUIDs). */
export function localGroupId(name: string): string {
  const h = createHash('sha1').update(`group:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Every group of the site, by name, in name order. */
function siteGroups(ctx: Ctx): Array<{ name: string; groupId: string }> {
  const names = new Set(ctx.db.users().flatMap((u) => u.groups ?? []));
  return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, groupId: localGroupId(name) }));
}

export function bulkGroups(ctx: Ctx) {
  // Browse users and groups: every active user of the local site and the app hold it (as for
  // user/viewissue/search); an account that is not active holds nothing.
  if (ctx.actor.kind === 'user' && !ctx.db.user(ctx.actor.accountId)?.active) {
    throw jiraError(403, ['Browse users and groups permission is required to view groups.']);
  }
  const startAt = Number(ctx.query.get('startAt') ?? '0');
  const maxResults = Number(ctx.query.get('maxResults') ?? '50');
  if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0) {
    throw jiraError(400, ['startAt and maxResults must be non-negative integers.']);
  }
  const max = Math.min(maxResults, 1000);
  const names = ctx.query.getAll('groupName');
  const ids = ctx.query.getAll('groupId');
  const all = siteGroups(ctx);
  const wanted = names.length === 0 && ids.length === 0 ? all : all.filter((g) => names.includes(g.name) || ids.includes(g.groupId));
  const values = wanted.slice(startAt, startAt + max);
  return json(200, {
    self: `${BASE_URL}/rest/api/3/group/bulk?${ctx.query.toString()}`,
    maxResults: max,
    startAt,
    total: wanted.length,
    isLast: startAt + max >= wanted.length,
    values,
  });
}
