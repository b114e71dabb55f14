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

async function handle(site: Site, pages: PageHandler | undefined, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://local-site');
    if (url.pathname.startsWith('/__site/')) return await handleControl(site, req, res, url);
    const product = isRestPath(url.pathname);
    if (product) return await handleRest(site, product, req, res, url);
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
