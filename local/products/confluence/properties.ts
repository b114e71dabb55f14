/** Confluence v2 page content properties: list (key filter), create, get, update (version + 1), delete. */
import { z } from 'zod';
import type { Ctx } from '../context';
import { confluenceError, json, noContent, parseJsonBody } from '../http';
import type { ContentPropRec } from '../model';
import { page, editablePage, visiblePage } from './common';

function propJson(p: Readonly<ContentPropRec>) {
  return { id: p.id, key: p.key, value: p.value, version: { ...p.version } };
}

function author(ctx: Ctx): string {
  return ctx.actor.kind === 'user' ? ctx.actor.accountId : '557058:forge-app-postmortems';
}

const MAX_VALUE_BYTES = 32_000;

export function listProps(ctx: Ctx) {
  const pg = visiblePage(ctx, ctx.params['page-id'] ?? '', { drafts: true });
  const key = ctx.query.get('key');
  const list = ctx.db.contentPropsOf(pg.id).filter((p) => key === null || p.key === key);
  return json(200, page(ctx, list.map(propJson), `/pages/${pg.id}/properties`));
}

const CreateBody = z.object({ key: z.string().min(1).max(255), value: z.unknown() }).strict();

export function createProp(ctx: Ctx) {
  const pg = editablePage(ctx, ctx.params['page-id'] ?? '', { drafts: true });
  const r = CreateBody.safeParse(parseJsonBody(ctx.body, 'confluence') ?? {});
  if (!r.success || r.data.value === undefined)
    throw confluenceError(400, 'Invalid request', 'A content property needs a key and a value.');
  if (Buffer.byteLength(JSON.stringify(r.data.value)) > MAX_VALUE_BYTES) throw confluenceError(413, 'Content property value too large');
  if (ctx.db.contentPropsOf(pg.id).some((p) => p.key === r.data.key)) {
    throw confluenceError(409, `Cannot add a property with key '${r.data.key}': a property with that key already exists.`);
  }
  const rec: ContentPropRec = ctx.db.batch(() => {
    const p: ContentPropRec = {
      id: ctx.db.nextId('content'),
      pageId: pg.id,
      key: r.data.key,
      value: r.data.value,
      version: { number: 1, message: '', minorEdit: false, authorId: author(ctx), createdAt: ctx.clock.now().toISOString() },
    };
    ctx.db.putContentProp(p);
    return p;
  });
  return json(200, propJson(rec));
}

function findProp(ctx: Ctx, mode: 'read' | 'edit' = 'read') {
  const pg =
    mode === 'edit'
      ? editablePage(ctx, ctx.params['page-id'] ?? '', { drafts: true })
      : visiblePage(ctx, ctx.params['page-id'] ?? '', { drafts: true });
  const p = ctx.db.contentProp(ctx.params['property-id'] ?? '');
  if (!p || p.pageId !== pg.id) throw confluenceError(404, 'Not Found');
  return p;
}

export function getProp(ctx: Ctx) {
  return json(200, propJson(findProp(ctx)));
}

const UpdateBody = z
  .object({
    key: z.string().min(1).max(255),
    value: z.unknown(),
    version: z.object({ number: z.number().int(), message: z.string().optional() }).passthrough(),
  })
  .strict();

export function updateProp(ctx: Ctx) {
  const cur = findProp(ctx, 'edit');
  const r = UpdateBody.safeParse(parseJsonBody(ctx.body, 'confluence') ?? {});
  if (!r.success || r.data.value === undefined)
    throw confluenceError(400, 'Invalid request', 'An update needs key, value and version.number.');
  if (r.data.key !== cur.key) throw confluenceError(400, 'Invalid request', 'The key of a content property cannot be changed.');
  if (r.data.version.number !== cur.version.number + 1) {
    throw confluenceError(
      409,
      `Version must be incremented when updating a property. Current Version: [${cur.version.number}]. Provided version: [${r.data.version.number}]`,
    );
  }
  if (Buffer.byteLength(JSON.stringify(r.data.value)) > MAX_VALUE_BYTES) throw confluenceError(413, 'Content property value too large');
  const next: ContentPropRec = {
    ...structuredClone(cur),
    value: r.data.value,
    version: {
      number: r.data.version.number,
      message: r.data.version.message ?? '',
      minorEdit: false,
      authorId: author(ctx),
      createdAt: ctx.clock.now().toISOString(),
    },
  };
  ctx.db.putContentProp(next);
  return json(200, propJson(next));
}

export function deleteProp(ctx: Ctx) {
  ctx.db.deleteContentProp(findProp(ctx, 'edit'));
  return noContent();
}
