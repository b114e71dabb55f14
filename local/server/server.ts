/**
 * The local site's HTTP server (node:http): control API, REST passthrough, the host pages, the
 * bridge endpoints their iframes use, and the Custom UI resources. Any error becomes a JSON
 * answer; the server never crashes on a bad request.
 */
import * as http from 'node:http';
import { handleControl } from './control-api';
import { HttpError, sendError } from './http-util';
import { handleRest, isRestPath } from './rest-passthrough';
import type { Site } from './site';

/** Answers what the control API and REST do not: host pages, bridge endpoints, resources. */
export type PageHandler = (site: Site, req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean>;

export function createSiteServer(site: Site, pages?: PageHandler): http.Server {
  return http.createServer((req, res) => {
    void handle(site, pages, req, res);
  });
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The site has one address (its siteUrl). A page asked for by another loopback name of the same
 * port (`localhost` for `127.0.0.1`) is sent there, so the person, kept in a cookie of that one
 * origin, is the same in every tab and behind every link the site hands out.
 */
export function canonicalLocation(siteUrl: string, req: http.IncomingMessage, url: URL): string | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  let site: URL;
  let asked: URL;
  try {
    site = new URL(siteUrl);
    asked = new URL(`http://${req.headers.host ?? ''}`);
  } catch {
    return undefined;
  }
  if (!LOOPBACK.has(site.hostname) || !LOOPBACK.has(asked.hostname)) return undefined;
  if (asked.hostname === site.hostname || asked.port !== site.port) return undefined;
  return `${site.origin}${url.pathname}${url.search}`;
}

async function handle(site: Site, pages: PageHandler | undefined, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://local-site');
    if (url.pathname.startsWith('/__site/')) return await handleControl(site, req, res, url);
    const product = isRestPath(url.pathname);
    if (product) return await handleRest(site, product, req, res, url);
    const canonical = canonicalLocation(site.runtime.siteUrl, req, url);
    if (canonical) {
      res.writeHead(302, { location: canonical, 'cache-control': 'no-store' }).end();
      return;
    }
    if (pages && (await pages(site, req, res, url))) return;
    throw new HttpError(404, `Nothing at ${url.pathname}.`);
  } catch (e) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (e instanceof HttpError) return sendError(res, e.status, e.message, e.details);
    const message = e instanceof Error ? e.message : String(e);
    console.error('[local-site] unexpected error:', e);
    sendError(res, 500, `Local site error: ${message}`);
  }
}
