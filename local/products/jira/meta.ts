/** Projects, issue types, priorities. */
import { canBrowse, type Ctx } from '../context';
import { json } from '../http';
import { BASE_URL, ISSUE_TYPES, PRIORITIES } from '../model';
import { visibleProject } from './access';
import { issueTypeJson, priorityJson, projectJson } from './render';

export function getProject(ctx: Ctx) {
  return json(200, projectJson(ctx.db, visibleProject(ctx, ctx.params.projectIdOrKey ?? '')));
}

export function searchProjects(ctx: Ctx) {
  const startAt = Math.max(0, Number(ctx.query.get('startAt') ?? '0') || 0);
  const maxResults = Math.min(100, Math.max(0, Number(ctx.query.get('maxResults') ?? '50') || 50));
  const query = (ctx.query.get('query') ?? '').toLowerCase();
  const keys = ctx.query.getAll('keys').flatMap((k) => k.split(','));
  const ids = ctx.query.getAll('id').flatMap((k) => k.split(','));
  const list = ctx.db
    .projects()
    .filter((p) => canBrowse(ctx, p))
    .filter((p) => (keys.length === 0 || keys.includes(p.key)) && (ids.length === 0 || ids.includes(p.id)))
    .filter((p) => query === '' || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query))
    .sort((a, b) => a.key.localeCompare(b.key));
  return json(200, {
    self: `${BASE_URL}/rest/api/3/project/search?${ctx.query.toString()}`,
    maxResults,
    startAt,
    total: list.length,
    isLast: startAt + maxResults >= list.length,
    values: list.slice(startAt, startAt + maxResults).map((p) => projectJson(ctx.db, p)),
  });
}

export function issueTypes(_ctx: Ctx) {
  return json(200, ISSUE_TYPES.map((t) => issueTypeJson(t.id)));
}

export function priorities(_ctx: Ctx) {
  return json(200, PRIORITIES.map((p) => priorityJson(p.id)));
}
