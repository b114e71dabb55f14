/** Confluence v1: permission check (authorize() uses it), page history with contributors, labels. */
import { z } from 'zod';
import { isSiteAdmin, userEditsSpace, userInSpace, type Ctx } from '../context';
import { confluenceV1Error, json, parseJsonBody } from '../http';
import type { PageRec } from '../model';
import { currentVersion, isDraftAuthor, wikiBase } from './common';
import { canSeeSpace } from '../context';

function v1Page(ctx: Ctx): Readonly<PageRec> {
  const id = ctx.params.id ?? '';
  const p = /^\d+$/.test(id) ? ctx.db.page(id) : undefined;
  const s = p && ctx.db.space(p.spaceId);
  if (!p || !s || !canSeeSpace(ctx, s) || p.status === 'trashed' || (p.status === 'draft' && !isDraftAuthor(ctx, p)))
    throw confluenceV1Error(404, `No content found with id: ContentId{id=${id}}`);
  return p;
}

const CheckBody = z
  .object({
    subject: z.object({ type: z.enum(['user', 'group']), identifier: z.string() }),
    operation: z.enum([
      'read',
      'update',
      'delete',
      'create',
      'administer',
      'copy',
      'move',
      'export',
      'purge',
      'purge_version',
      'restore',
      'restrict_content',
      'use',
    ]),
  })
  .strict();

/**
 * POST /wiki/rest/api/content/{id}/permission/check. Asking about yourself needs only 'Can use';
 * asking about anyone else (another user, a group) needs the 'Confluence Administrator' global
 * permission, which the app (asApp) does not hold: 403 otherwise (docs/platform.md, Confluence
 * REST). The local site's Confluence administrators are its site admins.
 */
export function permissionCheck(ctx: Ctx) {
  const r = CheckBody.safeParse(parseJsonBody(ctx.body, 'confluence') ?? {});
  if (!r.success) throw confluenceV1Error(400, 'Invalid permission check request: subject {type, identifier} and operation are required.');
  const caller = ctx.actor.kind === 'user' ? ctx.actor.accountId : undefined;
  const self = caller !== undefined && r.data.subject.type === 'user' && r.data.subject.identifier === caller;
  if (!self && !(caller !== undefined && isSiteAdmin(ctx.db, caller)))
    throw confluenceV1Error(
      403,
      'You are not permitted to check the permissions of another user or group: that needs the Confluence Administrator global permission.',
    );
  const p = v1Page(ctx);
  const s = ctx.db.space(p.spaceId);
  const { subject, operation } = r.data;
  if (subject.type !== 'user')
    return json(200, { hasPermission: false, errors: [{ translation: 'Only user subjects are checked by the local site.' }] });
  // A never-published page is its author's alone until it is published.
  const draftOk = p.status !== 'draft' || subject.identifier === p.authorId;
  const reader = draftOk && !!s && userInSpace(ctx.db, subject.identifier, s);
  const editor = draftOk && !!s && userEditsSpace(ctx.db, subject.identifier, s);
  const allowed =
    (reader && ['read', 'export'].includes(operation)) || (editor && ['update', 'delete', 'create', 'copy', 'move'].includes(operation));
  return json(200, { hasPermission: allowed });
}

function userJson(ctx: Ctx, accountId: string) {
  const u = ctx.db.user(accountId);
  return {
    type: 'known',
    accountId,
    accountType: u ? 'atlassian' : 'app',
    email: u?.emailAddress ?? '',
    publicName: u?.displayName ?? 'App',
    displayName: u?.displayName ?? 'App',
    isExternalCollaborator: false,
    profilePicture: { path: '/wiki/aa-avatar/default.png', width: 48, height: 48, isDefault: true },
    _expandable: {},
    _links: {},
  };
}

export function history(ctx: Ctx) {
  const p = v1Page(ctx);
  const cur = currentVersion(p);
  const publishers = [...new Set(p.versions.map((v) => v.authorId))];
  return json(200, {
    latest: true,
    createdBy: userJson(ctx, p.authorId),
    createdDate: p.createdAt,
    lastUpdated: {
      by: userJson(ctx, cur.authorId),
      when: cur.createdAt,
      friendlyWhen: cur.createdAt,
      message: cur.message,
      number: cur.number,
      minorEdit: cur.minorEdit,
      _expandable: {},
      _links: {},
    },
    contributors: {
      publishers: {
        users: publishers.map((id) => userJson(ctx, id)),
        userKeys: [],
        userAccountIds: publishers,
      },
    },
    _expandable: {},
    _links: { self: `${wikiBase(ctx)}/rest/api/content/${p.id}/history`, base: wikiBase(ctx) },
  });
}

function labelArray(ctx: Ctx, p: Readonly<PageRec>) {
  return {
    results: p.labels.map((l) => ({ prefix: l.prefix, name: l.name, id: l.id, label: l.name })),
    start: 0,
    limit: 200,
    size: p.labels.length,
    _links: { self: `${wikiBase(ctx)}/rest/api/content/${p.id}/label`, base: wikiBase(ctx) },
  };
}

export function getLabels(ctx: Ctx) {
  return json(200, labelArray(ctx, v1Page(ctx)));
}

const AddLabels = z.union([
  z.array(z.object({ prefix: z.string().default('global'), name: z.string().min(1).max(255) })),
  z.object({ prefix: z.string().default('global'), name: z.string().min(1).max(255) }),
]);

export function addLabels(ctx: Ctx) {
  const p = v1Page(ctx);
  const r = AddLabels.safeParse(parseJsonBody(ctx.body, 'confluence') ?? null);
  if (!r.success) throw confluenceV1Error(400, 'Labels must be a list of {prefix, name}.');
  const items = Array.isArray(r.data) ? r.data : [r.data];
  if (items.some((l) => /\s/.test(l.name))) throw confluenceV1Error(400, 'A label cannot contain spaces.');
  const next: PageRec = structuredClone(p) as PageRec;
  ctx.db.batch(() => {
    for (const l of items) {
      const name = l.name.toLowerCase();
      if (!next.labels.some((x) => x.name === name && x.prefix === l.prefix))
        next.labels.push({ id: ctx.db.nextId('label'), name, prefix: l.prefix });
    }
    ctx.db.putPage(next);
  });
  return json(200, labelArray(ctx, next));
}
