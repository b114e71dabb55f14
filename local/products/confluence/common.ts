/** Shared Confluence helpers: visibility, cursor paging, version JSON. */
import { appBlockedFrom, canEditSpace, canSeeSpace, type Ctx } from '../context';
import { confluenceError } from '../http';
import type { PageRec, PageVersion, SpaceRec } from '../model';

/** The Confluence base URL (`_links.base`): the site's own address plus `/wiki`. */
export function wikiBase(ctx: Ctx): string {
  return `${ctx.baseUrl}/wiki`;
}

/** Whether the caller wrote this never-published page (only its author sees a new page's draft). */
export function isDraftAuthor(ctx: Ctx, p: Readonly<PageRec>): boolean {
  return ctx.actor.kind === 'user' && ctx.actor.accountId === p.authorId;
}

/**
 * The page, when the caller may see it: 404 otherwise. A page that was never published is a draft
 * only its author sees, and only where `drafts` allows it (Confluence answers 404 for a draft's id
 * on the published-page read; docs/platform.md, Confluence REST).
 */
export function visiblePage(ctx: Ctx, id: string, opts: { drafts?: boolean; trashed?: boolean } = {}): Readonly<PageRec> {
  const p = /^\d+$/.test(id) ? ctx.db.page(id) : undefined;
  const s = p && ctx.db.space(p.spaceId);
  if (!p || !s || !canSeeSpace(ctx, s) || appBlockedFrom(ctx, s)) throw confluenceError(404, 'Not Found');
  // A deleted page is in the trash: only a read asking for trashed pages finds it.
  if (p.status === 'trashed' && !opts.trashed)
    throw confluenceError(404, `No content found with id: ${p.id} and status [current, archived]`);
  if (p.status === 'draft' && !(opts.drafts && isDraftAuthor(ctx, p))) {
    throw confluenceError(404, `No content found with id: ${p.id} and status [current, archived]`);
  }
  return p;
}

/** A page the caller may see *and* edit: 404 when they cannot see it, 403 when they may only read it. */
export function editablePage(ctx: Ctx, id: string, opts: { drafts?: boolean; trashed?: boolean } = {}): Readonly<PageRec> {
  const p = visiblePage(ctx, id, opts);
  const s = ctx.db.space(p.spaceId);
  if (!s || !canEditSpace(ctx, s)) throw confluenceError(403, 'Forbidden', 'You do not have permission to edit this content.');
  return p;
}

export function visibleSpace(ctx: Ctx, id: string): Readonly<SpaceRec> {
  const s = /^\d+$/.test(id) ? ctx.db.space(id) : undefined;
  if (!s || !canSeeSpace(ctx, s)) throw confluenceError(404, 'Not Found');
  return s;
}

export function versionJson(v: Readonly<PageVersion>) {
  return { createdAt: v.createdAt, message: v.message, number: v.number, minorEdit: v.minorEdit, authorId: v.authorId };
}

export function currentVersion(p: Readonly<PageRec>): Readonly<PageVersion> {
  const v = p.versions[p.versions.length - 1];
  if (!v) throw new Error(`page ${p.id} has no version`);
  return v;
}

/** Cursor paging like Confluence v2: `limit` (1–250, default 25) and an opaque `cursor`. */
export function page<T>(ctx: Ctx, items: T[], basePath: string): { results: T[]; _links: { next?: string; base: string } } {
  const limitRaw = ctx.query.get('limit');
  const limit = limitRaw === null ? 25 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) throw confluenceError(400, `Invalid limit '${limitRaw ?? ''}': use 1 to 250.`);
  const cursor = ctx.query.get('cursor');
  let offset = 0;
  if (cursor !== null) {
    const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Number.isInteger(n) || n < 0) throw confluenceError(400, 'Invalid cursor');
    offset = n;
  }
  const results = items.slice(offset, offset + limit);
  const links: { next?: string; base: string } = { base: wikiBase(ctx) };
  if (offset + limit < items.length) {
    const q = new URLSearchParams(ctx.query);
    q.set('cursor', Buffer.from(String(offset + limit)).toString('base64url'));
    links.next = `/wiki/api/v2${basePath}?${q.toString()}`;
  }
  return { results, _links: links };
}
