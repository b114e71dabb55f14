/**
 * An issue's history as Jira keeps it: a changelog entry for each edit, assignment and transition
 * (the fields that changed, from and to, by whom and when), and comments.
 *
 * - GET /rest/api/3/issue/{issueIdOrKey}/changelog: `PageBeanChangelog`, oldest first, paged by
 *   `startAt`/`maxResults` (at most 100 a page), Browse projects needed (docs/platform.md, Jira REST).
 * - GET /rest/api/3/issue/{issueIdOrKey}/comment: `PageOfComments`, oldest first unless
 *   `orderBy=-created`, paged the same way.
 * - POST /rest/api/3/issue/{issueIdOrKey}/comment: adds a comment (an ADF `body`); Add comments is
 *   the project's members' (not the browse-only role's).
 */
import { z } from 'zod';
import { APP_ACCOUNT_ID, canWork, type Ctx } from '../context';
import { json, jiraError, jiraTime, parseJsonBody } from '../http';
import {
  BASE_URL,
  PRIORITIES,
  RESOLUTIONS,
  statusById,
  type ChangeItemRec,
  type ChangelogRec,
  type CommentRec,
  type IssueRec,
  type UserRec,
} from '../model';
import type { Db } from '../db';
import { visibleIssue } from './access';
import { appUserJson, userJson } from './render';

const API = `${BASE_URL}/rest/api/3`;
const MAX_PAGE = 100;

function name(db: Db, accountId: string | null): string | null {
  if (accountId === null) return null;
  return db.user(accountId)?.displayName ?? accountId;
}

/** The changed fields between two versions of an issue, as Jira's changelog items. */
export function changeItems(db: Db, prev: Readonly<IssueRec>, next: Readonly<IssueRec>): ChangeItemRec[] {
  const items: ChangeItemRec[] = [];
  const item = (field: string, from: string | null, fromString: string | null, to: string | null, toString: string | null) =>
    items.push({ field, fieldId: field, from, fromString, to, toString });
  if (prev.summary !== next.summary) item('summary', null, prev.summary, null, next.summary);
  if (prev.statusId !== next.statusId)
    item('status', prev.statusId, statusById(prev.statusId)?.name ?? null, next.statusId, statusById(next.statusId)?.name ?? null);
  const res = (i: Readonly<IssueRec>) => (i.resolutiondate === null ? null : (i.resolutionId ?? '10000'));
  if (res(prev) !== res(next)) {
    const label = (id: string | null) => (id === null ? null : (RESOLUTIONS.find((r) => r.id === id)?.name ?? null));
    item('resolution', res(prev), label(res(prev)), res(next), label(res(next)));
  }
  if (prev.priorityId !== next.priorityId) {
    const label = (id: string) => PRIORITIES.find((p) => p.id === id)?.name ?? null;
    item('priority', prev.priorityId, label(prev.priorityId), next.priorityId, label(next.priorityId));
  }
  if (prev.assignee !== next.assignee) item('assignee', prev.assignee, name(db, prev.assignee), next.assignee, name(db, next.assignee));
  if (prev.duedate !== next.duedate) item('duedate', prev.duedate, prev.duedate, next.duedate, next.duedate);
  if (prev.labels.join(' ') !== next.labels.join(' ')) item('labels', null, prev.labels.join(' '), null, next.labels.join(' '));
  return items;
}

/** Records what changed from `prev` to `next` (nothing when no tracked field changed). */
export function recordChange(ctx: Ctx, prev: Readonly<IssueRec>, next: Readonly<IssueRec>): void {
  const items = changeItems(ctx.db, prev, next);
  if (items.length === 0) return;
  ctx.db.putChangelog({
    id: ctx.db.nextId('changelog'),
    issueId: next.id,
    authorId: ctx.actor.kind === 'user' ? ctx.actor.accountId : null,
    created: next.updated,
    items,
  });
}

/** `UserDetails` (no locale: the schema has none). */
function authorJson(db: Db, accountId: string | null) {
  const u =
    accountId === null || accountId === APP_ACCOUNT_ID
      ? appUserJson()
      : db.user(accountId)
        ? userJson(db.user(accountId) as UserRec)
        : undefined;
  if (!u) return undefined;
  const { locale: _locale, ...details } = u;
  return details;
}

function paging(ctx: Ctx): { startAt: number; maxResults: number } {
  const startAt = Number(ctx.query.get('startAt') ?? 0);
  const maxResults = Number(ctx.query.get('maxResults') ?? MAX_PAGE);
  if (!Number.isInteger(startAt) || startAt < 0) throw jiraError(400, ["The 'startAt' parameter must be a non-negative integer."]);
  if (!Number.isInteger(maxResults) || maxResults < 0) throw jiraError(400, ["The 'maxResults' parameter must be a non-negative integer."]);
  return { startAt, maxResults: Math.min(maxResults, MAX_PAGE) };
}

function dropNulls<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as Partial<T>;
}

export function getChangelog(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const { startAt, maxResults } = paging(ctx);
  const all = ctx.db.changelogOf(i.id);
  const page = all.slice(startAt, startAt + maxResults);
  const isLast = startAt + page.length >= all.length;
  const self = `${API}/issue/${i.id}/changelog`;
  return json(200, {
    self: `${self}?maxResults=${maxResults}&startAt=${startAt}`,
    ...(isLast ? {} : { nextPage: `${self}?maxResults=${maxResults}&startAt=${startAt + page.length}` }),
    maxResults,
    startAt,
    total: all.length,
    isLast,
    values: page.map((c: Readonly<ChangelogRec>) => {
      const author = authorJson(ctx.db, c.authorId);
      return {
        id: c.id,
        ...(author ? { author } : {}),
        created: jiraTime(c.created),
        items: c.items.map((x) => ({ ...dropNulls(x), fieldtype: 'jira' })),
      };
    }),
  });
}

function commentJson(ctx: Ctx, i: Readonly<IssueRec>, c: Readonly<CommentRec>) {
  const author = authorJson(ctx.db, c.authorId);
  return {
    self: `${API}/issue/${i.id}/comment/${c.id}`,
    id: c.id,
    ...(author ? { author, updateAuthor: author } : {}),
    body: c.body,
    created: jiraTime(c.created),
    updated: jiraTime(c.updated),
    jsdPublic: true,
  };
}

export function getComments(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const { startAt, maxResults } = paging(ctx);
  const order = ctx.query.get('orderBy') ?? 'created';
  if (!['created', '+created', '-created'].includes(order)) throw jiraError(400, [`The 'orderBy' value '${order}' is not valid.`]);
  const all = ctx.db.commentsOf(i.id);
  if (order === '-created') all.reverse();
  const page = all.slice(startAt, startAt + maxResults);
  return json(200, { startAt, maxResults, total: all.length, comments: page.map((c) => commentJson(ctx, i, c)) });
}

const CommentBody = z.object({ body: z.object({ type: z.literal('doc') }).passthrough() }).passthrough();

export function addComment(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const p = ctx.db.project(i.projectId);
  if (!p || !canWork(ctx, p)) throw jiraError(400, ['You do not have the permission to comment on this issue.']);
  const r = CommentBody.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) throw jiraError(400, ['Comment body can not be empty!']);
  const now = ctx.clock.now().toISOString();
  const c: CommentRec = {
    id: ctx.db.nextId('comment'),
    issueId: i.id,
    authorId: ctx.actor.kind === 'user' ? ctx.actor.accountId : null,
    body: r.data.body,
    created: now,
    updated: now,
  };
  ctx.db.putComment(c);
  return json(201, commentJson(ctx, i, c));
}
