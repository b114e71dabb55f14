/**
 * One HTTP helper for tests that talk to the local site: the control API, or Jira/Confluence REST
 * as a person (`as` becomes the X-Local-Account-Id header). Answers the status and the body as JSON
 * when it parses, else as text. A string body is sent as is (for hostile JSON).
 */
export interface SiteAnswer {
  status: number;
  json: unknown;
}

export async function siteRequest(base: string, method: string, path: string, body?: unknown, as?: string): Promise<SiteAnswer> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(as ? { 'x-local-account-id': as } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, json };
}
