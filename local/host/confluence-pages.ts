/**
 * Confluence host pages: the space and page list (/confluence) and the page view
 * (/confluence/pages/{id}), which renders the page's ADF body with the app's macro as a Custom UI
 * iframe where its extension node is, and an "Edit macro" button that opens the macro's config
 * resource in a dialog.
 */
import { z } from 'zod';
import { findUiModule } from '../runtime';
import { renderAdf } from './adf';
import { macroNodeInfo } from './forge-macro';
import { frameHtml, frameInfo } from './frames';
import { attrJson, esc } from './html';
import type { HostRequest } from './request';

const Space = z.object({ id: z.coerce.string(), key: z.string(), name: z.string().optional() }).loose();
const PageSummary = z
  .object({ id: z.coerce.string(), title: z.string(), spaceId: z.coerce.string().optional(), parentId: z.coerce.string().nullish() })
  .loose();
const Paged = <T extends z.ZodType>(item: T) => z.object({ results: z.array(item) }).loose();
const PageWithBody = z
  .object({
    id: z.coerce.string(),
    title: z.string(),
    spaceId: z.coerce.string(),
    status: z.string().optional(),
    authorId: z.string().optional(),
    createdAt: z.string().optional(),
    version: z.object({ number: z.number(), createdAt: z.string().optional(), authorId: z.string().optional() }).loose().optional(),
    body: z
      .object({ atlas_doc_format: z.object({ value: z.string() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();

export interface Main {
  title: string;
  body: string;
  product: 'confluence' | 'jira' | 'site';
  /** HTTP status of the page (200 when absent). */
  status?: number;
}

function notice(text: string): string {
  return `<div class="notice" role="alert">${esc(text)}</div>`;
}

export async function spacesWithPages(
  h: HostRequest,
): Promise<Array<{ space: z.infer<typeof Space>; pages: Array<z.infer<typeof PageSummary>> }>> {
  if (!h.client) return [];
  const spacesRes = await h.client.confluence('/wiki/api/v2/spaces?limit=50');
  const spaces = Paged(Space).safeParse(spacesRes.json);
  if (!spaces.success) return [];
  const out = [];
  for (const space of spaces.data.results) {
    const pagesRes = await h.client.confluence(`/wiki/api/v2/spaces/${encodeURIComponent(space.id)}/pages?limit=100`);
    const pages = Paged(PageSummary).safeParse(pagesRes.json);
    out.push({ space, pages: pages.success ? pages.data.results : [] });
  }
  return out;
}

export async function confluenceIndex(h: HostRequest): Promise<Main> {
  const spaces = await spacesWithPages(h);
  const body = spaces.length
    ? spaces
        .map(
          ({ space, pages }) => `<section class="card" data-testid="space-${esc(space.key)}">
  <h2>${esc(space.name ?? space.key)} <span class="muted">(${esc(space.key)})</span></h2>
  ${pages.length ? `<ul>${pages.map((p) => `<li><a href="/confluence/pages/${esc(p.id)}">${esc(p.title)}</a></li>`).join('')}</ul>` : '<p class="muted">No pages you can see.</p>'}
</section>`,
        )
        .join('')
    : '<p class="muted">No spaces you can see. Switch user, or reset the site to the demo seed.</p>';
  return { product: 'confluence', title: 'Spaces — Confluence', body: `<main><h1>Spaces</h1><div class="cards">${body}</div></main>` };
}

/**
 * The page editor (client: local/host/client/editor.js, adf-dom.js), hidden until Edit. Everything
 * it needs rides in one data attribute (no inline script): the page, the body to start from and the
 * site's people for mentions.
 */
function editorHtml(
  h: HostRequest,
  p: z.infer<typeof PageWithBody>,
  unpublished: boolean,
  title: string,
  doc: unknown,
  hasDraft: boolean,
): string {
  const data = {
    pageId: p.id,
    title,
    published: !unpublished,
    version: p.version?.number ?? 1,
    hasDraft,
    doc,
    accountId: h.user?.accountId ?? '',
    users: h.users.map((u) => ({ accountId: u.accountId, displayName: u.displayName })),
  };
  const tool = (command: string, label: string, text: string, first = false) =>
    `<button type="button" class="button subtle" data-command="${command}" aria-label="${esc(label)}" tabindex="${first ? 0 : -1}">${text}</button>`;
  return `<section id="page-editor" class="page-editor" data-testid="page-editor" aria-label="Edit page" hidden data-editor="${attrJson(data)}">
  <label for="editor-title" class="editor-label">Title</label>
  <input type="text" id="editor-title" class="editor-title" data-testid="editor-title" autocomplete="off">
  <div role="toolbar" aria-label="Formatting" aria-controls="editor-body" class="editor-toolbar">
    ${tool('p', 'Normal text', 'Text', true)}${tool('h2', 'Heading 2', 'H2')}${tool('h3', 'Heading 3', 'H3')}${tool('ul', 'Bulleted list', '• List')}${tool('ol', 'Numbered list', '1. List')}${tool('bold', 'Bold (Ctrl+B)', '<strong>B</strong>')}${tool('link', 'Link (Ctrl+K)', 'Link')}${tool('mention', 'Mention someone (@)', '@')}
  </div>
  <div class="mention-picker" data-testid="mention-picker" hidden>
    <label for="mention-input">Mention a person</label>
    <input type="text" id="mention-input" autocomplete="off" aria-describedby="mention-help">
    <span id="mention-help" class="muted">Type a name; Enter picks the first, arrow keys move, Escape goes back.</span>
    <ul data-testid="mention-options" aria-label="People"></ul>
  </div>
  <div id="editor-body" class="page-body editor-body" data-testid="editor-body" contenteditable="true" role="textbox" aria-multiline="true" aria-label="Page body" spellcheck="true"></div>
  <div class="toolbar-row">
    <button type="button" class="button primary" data-action="publish" data-testid="editor-publish">${unpublished ? 'Publish' : 'Publish new version'}</button>
    <button type="button" class="button" data-action="close" data-testid="editor-close">Close, keep draft</button>
    <button type="button" class="button subtle" data-action="discard" data-testid="editor-discard">Discard draft</button>
  </div>
  <p class="editor-status" data-testid="editor-status" role="status"></p>
</section>`;
}

export async function confluencePage(h: HostRequest, pageId: string): Promise<Main | undefined> {
  if (!h.client)
    return {
      product: 'confluence',
      title: 'Confluence',
      body: `<main>${notice('The site has no users: reset it to the demo seed.')}</main>`,
    };
  const id = encodeURIComponent(pageId);
  let res = await h.client.confluence(`/wiki/api/v2/pages/${id}?body-format=atlas_doc_format`);
  // A page never published is a draft: only its author sees it (docs/platform.md, Confluence REST).
  if (res.status === 404) res = await h.client.confluence(`/wiki/api/v2/pages/${id}?get-draft=true&body-format=atlas_doc_format`);
  if (res.status === 404) return undefined;
  if (res.status === 403 || res.status === 401) {
    return {
      product: 'confluence',
      title: 'Restricted — Confluence',
      body: `<main><h1>You can't view this page</h1><p>${esc(h.user?.displayName)} has no permission to see page ${esc(pageId)}. Switch user to see it.</p></main>`,
    };
  }
  const page = PageWithBody.safeParse(res.json);
  if (!page.success) {
    return {
      product: 'confluence',
      title: 'Confluence',
      body: `<main>${notice(`Confluence answered ${res.status} for page ${pageId}: ${res.text.slice(0, 300)}`)}</main>`,
    };
  }
  const p = page.data;
  const unpublished = p.status === 'draft';
  const draftRes = unpublished
    ? undefined
    : await h.client.confluence(`/wiki/api/v2/pages/${id}?get-draft=true&body-format=atlas_doc_format`);
  const draft = draftRes?.status === 200 ? PageWithBody.safeParse(draftRes.json) : undefined;
  const spaceRes = await h.client.confluence(`/wiki/api/v2/spaces/${encodeURIComponent(p.spaceId)}`);
  const space = Space.safeParse(spaceRes.json);
  const spaceKey = space.success ? space.data.key : '';
  const siblingsRes = await h.client.confluence(`/wiki/api/v2/spaces/${encodeURIComponent(p.spaceId)}/pages?limit=100`);
  const siblings = Paged(PageSummary).safeParse(siblingsRes.json);

  let doc: unknown = { type: 'doc', content: [] };
  try {
    doc = JSON.parse(p.body?.atlas_doc_format?.value ?? '{"type":"doc","content":[]}');
  } catch {
    doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '(This page body is not valid ADF.)' }] }] };
  }
  // The editor starts from the unpublished changes when there are some, else from the page itself.
  let editDoc: unknown = doc;
  const draftBody = draft?.success ? draft.data.body?.atlas_doc_format?.value : undefined;
  if (draftBody !== undefined) {
    try {
      editDoc = JSON.parse(draftBody);
    } catch {
      editDoc = doc;
    }
  }
  const macroKeys = h.site.manifest.uiModules.filter((m) => m.type === 'macro').map((m) => m.key);
  const html = renderAdf(doc, (node) => {
    const info = macroNodeInfo(node, macroKeys);
    if (!info) return undefined;
    const module = findUiModule(h.site.manifest, info.moduleKey);
    if (!module) return undefined;
    const space = { key: spaceKey, id: p.spaceId };
    const view = frameInfo(h, module, { type: 'macro', content: { id: p.id, type: 'page' }, space, config: info.config }, info.localId);
    const edit = module.configResource
      ? frameInfo(
          h,
          module,
          { type: 'macro-config', content: { id: p.id, type: 'page' }, space, config: info.config },
          info.localId,
          'macro-config',
        )
      : undefined;
    const editButton = edit
      ? `<button type="button" class="button subtle" data-testid="edit-macro" data-dialog-title="${esc(module.configTitle ?? `Configure ${module.title}`)}" data-config-frame="${attrJson(edit)}">Edit macro</button>`
      : '';
    return `<div class="macro" data-testid="macro" data-local-id="${esc(info.localId)}">
  <div class="macro-toolbar"><span>${esc(module.title)} (app macro)</span>${editButton}</div>
  ${frameHtml(view, `${module.title} macro`)}
</div>`;
  });

  const users = new Map(h.users.map((u) => [u.accountId, u.displayName]));
  const author = p.authorId ? (users.get(p.authorId) ?? p.authorId) : undefined;
  const sidebar = siblings.success
    ? siblings.data.results
        .map((s) => `<a href="/confluence/pages/${esc(s.id)}"${s.id === p.id ? ' aria-current="page"' : ''}>${esc(s.title)}</a>`)
        .join('')
    : '';
  const body = `<div class="layout">
<aside class="sidebar"><h3>${esc(space.success ? (space.data.name ?? spaceKey) : 'Space')}</h3>${sidebar}</aside>
<main>
  <div class="breadcrumbs"><a href="/confluence">Spaces</a> / ${esc(spaceKey)}</div>
  <h1 data-testid="page-title">${esc(p.title || 'Untitled draft')}</h1>
  <div class="page-meta" data-testid="page-meta">${author ? `By ${esc(author)} · ` : ''}${unpublished ? 'Draft, not published yet' : `Version ${esc(p.version?.number ?? 1)}`}</div>
  ${unpublished ? '<div class="notice" role="status" data-testid="page-draft">This page is a draft: only you can see it until it is published.</div>' : ''}
  ${draft?.success ? `<div class="notice" role="status" data-testid="page-unpublished-changes">${esc(users.get(draft.data.version?.authorId ?? '') ?? 'Someone')} is editing this page: there are unpublished changes${draft.data.version?.createdAt ? ` (saved ${esc(draft.data.version.createdAt)})` : ''}.</div>` : ''}
  <div class="toolbar-row"><button type="button" class="button primary" id="page-edit" data-testid="page-edit">Edit</button></div>
  <div id="page-view"><article class="page-body" data-testid="page-body">${html}</article></div>
  ${editorHtml(h, p, unpublished, draft?.success ? draft.data.title : p.title, editDoc, !!draft?.success)}
</main>
</div>
<script src="/__host/adf-dom.js" defer></script>
<script src="/__host/editor.js" defer></script>`;
  return { product: 'confluence', title: `${p.title} — Confluence`, body };
}
