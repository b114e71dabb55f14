/** Confluence v2 spaces: by id, by keys/ids, and what the caller may do in one. */
import { canEditSpace, canSeeSpace, type Ctx } from '../context';
import { json } from '../http';
import type { SpaceRec } from '../model';
import { page, visibleSpace, wikiBase } from './common';

export function spaceJson(ctx: Ctx, s: Readonly<SpaceRec>) {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    type: 'global',
    status: 'current',
    authorId: s.authorId,
    createdAt: s.createdAt,
    homepageId: s.homepageId ?? undefined,
    spaceOwnerId: s.authorId,
    currentActiveAlias: s.key,
    _links: { webui: `/spaces/${s.key}`, base: wikiBase(ctx) },
  };
}

export function listSpaces(ctx: Ctx) {
  const keys = ctx.query.getAll('keys').flatMap((k) => k.split(','));
  const ids = ctx.query.getAll('ids').flatMap((k) => k.split(','));
  const list = ctx.db
    .spaces()
    .filter((s) => canSeeSpace(ctx, s))
    .filter((s) => (keys.length === 0 || keys.includes(s.key)) && (ids.length === 0 || ids.includes(s.id)));
  return json(
    200,
    page(
      ctx,
      list.map((s) => spaceJson(ctx, s)),
      '/spaces',
    ),
  );
}

export function getSpace(ctx: Ctx) {
  return json(200, spaceJson(ctx, visibleSpace(ctx, ctx.params.id ?? '')));
}

/**
 * `GET /wiki/api/v2/spaces/{id}/operations` (getSpaceOperations): the operations the caller may
 * perform in the space, as `{ operation, targetType }` pairs: everyone who sees the space may read
 * it; its members (not its viewers) may also create pages, blog posts, comments and attachments,
 * which is what `POST /wiki/api/v2/pages` then allows (docs/platform.md, Confluence). 404 when
 * the caller may not see the space.
 */
export function spaceOperations(ctx: Ctx) {
  const s = visibleSpace(ctx, ctx.params.id ?? '');
  const operations = [{ operation: 'read', targetType: 'space' }];
  if (canEditSpace(ctx, s)) {
    for (const targetType of ['page', 'blogpost', 'comment', 'attachment']) operations.push({ operation: 'create', targetType });
  }
  return json(200, { operations });
}
