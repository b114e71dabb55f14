/**
 * The endpoints behind the @forge/bridge host (local/host/client/host.js), called by a host page
 * on behalf of a Custom UI iframe, as the signed-in user (cookie):
 *
 *   POST /__host/invoke        {moduleKey, localId, target, resolver, payload} → the module's resolver
 *   POST /__host/fetch         {product, restPath, method, headers, body}     → requestJira/requestConfluence
 *   POST /__host/macro-config  {pageId, localId, config}                       → view.submit in the macro's config
 *   POST /__host/user          form: accountId, returnTo                       → the user switcher
 *   POST /__host/csp-report    a browser's content security policy report       → GET /__site/csp-reports
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { realNow } from '../runtime/virtual-date';
import { z } from 'zod';
import { InvocationFailure, type ExtensionTarget } from '../runtime';
import { setMacroConfig } from '../host/forge-macro';
import { ProductClient } from '../host/product-client';
import { USER_COOKIE, type HostRequest } from '../host/request';
import { CSP_REPORT_PATH } from './custom-ui-policy';
import { HttpError, readBody, readJson, redirect, sendJson } from './http-util';

const Json = z.record(z.string(), z.unknown());
const Space = z.object({ key: z.string(), id: z.string() });
const Content = z.object({ id: z.string(), type: z.string().optional() });
const Target = z.discriminatedUnion('type', [
  z.object({ type: z.literal('macro'), content: Content, space: Space, config: Json.optional(), isEditing: z.boolean().optional() }),
  z.object({ type: z.literal('macro-config'), content: Content, space: Space, config: Json.optional() }),
  z.object({
    type: z.literal('jira:issuePanel'),
    issue: z.object({ key: z.string(), id: z.string(), type: z.string(), typeId: z.string().optional() }),
    project: z.object({ key: z.string(), id: z.string(), type: z.string().optional() }),
  }),
  z.object({
    type: z.literal('jira:issueContext'),
    issue: z.object({ key: z.string(), id: z.string(), type: z.string(), typeId: z.string().optional() }),
    project: z.object({ key: z.string(), id: z.string(), type: z.string().optional() }),
  }),
  z.object({ type: z.literal('jira:globalPage') }),
  z.object({ type: z.literal('jira:adminPage') }),
]);

const InvokeBody = z.object({
  moduleKey: z.string().min(1),
  localId: z.string().min(1),
  target: Target,
  resolver: z.string().min(1),
  payload: z.unknown().optional(),
});
const FetchBody = z.object({
  product: z.enum(['jira', 'confluence']),
  restPath: z.string().startsWith('/'),
  method: z.string().min(1).max(10).default('GET'),
  headers: z.array(z.tuple([z.string(), z.string()])).default([]),
  body: z.string().nullable().optional(),
});
const CspReportBody = z.object({
  'csp-report': z
    .object({
      'document-uri': z.string().optional(),
      'violated-directive': z.string().optional(),
      'effective-directive': z.string().optional(),
      'blocked-uri': z.string().optional(),
    })
    .loose(),
});
const MacroConfigBody = z.object({ pageId: z.string().regex(/^\d+$/), localId: z.string().min(1), config: Json });

const PageForEdit = z
  .object({
    id: z.coerce.string(),
    title: z.string(),
    status: z.string().optional(),
    version: z.object({ number: z.number() }).loose(),
    body: z.object({ atlas_doc_format: z.object({ value: z.string() }).loose() }).loose(),
  })
  .loose();

function toTarget(t: z.infer<typeof Target>): ExtensionTarget {
  switch (t.type) {
    case 'macro':
      return {
        type: 'macro',
        content: t.content,
        space: t.space,
        ...(t.config ? { config: t.config } : {}),
        ...(t.isEditing !== undefined ? { isEditing: t.isEditing } : {}),
      };
    case 'macro-config':
      return { type: 'macro-config', content: t.content, space: t.space, ...(t.config ? { config: t.config } : {}) };
    case 'jira:issuePanel':
    case 'jira:issueContext':
      return {
        type: t.type,
        issue: { key: t.issue.key, id: t.issue.id, type: t.issue.type, ...(t.issue.typeId ? { typeId: t.issue.typeId } : {}) },
        project: { key: t.project.key, id: t.project.id, ...(t.project.type ? { type: t.project.type } : {}) },
      };
    case 'jira:globalPage':
    case 'jira:adminPage':
      return { type: t.type };
  }
}

function requireUser(h: HostRequest): string {
  if (!h.user) throw new HttpError(401, 'Nobody is signed in: the site has no users. Reset it to the demo seed.');
  return h.user.accountId;
}

export async function handleBridge(h: HostRequest, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const { site } = h;
  const path = h.url.pathname;
  if (req.method !== 'POST') return false;

  if (path === CSP_REPORT_PATH) {
    let report: unknown;
    try {
      report = JSON.parse(await readBody(req, 64 * 1024));
    } catch {
      throw new HttpError(400, 'A content security policy report is JSON.');
    }
    const r = CspReportBody.safeParse(report);
    if (!r.success) throw new HttpError(400, 'Not a content security policy report.');
    const v = r.data['csp-report'];
    const entry = {
      at: new Date(realNow()).toISOString(),
      directive: v['effective-directive'] ?? v['violated-directive'] ?? '',
      blocked: v['blocked-uri'] ?? '',
      document: v['document-uri'] ?? '',
    };
    site.cspReports.push(entry);
    if (site.cspReports.length > 500) site.cspReports.shift();
    console.warn(
      `[local-site] The Custom UI content security policy refused ${entry.blocked || 'something'} (${entry.directive}) in ${entry.document}: Forge would refuse it too.`,
    );
    res.writeHead(204).end();
    return true;
  }

  if (path === '/__host/user') {
    const form = new URLSearchParams(await readBody(req));
    const accountId = form.get('accountId') ?? '';
    if (!h.users.some((u) => u.accountId === accountId)) throw new HttpError(400, `No active user "${accountId}".`);
    const back = form.get('returnTo') ?? '/';
    redirect(res, back.startsWith('/') && !back.startsWith('//') ? back : '/', [
      `${USER_COOKIE}=${encodeURIComponent(accountId)}; Path=/; SameSite=Lax`,
    ]);
    return true;
  }

  if (path === '/__host/jira/transition') {
    // The issue view's status control: a form post, as the signed-in person, then back to the issue.
    const form = new URLSearchParams(await readBody(req));
    const accountId = requireUser(h);
    const key = form.get('issueKey') ?? '';
    if (!/^[A-Z][A-Z0-9_]*-\d+$/.test(key)) throw new HttpError(400, `"${key.slice(0, 40)}" is not an issue key.`);
    const client = new ProductClient(site.products, accountId);
    const issuePath = `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`;
    const offered = z
      .object({ transitions: z.array(z.object({ id: z.string(), hasScreen: z.boolean().optional() }).loose()) })
      .safeParse((await client.call('jira', 'GET', issuePath)).json);
    const id = form.get('transitionId') ?? '';
    const screen = offered.success && offered.data.transitions.find((t) => t.id === id)?.hasScreen === true;
    const resolution = form.get('resolution');
    const done = await client.call('jira', 'POST', issuePath, {
      transition: { id },
      ...(screen && resolution ? { fields: { resolution: { name: resolution } } } : {}),
    });
    const back = `/jira/browse/${key}`;
    if (done.status === 204) redirect(res, back);
    else {
      const said = z.object({ errorMessages: z.array(z.string()), errors: z.record(z.string(), z.string()) }).safeParse(done.json);
      const message = said.success
        ? [...said.data.errorMessages, ...Object.values(said.data.errors)].join(' ')
        : `Jira answered ${done.status}.`;
      redirect(res, `${back}?transitionError=${encodeURIComponent(message || `Jira answered ${done.status}.`)}`);
    }
    return true;
  }

  if (path === '/__host/invoke') {
    const body = await readJson(req, InvokeBody);
    const accountId = requireUser(h);
    const module = site.manifest.uiModules.find((m) => m.key === body.moduleKey);
    if (!module?.resolverFunction) throw new HttpError(400, `Module "${body.moduleKey}" has no resolver.`);
    // An admin page's resolver is reachable only by Jira admins, as the page is (docs/platform.md, Custom UI).
    if (module.type === 'jira:adminPage' && !(await new ProductClient(site.products, accountId).isJiraAdmin())) {
      sendJson(res, 403, { error: { status: 403, code: 'FORBIDDEN', message: `Only Jira administrators may use ${module.title}.` } });
      return true;
    }
    try {
      const result = await site.runtime.invokeResolver({
        functionKey: module.resolverFunction,
        moduleKey: module.key,
        resolver: body.resolver,
        payload: body.payload ?? {},
        accountId,
        localId: body.localId,
        target: toTarget(body.target),
      });
      sendJson(res, 200, { result: result ?? null });
    } catch (e) {
      if (!(e instanceof InvocationFailure)) throw e;
      const status = e.code === 'FUNCTION_TIME_OUT' ? 504 : e.code === 'BAD_REQUEST' ? 400 : 500;
      sendJson(res, status, { error: { status, code: e.code, message: `There was an error invoking the function - ${e.message}` } });
    }
    return true;
  }

  if (path === '/__host/fetch') {
    const body = await readJson(req, FetchBody);
    const accountId = requireUser(h);
    const started = realNow();
    const answer = await site.products.handle({
      product: body.product,
      method: body.method.toUpperCase(),
      path: body.restPath,
      headers: Object.fromEntries(body.headers.map(([k, v]) => [k.toLowerCase(), v])),
      ...(body.body !== undefined && body.body !== null && body.method.toUpperCase() !== 'GET' ? { body: body.body } : {}),
      actor: { kind: 'user', accountId },
      scopes: site.manifest.scopes,
    });
    site.runtime.requestLog.add({
      at: new Date(started).toISOString(),
      siteTime: site.clock.now().toISOString(),
      target: body.product,
      method: body.method.toUpperCase(),
      path: body.restPath,
      actor: 'user',
      accountId,
      status: answer.status,
      durationMs: realNow() - started,
      functionKey: '(bridge)',
      moduleKey: '(bridge)',
      invocationId: '',
    });
    sendJson(res, 200, { status: answer.status, statusText: '', headers: answer.headers, body: answer.body, isAttachment: false });
    return true;
  }

  if (path === '/__host/macro-config') {
    const body = await readJson(req, MacroConfigBody);
    const accountId = requireUser(h);
    const client = new ProductClient(site.products, accountId);
    const pagePath = `/wiki/api/v2/pages/${body.pageId}`;
    let got = await client.call('confluence', 'GET', `${pagePath}?body-format=atlas_doc_format`);
    // On a page not published yet, the macro's settings go into its draft, as the editor would save them.
    if (got.status === 404) got = await client.call('confluence', 'GET', `${pagePath}?get-draft=true&body-format=atlas_doc_format`);
    if (got.status !== 200)
      throw new HttpError(got.status === 404 ? 404 : 403, `Could not read page ${body.pageId} (Confluence answered ${got.status}).`);
    const page = PageForEdit.safeParse(got.json);
    if (!page.success) throw new HttpError(502, 'Confluence answered the page without an ADF body.');
    let doc: unknown;
    try {
      doc = JSON.parse(page.data.body.atlas_doc_format.value);
    } catch {
      throw new HttpError(502, 'The page body is not valid ADF JSON.');
    }
    const macroKeys = site.manifest.uiModules.filter((m) => m.type === 'macro').map((m) => m.key);
    if (!setMacroConfig(doc, macroKeys, body.localId, body.config))
      throw new HttpError(404, `Page ${body.pageId} has no app macro with localId "${body.localId}".`);
    const isDraft = page.data.status === 'draft';
    const version = isDraft ? 1 : page.data.version.number + 1;
    const put = await client.call('confluence', 'PUT', pagePath, {
      id: page.data.id,
      status: isDraft ? 'draft' : 'current',
      title: page.data.title,
      body: { representation: 'atlas_doc_format', value: JSON.stringify(doc) },
      version: { number: version, message: 'Edited the Postmortem macro' },
    });
    if (put.status !== 200)
      throw new HttpError(
        put.status >= 400 && put.status < 500 ? put.status : 502,
        `Confluence refused the update (${put.status}): ${put.text.slice(0, 300)}`,
      );
    sendJson(res, 200, { ok: true, version });
    return true;
  }

  return false;
}
