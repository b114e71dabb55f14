/** Issue links, link types and remote links (upsert and delete by globalId). */
import { z } from 'zod';
import type { Ctx } from '../context';
import { json, jiraError, noContent, parseJsonBody } from '../http';
import { BASE_URL, LINK_TYPES, linkTypeById, type RemoteLinkRec } from '../model';
import { visibleIssue, workableIssue } from './access';

const NO_LINK = () => jiraError(403, ['You do not have permission to link issues.']);

const API = `${BASE_URL}/rest/api/3`;

function typeJson(t: (typeof LINK_TYPES)[number]) {
  return { id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: `${API}/issueLinkType/${t.id}` };
}

export function linkTypes(_ctx: Ctx) {
  return json(200, { issueLinkTypes: LINK_TYPES.map(typeJson) });
}

const IssueRef = z.object({ id: z.string().optional(), key: z.string().optional() }).passthrough();
const LinkBody = z
  .object({
    type: z.object({ id: z.string().optional(), name: z.string().optional() }).passthrough(),
    inwardIssue: IssueRef,
    outwardIssue: IssueRef,
  })
  .passthrough();

export function createLink(ctx: Ctx) {
  const r = LinkBody.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) throw jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  const t = LINK_TYPES.find((x) => x.id === r.data.type.id || x.name === r.data.type.name);
  if (!t) throw jiraError(404, [`No issue link type with name '${r.data.type.name ?? r.data.type.id ?? ''}' found.`]);
  // Link issues is needed on the issue the link is made from (the inward one); the other must be
  // browsable. Jira answers 404 for both (docs/platform.md, Jira REST).
  const find = (ref: z.infer<typeof IssueRef>, work: boolean) => {
    const k = ref.key ?? ref.id ?? '';
    try {
      return work ? workableIssue(ctx, k, () => jiraError(404, [])) : visibleIssue(ctx, k);
    } catch {
      throw jiraError(404, [`Issue '${k}' does not exist or you do not have permission to see it.`]);
    }
  };
  const inward = find(r.data.inwardIssue, true);
  const outward = find(r.data.outwardIssue, false);
  const dup = ctx.db.linksOf(inward.id).find((l) => l.typeId === t.id && l.inwardIssueId === inward.id && l.outwardIssueId === outward.id);
  if (!dup) {
    ctx.db.batch(() => ctx.db.putLink({ id: ctx.db.nextId('link'), typeId: t.id, inwardIssueId: inward.id, outwardIssueId: outward.id }));
  }
  return { status: 201, headers: {}, body: '' };
}

function linkById(ctx: Ctx) {
  const l = ctx.db.link(ctx.params.linkId ?? '');
  if (!l) throw jiraError(404, ["No issue link with id '" + (ctx.params.linkId ?? '') + "' exists."]);
  const vis = (id: string) => {
    try {
      return visibleIssue(ctx, id);
    } catch {
      throw jiraError(404, ["No issue link with id '" + (ctx.params.linkId ?? '') + "' exists."]);
    }
  };
  return { l, inward: vis(l.inwardIssueId), outward: vis(l.outwardIssueId) };
}

export function getLink(ctx: Ctx) {
  const { l, inward, outward } = linkById(ctx);
  const t = linkTypeById(l.typeId);
  const ref = (i: typeof inward) => ({ id: i.id, key: i.key, self: `${API}/issue/${i.id}` });
  return json(200, {
    id: l.id,
    self: `${API}/issueLink/${l.id}`,
    type: t ? typeJson(t) : undefined,
    inwardIssue: ref(inward),
    outwardIssue: ref(outward),
  });
}

export function deleteLink(ctx: Ctx) {
  const { l, inward } = linkById(ctx);
  workableIssue(ctx, inward.id, () => jiraError(403, ['You do not have permission to delete links in this project.']));
  ctx.db.deleteLink(l);
  return noContent();
}

// --- remote links

function remoteJson(r: Readonly<RemoteLinkRec>, issueId: string) {
  return {
    id: Number(r.id),
    self: `${API}/issue/${issueId}/remotelink/${r.id}`,
    ...(r.globalId !== null ? { globalId: r.globalId } : {}),
    ...(r.application !== null ? { application: r.application } : {}),
    ...(r.relationship !== null ? { relationship: r.relationship } : {}),
    object: r.object,
  };
}

const RemoteBody = z
  .object({
    globalId: z.string().max(255).optional(),
    application: z.record(z.string(), z.unknown()).optional(),
    relationship: z.string().optional(),
    object: z
      .object({
        url: z.string(),
        title: z.string(),
        summary: z.string().optional(),
        icon: z.record(z.string(), z.unknown()).optional(),
        status: z.record(z.string(), z.unknown()).optional(),
      })
      .passthrough(),
  })
  .passthrough();

export function listRemoteLinks(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const globalId = ctx.query.get('globalId');
  const all = ctx.db.remoteLinksOf(i.id);
  if (globalId !== null) {
    const hit = all.find((r) => r.globalId === globalId);
    if (!hit) throw jiraError(404, ['No remote link with the given globalId exists for this issue.']);
    return json(200, remoteJson(hit, i.id));
  }
  return json(
    200,
    all.map((r) => remoteJson(r, i.id)),
  );
}

export function getRemoteLink(ctx: Ctx) {
  const i = visibleIssue(ctx, ctx.params.issueIdOrKey ?? '');
  const hit = ctx.db.remoteLinksOf(i.id).find((r) => r.id === ctx.params.linkId);
  if (!hit) throw jiraError(404, [`No remote link with id '${ctx.params.linkId ?? ''}' exists for this issue.`]);
  return json(200, remoteJson(hit, i.id));
}

export function upsertRemoteLink(ctx: Ctx) {
  const i = workableIssue(ctx, ctx.params.issueIdOrKey ?? '', NO_LINK);
  const r = RemoteBody.safeParse(parseJsonBody(ctx.body, 'jira') ?? {});
  if (!r.success) {
    const errors: Record<string, string> = {};
    for (const issue of r.error.issues) {
      const p = issue.path.join('.');
      errors[p === 'object.url' ? 'url' : p === 'object.title' ? 'title' : p || 'object'] = p.endsWith('title')
        ? 'Title is required.'
        : p.endsWith('url')
          ? 'URL is required.'
          : 'Invalid value.';
    }
    throw jiraError(400, [], errors);
  }
  const existing = r.data.globalId === undefined ? undefined : ctx.db.remoteLinksOf(i.id).find((x) => x.globalId === r.data.globalId);
  const rec: RemoteLinkRec = {
    id: existing?.id ?? ctx.db.nextId('remoteLink'),
    issueId: i.id,
    globalId: r.data.globalId ?? null,
    application: r.data.application ?? null,
    relationship: r.data.relationship ?? null,
    object: r.data.object,
  };
  ctx.db.batch(() => ctx.db.putRemoteLink(rec));
  return json(existing ? 200 : 201, { id: Number(rec.id), self: `${API}/issue/${i.id}/remotelink/${rec.id}` });
}

export function deleteRemoteLinkByGlobalId(ctx: Ctx) {
  const i = workableIssue(ctx, ctx.params.issueIdOrKey ?? '', NO_LINK);
  const globalId = ctx.query.get('globalId');
  if (globalId === null) throw jiraError(400, ['The globalId query parameter is required.']);
  const hits = ctx.db.remoteLinksOf(i.id).filter((x) => x.globalId === globalId);
  if (hits.length === 0) throw jiraError(404, ['No remote link with the given globalId exists for this issue.']);
  ctx.db.batch(() => hits.forEach((h) => ctx.db.deleteRemoteLink(h)));
  return noContent();
}

export function deleteRemoteLinkById(ctx: Ctx) {
  const i = workableIssue(ctx, ctx.params.issueIdOrKey ?? '', NO_LINK);
  const hit = ctx.db.remoteLinksOf(i.id).find((r) => r.id === ctx.params.linkId);
  if (!hit) throw jiraError(404, [`No remote link with id '${ctx.params.linkId ?? ''}' exists for this issue.`]);
  ctx.db.deleteRemoteLink(hit);
  return noContent();
}
