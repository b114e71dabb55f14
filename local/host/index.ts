/**
 * Host pages of the local site (docs/architecture.md, "The local site"): pages that look like their product, with the app's
 * Custom UI in iframes served from the manifest's resources and a @forge/bridge host.
 *
 *   /                                   index: links to everything, current user
 *   /confluence, /confluence/pages/{id} spaces and pages; a page with the Postmortem macro
 *   /jira, /jira/browse/{key}           issues; an issue with the Postmortem context and, once opened
 *                                       from its app button (POST /__host/issue-panel), the panel
 *   /jira/apps/{moduleKey}              a jira:globalPage (the report)
 *   /jira/apps/{appId}/{envId}          the same, at the address Jira gives an app's global page
 *   /jira/settings/apps/{moduleKey}     a jira:adminPage (the settings)
 *   /outbox, /scheduler, /requests      mail sent, sweep & clock, request log
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleBridge } from '../server/bridge-api';
import { parseCookies, readBody, redirect, sendText } from '../server/http-util';
import { serveHostAsset, serveResource } from '../server/resources';
import { LOCAL_ENVIRONMENT_ID } from '../runtime/context';
import type { PageHandler } from '../server/server';
import type { Site } from '../server/site';
import { confluenceIndex, confluencePage, type Main } from './confluence-pages';
import { esc } from './html';
import { addIssuePanel, jiraAppPage, jiraIndex, jiraIssue } from './jira-pages';
import { renderPage } from './layout';
import { hostRequest, moduleUrls, type HostRequest } from './request';
import { indexPage, outboxPage, requestsPage, schedulerPage } from './site-pages';

/** The page id in a Confluence web URL (`/wiki/spaces/KEY/pages/ID/Title`, its editor, viewpage.action). */
function wikiPageId(url: URL): string | undefined {
  const m = /^\/wiki\/spaces\/[^/]+\/pages\/(?:edit-v2\/)?(\d+)(?:\/.*)?$/.exec(url.pathname);
  if (m) return m[1];
  if (url.pathname === '/wiki/pages/viewpage.action') return /^\d+$/.exec(url.searchParams.get('pageId') ?? '')?.[0];
  if (url.pathname === '/wiki/pages/resumedraft.action') return /^\d+$/.exec(url.searchParams.get('draftId') ?? '')?.[0];
  return undefined;
}

async function route(h: HostRequest): Promise<Main | undefined> {
  const p = h.path;
  if (p === '/') return indexPage(h);
  if (p === '/confluence' || p === '/confluence/') return confluenceIndex(h);
  const page = /^\/confluence\/pages\/(\d+)(?:\/.*)?$/.exec(p);
  if (page) return confluencePage(h, page[1] ?? '');
  if (p === '/jira' || p === '/jira/') return jiraIndex(h);
  const issue = /^\/jira\/browse\/([A-Z][A-Z0-9_]*-\d+)$/.exec(p);
  if (issue) return jiraIssue(h, issue[1] ?? '');
  const app = /^\/jira\/apps\/([^/]+)$/.exec(p);
  if (app) return jiraAppPage(h, decodeURIComponent(app[1] ?? ''), 'jira:globalPage');
  // Jira's own address of an app's global page (an app has at most one; docs/platform.md, Custom UI).
  const appEnv = /^\/jira\/apps\/([0-9a-f-]{36})\/([0-9a-f-]{36})$/.exec(p);
  if (appEnv && appEnv[1] === h.site.manifest.appId && appEnv[2] === LOCAL_ENVIRONMENT_ID) {
    const global = h.site.manifest.uiModules.find((m) => m.type === 'jira:globalPage');
    if (global) return jiraAppPage(h, global.key, 'jira:globalPage');
  }
  const admin = /^\/jira\/settings\/apps\/([^/]+)$/.exec(p);
  if (admin) return jiraAppPage(h, decodeURIComponent(admin[1] ?? ''), 'jira:adminPage');
  if (p === '/outbox') return outboxPage(h);
  if (p === '/scheduler') return schedulerPage(h);
  if (p === '/requests') return requestsPage(h);
  return undefined;
}

export const hostPages: PageHandler = async (site: Site, req: IncomingMessage, res: ServerResponse, url: URL) => {
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return true;
  }
  // Product URLs as Jira and Confluence write them lead to the host pages.
  const browse = /^\/browse\/([A-Z][A-Z0-9_]*-\d+)$/.exec(url.pathname);
  const wikiPage = wikiPageId(url);
  if ((browse || wikiPage) && req.method === 'GET') {
    res.writeHead(302, { location: browse ? `/jira/browse/${browse[1]}` : `/confluence/pages/${wikiPage ?? ''}` }).end();
    return true;
  }
  if (url.pathname.startsWith('/__host/') && req.method === 'GET' && serveHostAsset(res, url.pathname)) return true;
  if (url.pathname.startsWith('/__resources/') && req.method === 'GET') return serveResource(site, res, url.pathname);
  const h = hostRequest(site, parseCookies(req), url, req);
  if (url.pathname === '/__host/issue-panel' && req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const added = await addIssuePanel(h, form.get('issueKey') ?? '', form.get('moduleKey') ?? '');
    if (added.location) redirect(res, added.location);
    else sendText(res, added.status, 'text/plain; charset=utf-8', added.message ?? 'Could not add the panel.');
    return true;
  }
  if (url.pathname.startsWith('/__host/')) return handleBridge(h, req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const main = await route(h);
  const frame = (m: Main, status: number) =>
    sendText(
      res,
      status,
      'text/html; charset=utf-8',
      renderPage({ ...m, path: h.path, user: h.user, users: h.users, theme: h.theme, moduleUrls: moduleUrls(site) }),
    );
  if (!main) {
    frame(
      {
        product: 'site',
        title: 'Not found',
        body: `<main><h1>Not found</h1><p>Nothing at <code>${esc(h.path)}</code>. <a href="/">Go to the index</a>.</p></main>`,
      },
      404,
    );
    return true;
  }
  frame(main, main.status ?? 200);
  return true;
};
