/**
 * Jira REST (`/rest/...`) and Confluence REST (`/wiki/...`) served to people and tests, as the
 * user named by the `X-Local-Account-Id` header. No scope check: a person, not the app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerRecord, readBody } from './http-util';
import type { Site } from './site';

export function isRestPath(pathname: string): 'jira' | 'confluence' | undefined {
  if (pathname.startsWith('/rest/')) return 'jira';
  if (pathname.startsWith('/wiki/rest/') || pathname.startsWith('/wiki/api/')) return 'confluence';
  return undefined;
}

export async function handleRest(
  site: Site,
  product: 'jira' | 'confluence',
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const headers = headerRecord(req);
  const accountId = headers['x-local-account-id'];
  if (!accountId) {
    const body =
      product === 'jira'
        ? JSON.stringify({
            errorMessages: ['You are not authenticated. Authentication required to perform this operation. (Send X-Local-Account-Id.)'],
            errors: {},
          })
        : JSON.stringify({ statusCode: 401, message: 'Authentication required: send X-Local-Account-Id.' });
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(body);
    return;
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
  const answer = await site.products.handle({
    product,
    method,
    path: url.pathname + url.search,
    headers,
    ...(body !== undefined && body !== '' ? { body } : {}),
    actor: { kind: 'user', accountId },
  });
  res.writeHead(answer.status, { ...answer.headers, 'cache-control': 'no-store' });
  res.end(answer.status === 204 || answer.status === 304 ? undefined : answer.body);
}
