/**
 * Confluence v2 pages: get, list, create (unique title per space, parent in the space), update
 * (version + 1, parent in the same space), delete (to the trash; purge), labels, versions.
 */
import { z } from 'zod';
import { appBlockedFrom, canEditSpace, canSeeSpace, type Ctx } from '../context';
import { confluenceError, json, noContent, parseJsonBody } from '../http';
import type { PageRec } from '../model';
import { currentVersion, editablePage, page, versionJson, visiblePage, visibleSpace, wikiBase } from './common';

function bodyFormat(ctx: Ctx): 'atlas_doc_format' | undefined {
  const f = ctx.query.get('body-format');
  if (f === null) return undefined;
  if (f === 'atlas_doc_format') return f;
  if (['storage', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'].includes(f)) {
    throw confluenceError(400, `The local site keeps page bodies in atlas_doc_format only; body-format '${f}' is not served.`);
  }
  throw confluenceError(400, `Invalid body-format '${f}'.`);
}

/** The web path of a page (`_links.webui`): its space's real key, its id and its title; a draft's editor. */
function webui(ctx: Ctx, p: Readonly<PageRec>): string {
  const key = ctx.db.space(p.spaceId)?.key ?? p.spaceId;
  if (p.status === 'draft') return `/spaces/${encodeURIComponent(key)}/pages/edit-v2/${p.id}`;
  return `/spaces/${encodeURIComponent(key)}/pages/${p.id}/${encodeURIComponent(p.title.replace(/ /g, '+')).replace(/%2B/g, '+')}`;
}

export function pageJson(
  ctx: Ctx,
  p: Readonly<PageRec>,
  format: 'atlas_doc_format' | undefined,
  extra: { labels?: boolean; versions?: boolean } = {},
) {
  const v = currentVersion(p);
  const out: Record<string, unknown> = {
    id: p.id,
    status: p.status,
    title: p.title,
    spaceId: p.spaceId,
    parentId: p.parentId ?? undefined,
    parentType: p.parentId ? 'page' : undefined,
    position: 0,
    authorId: p.authorId,
    ownerId: p.ownerId,
    lastOwnerId: p.ownerId,
    createdAt: p.createdAt,
    version: versionJson(v),
    body: format ? { atlas_doc_format: { representation: 'atlas_doc_format', value: p.adf } } : {},
    _links: {
      webui: webui(ctx, p),
      editui: `/pages/resumedraft.action?draftId=${p.id}`,
      tinyui: `/x/${Buffer.from(p.id).toString('base64url')}`,
      base: wikiBase(ctx),
    },
  };
  if (extra.labels) out.labels = { results: p.labels.map((l) => ({ ...l })), meta: { hasMore: false, cursor: '' }, _links: {} };
  if (extra.versions)
    out.versions = { results: [...p.versions].reverse().map(versionJson), meta: { hasMore: false, cursor: '' }, _links: {} };
  return out;
}

/** The unpublished changes of a published page, shaped as Confluence answers `get-draft=true`. */
function draftJson(ctx: Ctx, p: Readonly<PageRec>, d: NonNullable<PageRec['draft']>, format: 'atlas_doc_format' | undefined) {
  const base = pageJson(ctx, p, undefined);
  return {
    ...base,
    status: 'draft',
    title: d.title,
    version: { createdAt: d.updatedAt, message: '', number: 1, minorEdit: false, authorId: d.authorId },
    body: format ? { atlas_doc_format: { representation: 'atlas_doc_format', value: d.adf } } : {},
    _links: {
      ...(base._links as Record<string, string>),
      webui: `/spaces/${encodeURIComponent(ctx.db.space(p.spaceId)?.key ?? p.spaceId)}/pages/edit-v2/${p.id}`,
    },
  };
}

/** Whether the caller may see the unpublished changes of a published page: those who may edit it. */
function seesDraftOf(ctx: Ctx, p: Readonly<PageRec>): boolean {
  const s = ctx.db.space(p.spaceId);
  return !!s && canEditSpace(ctx, s);
}

/**
 * GET /pages/{id}. A page never published answers 404 unless the caller (its author) asks for
 * drafts (`get-draft=true` or `status=draft`); a published page answers its published version, or
 * with `get-draft=true` its unpublished changes (404 when it has none). docs/platform.md, Confluence REST.
 */
export function getPage(ctx: Ctx) {
  const statuses = ctx.query.getAll('status').flatMap((s) => s.split(','));
  const getDraft = ctx.query.get('get-draft') === 'true';
  const wantsDraft = getDraft || statuses.includes('draft');
  const p = visiblePage(ctx, ctx.params.id ?? '', { drafts: wantsDraft, trashed: statuses.includes('trashed') });
  const format = bodyFormat(ctx);
  if (p.status === 'current') {
    if (getDraft) {
      if (!p.draft || !seesDraftOf(ctx, p)) throw confluenceError(404, `No content found with id: ${p.id} and status [draft]`);
      return json(200, draftJson(ctx, p, p.draft, format));
    }
    if (statuses.length > 0 && !statuses.includes('current'))
      throw confluenceError(404, `No content found with id: ${p.id} and status [${statuses.join(', ')}]`);
  }
  return json(
    200,
    pageJson(ctx, p, format, {
      labels: ctx.query.get('include-labels') === 'true',
      versions: ctx.query.get('include-versions') === 'true',
    }),
  );
}

export function listPages(ctx: Ctx) {
  const format = bodyFormat(ctx);
  const spaceIds = ctx.query.getAll('space-id').flatMap((s) => s.split(','));
  const ids = ctx.query.getAll('id').flatMap((s) => s.split(','));
  const title = ctx.query.get('title');
  const list = ctx.db
    .pages()
    .filter((p) => {
      const s = ctx.db.space(p.spaceId);
      return !!s && canSeeSpace(ctx, s) && !appBlockedFrom(ctx, s);
    })
    .filter((p) => p.status === 'current')
    .filter((p) => (spaceIds.length === 0 || spaceIds.includes(p.spaceId)) && (ids.length === 0 || ids.includes(p.id)))
    .filter((p) => title === null || p.title === title);
  return json(
    200,
    page(
      ctx,
      list.map((p) => pageJson(ctx, p, format)),
      '/pages',
    ),
  );
}

export function listSpacePages(ctx: Ctx) {
  const s = visibleSpace(ctx, ctx.params.id ?? '');
  const format = bodyFormat(ctx);
  const title = ctx.query.get('title');
  const list = appBlockedFrom(ctx, s)
    ? []
    : ctx.db.pages().filter((p) => p.spaceId === s.id && p.status === 'current' && (title === null || p.title === title));
  return json(
    200,
    page(
      ctx,
      list.map((p) => pageJson(ctx, p, format)),
      `/spaces/${s.id}/pages`,
    ),
  );
}

const Body = z.object({ representation: z.enum(['atlas_doc_format', 'storage', 'wiki']), value: z.string() });

const CreateBody = z
  .object({
    spaceId: z.string(),
    status: z.enum(['current', 'draft']).optional(),
    title: z.string().max(255).optional(),
    parentId: z.string().optional(),
    body: Body.optional(),
    subtype: z.string().optional(),
  })
  .strict();

const UpdateBody = z
  .object({
    id: z.string(),
    status: z.enum(['current', 'draft']),
    title: z.string().min(1).max(255),
    spaceId: z.string().optional(),
    parentId: z.string().optional(),
    ownerId: z.string().optional(),
    body: Body,
    version: z.object({ number: z.number().int(), message: z.string().optional() }).passthrough(),
  })
  .strict();

function zodDetail(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

function adfValue(body: z.infer<typeof Body> | undefined): string {
  if (!body) return JSON.stringify({ type: 'doc', version: 1, content: [] });
  if (body.representation !== 'atlas_doc_format') {
    throw confluenceError(
      400,
      `The local site stores atlas_doc_format bodies only; representation '${body.representation}' is not accepted.`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body.value);
  } catch {
    throw confluenceError(400, 'Invalid atlas_doc_format body', 'The body value is not valid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || (doc as { type?: unknown }).type !== 'doc') {
    throw confluenceError(400, 'Invalid atlas_doc_format body', 'The body value must be an ADF document (type "doc").');
  }
  return body.value;
}

/** A page's parent: a published page of the same space (Confluence does not nest pages across spaces). */
function checkParent(ctx: Ctx, spaceId: string, parentId: string, childId?: string): void {
  const parent = /^\d+$/.test(parentId) ? ctx.db.page(parentId) : undefined;
  if (!parent || parent.spaceId !== spaceId || parent.status !== 'current')
    throw confluenceError(400, 'Invalid parentId', `Page ${parentId} is not a published page in space ${spaceId}.`);
  if (childId === undefined) return;
  // Moving a page under itself or one of its descendants would cut it out of the tree.
  for (let at: Readonly<PageRec> | undefined = parent, hops = 0; at && hops < 1000; hops += 1) {
    if (at.id === childId) throw confluenceError(400, 'Invalid parentId', `Page ${parentId} is page ${childId} or below it.`);
    at = at.parentId ? ctx.db.page(at.parentId) : undefined;
  }
}

function titleTaken(ctx: Ctx, spaceId: string, title: string, exceptId?: string): boolean {
  return ctx.db.pages().some((p) => p.spaceId === spaceId && p.title === title && p.id !== exceptId && p.status === 'current');
}

export function createPage(ctx: Ctx) {
  const r = CreateBody.safeParse(parseJsonBody(ctx.body, 'confluence') ?? {});
  if (!r.success) throw confluenceError(400, 'Invalid request', zodDetail(r.error));
  const b = r.data;
  const s = ctx.db.space(b.spaceId);
  if (!s || !canSeeSpace(ctx, s)) throw confluenceError(404, 'Space not found', `No space with id ${b.spaceId}`);
  // An app access rule on the space: the app may not create content there ("Create page": 404
  // when the caller lacks the permission to create a page in the space).
  if (appBlockedFrom(ctx, s)) throw confluenceError(404, 'Not Found', 'An app access rule blocks this app from the content of this space.');
  if (!canEditSpace(ctx, s)) throw confluenceError(403, 'Forbidden', 'You do not have permission to create content in this space.');
  if (b.parentId !== undefined) checkParent(ctx, s.id, b.parentId);
  const status = b.status ?? 'current';
  // A published page needs a title; a draft may have none yet.
  const title = b.title ?? '';
  if (status === 'current' && title.trim() === '') throw confluenceError(400, 'Invalid request', 'title: a published page needs a title.');
  if (status === 'current' && titleTaken(ctx, s.id, title)) {
    throw confluenceError(400, 'A page with this title already exists: A page already exists with the same TITLE in this space');
  }
  const adf = adfValue(b.body);
  const now = ctx.clock.now().toISOString();
  const author = ctx.actor.kind === 'user' ? ctx.actor.accountId : '557058:forge-app-postmortems';
  const rec: PageRec = ctx.db.batch(() => {
    const p: PageRec = {
      id: ctx.db.nextId('content'),
      spaceId: s.id,
      parentId: b.parentId ?? s.homepageId,
      title,
      status,
      adf,
      authorId: author,
      ownerId: author,
      createdAt: now,
      versions: [{ number: 1, message: '', minorEdit: false, authorId: author, createdAt: now }],
      labels: [],
    };
    ctx.db.putPage(p);
    return p;
  });
  return json(200, pageJson(ctx, rec, 'atlas_doc_format'), { location: `/wiki/api/v2/pages/${rec.id}` });
}

/**
 * PUT /pages/{id}. `status: "current"` publishes: the next version of a published page (version =
 * current + 1, else 409), or the first version of a never-published page (version 1). `status:
 * "draft"` saves unpublished changes (version 1, as Confluence requires for drafts) without
 * touching the published versions. docs/platform.md, Confluence REST.
 */
export function updatePage(ctx: Ctx) {
  const p = editablePage(ctx, ctx.params.id ?? '', { drafts: true });
  const r = UpdateBody.safeParse(parseJsonBody(ctx.body, 'confluence') ?? {});
  if (!r.success) throw confluenceError(400, 'Invalid request', zodDetail(r.error));
  const b = r.data;
  if (b.id !== p.id) throw confluenceError(400, 'Invalid request', `The id in the body (${b.id}) does not match the page id (${p.id}).`);
  // "Update page": `spaceId` does not move a page to another space; `parentId` moves it within its space.
  if (b.spaceId !== undefined && b.spaceId !== p.spaceId)
    throw confluenceError(400, 'Invalid request', 'Moving a page to a different space is not supported.');
  if (b.parentId !== undefined && b.parentId !== p.parentId) checkParent(ctx, p.spaceId, b.parentId, p.id);
  const adf = adfValue(b.body);
  const author = ctx.actor.kind === 'user' ? ctx.actor.accountId : '557058:forge-app-postmortems';
  const now = ctx.clock.now().toISOString();
  if (b.status === 'draft') {
    if (b.version.number !== 1)
      throw confluenceError(400, `Invalid version: saving a draft takes version number 1 (got ${b.version.number}).`);
    const next: PageRec =
      p.status === 'draft'
        ? { ...structuredClone(p), title: b.title, adf, parentId: b.parentId ?? p.parentId }
        : { ...structuredClone(p), draft: { title: b.title, adf, authorId: author, updatedAt: now } };
    ctx.db.putPage(next);
    return json(
      200,
      next.status === 'draft' ? pageJson(ctx, next, 'atlas_doc_format') : draftJson(ctx, next, next.draft!, 'atlas_doc_format'),
    );
  }
  if (p.status === 'draft') {
    if (b.version.number !== 1) {
      throw confluenceError(409, `Version must be 1 when publishing a draft for the first time. Provided version: [${b.version.number}]`);
    }
  } else {
    const cur = currentVersion(p);
    if (b.version.number !== cur.number + 1) {
      throw confluenceError(
        409,
        `Version must be incremented when updating a page. Current Version: [${cur.number}]. Provided version: [${b.version.number}]`,
      );
    }
  }
  if (b.title.trim() === '') throw confluenceError(400, 'Invalid request', 'title: a published page needs a title.');
  if ((p.status === 'draft' || b.title !== p.title) && titleTaken(ctx, p.spaceId, b.title, p.id)) {
    throw confluenceError(400, 'A page with this title already exists: A page already exists with the same TITLE in this space');
  }
  const version = { number: b.version.number, message: b.version.message ?? '', minorEdit: false, authorId: author, createdAt: now };
  const next: PageRec = {
    ...structuredClone(p),
    title: b.title,
    status: 'current',
    adf,
    parentId: b.parentId ?? p.parentId,
    ...(p.status === 'draft'
      ? { createdAt: now, versions: [version], draft: null }
      : { versions: [...p.versions.map((v) => ({ ...v })), version] }),
  };
  ctx.db.putPage(next);
  return json(200, pageJson(ctx, next, 'atlas_doc_format'));
}

/**
 * DELETE /pages/{id}. `draft=true` discards a draft: a never-published page, or a published page's
 * unpublished changes (not sent to the trash). Without it a published page goes to the trash
 * (reads answer 404 unless they ask for `status=trashed`, and its title is free again); `purge=true`
 * on a trashed page removes it for good. docs/platform.md, Confluence REST.
 */
export function deletePage(ctx: Ctx) {
  if (ctx.query.get('draft') === 'true') {
    const p = editablePage(ctx, ctx.params.id ?? '', { drafts: true });
    if (p.status === 'draft') ctx.db.deletePage(p);
    else if (p.draft) ctx.db.putPage({ ...structuredClone(p), draft: null });
    else throw confluenceError(404, `No content found with id: ${p.id} and status [draft]`);
    return noContent();
  }
  if (ctx.query.get('purge') === 'true') {
    const p = editablePage(ctx, ctx.params.id ?? '', { trashed: true });
    if (p.status !== 'trashed') throw confluenceError(400, `Page ${p.id} is not in the trash: delete it first, then purge it.`);
    ctx.db.deletePage(p);
    return noContent();
  }
  const p = editablePage(ctx, ctx.params.id ?? '');
  if (p.status !== 'current') throw confluenceError(404, `No content found with id: ${p.id} and status [current]`);
  ctx.db.putPage({ ...structuredClone(p), status: 'trashed', draft: null });
  return noContent();
}

export function pageLabels(ctx: Ctx) {
  const p = visiblePage(ctx, ctx.params.id ?? '');
  const prefix = ctx.query.get('prefix');
  const labels = p.labels.filter((l) => prefix === null || l.prefix === prefix).map((l) => ({ ...l }));
  return json(200, page(ctx, labels, `/pages/${p.id}/labels`));
}

export function pageVersions(ctx: Ctx) {
  const p = visiblePage(ctx, ctx.params.id ?? '');
  const list = [...p.versions].reverse().map((v) => ({ ...versionJson(v), page: { id: p.id, title: p.title } }));
  return json(200, page(ctx, list, `/pages/${p.id}/versions`));
}
