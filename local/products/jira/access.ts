/** Finding issues and projects the actor may see, with Jira's 404s. */
import { canBrowse, canWork, type Ctx } from '../context';
import { HttpError, jiraError } from '../http';
import type { IssueRec, ProjectRec } from '../model';

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export function visibleIssue(ctx: Ctx, idOrKey: string): Readonly<IssueRec> {
  const i = ctx.db.issueByIdOrKey(idOrKey);
  const p = i && ctx.db.project(i.projectId);
  if (!i || !p || !canBrowse(ctx, p)) throw jiraError(404, [ISSUE_NOT_FOUND]);
  return i;
}

/**
 * An issue the actor may browse AND work on (edit, assign, link, transition, set properties); a
 * browse-only person gets `refusal()`, whose status each endpoint takes from the OpenAPI spec.
 */
export function workableIssue(ctx: Ctx, idOrKey: string, refusal: () => HttpError): Readonly<IssueRec> {
  const i = visibleIssue(ctx, idOrKey);
  const p = ctx.db.project(i.projectId);
  if (!p || !canWork(ctx, p)) throw refusal();
  return i;
}

export function issueVisibility(ctx: Ctx): (issueId: string) => boolean {
  return (id) => {
    const i = ctx.db.issue(id);
    const p = i && ctx.db.project(i.projectId);
    return !!p && canBrowse(ctx, p);
  };
}

export function visibleProject(ctx: Ctx, idOrKey: string): Readonly<ProjectRec> {
  const p = ctx.db.projectByIdOrKey(idOrKey);
  if (!p || !canBrowse(ctx, p)) throw jiraError(404, [`No project could be found with key '${idOrKey}'.`]);
  return p;
}

/** `fields=a,b&fields=c` or a JSON array → list. */
export function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name);
  if (all.length === 0) return undefined;
  return all
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
