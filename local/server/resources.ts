/**
 * Serves the manifest's resources (`/__resources/{resourceKey}/...` from the resource's folder,
 * e.g. static/macro/build) and the host's own assets (`/__host/*.js|css`). A resource's
 * index.html gets the bridge client injected at the top of <head>, before the app's bundle, so
 * `@forge/bridge` finds `window.__bridge` when it loads. Relative asset paths (Vite `base: './'`)
 * resolve inside the resource folder.
 */
import * as fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import * as path from 'node:path';
import { TOKENS_CSS } from '../host/tokens';
import { customUiCsp } from './custom-ui-policy';
import { HttpError, sendText } from './http-util';
import type { Site } from './site';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const CLIENT_DIR = path.join(__dirname, '..', 'host', 'client');
const BRIDGE_TAG = '<script src="/__host/bridge-client.js"></script>';

export function injectBridge(html: string): string {
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + BRIDGE_TAG + html.slice(head.index + head[0].length);
  return BRIDGE_TAG + html;
}

export function serveHostAsset(res: ServerResponse, pathname: string): boolean {
  if (pathname === '/__host/tokens.css') {
    sendText(res, 200, TYPES['.css'] ?? 'text/css', TOKENS_CSS);
    return true;
  }
  const name = pathname.slice('/__host/'.length);
  if (!['host.js', 'bridge-client.js', 'site.css', 'adf-dom.js', 'editor.js'].includes(name)) return false;
  sendText(res, 200, TYPES[path.extname(name)] ?? 'text/plain', fs.readFileSync(path.join(CLIENT_DIR, name)));
  return true;
}

export function serveResource(site: Site, res: ServerResponse, pathname: string): boolean {
  const m = /^\/__resources\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!m) return false;
  const key = decodeURIComponent(m[1] ?? '');
  const folder = site.manifest.resources.get(key);
  if (!folder) throw new HttpError(404, `manifest.yml has no resource "${key}".`);
  if (m[2] === undefined) {
    res.writeHead(301, { location: `/__resources/${encodeURIComponent(key)}/` });
    res.end();
    return true;
  }
  const root = path.resolve(site.projectRoot, folder);
  let rel: string;
  try {
    rel = decodeURIComponent(m[2]);
  } catch {
    throw new HttpError(400, 'Bad path encoding.');
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, `.${rel}`);
  if (file !== root && !file.startsWith(root + path.sep)) throw new HttpError(403, 'That path leaves the resource folder.');
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    if (!fs.existsSync(root)) {
      sendText(
        res,
        404,
        'text/html; charset=utf-8',
        `<!doctype html><p style="font-family:sans-serif">The resource <code>${key}</code> is not built (no <code>${folder}</code>). Run <code>npm run build</code>.</p>`,
      );
      return true;
    }
    throw new HttpError(404, `No file ${rel} in resource "${key}".`);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.html') {
    // Served under the policy Forge's CDN sends (docs/platform.md, Custom UI).
    const html = injectBridge(fs.readFileSync(file, 'utf8'));
    sendText(res, 200, TYPES['.html'] ?? 'text/html', html, {
      'content-security-policy': customUiCsp(html, site.manifest, site.runtime.siteUrl),
    });
  } else {
    sendText(res, 200, TYPES[ext] ?? 'application/octet-stream', fs.readFileSync(file));
  }
  return true;
}
