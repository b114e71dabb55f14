/** Responses and errors of the local products, shaped like Jira's and Confluence's. */
import type { ProductResponse } from '../site-api';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ProductResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(body) };
}

export function noContent(): ProductResponse {
  return { status: 204, headers: {}, body: '' };
}

/** Jira's ErrorCollection: `{errorMessages:[...], errors:{}}`. */
export function jiraError(status: number, messages: string[], errors: Record<string, string> = {}): HttpError {
  return new HttpError(status, { errorMessages: messages, errors });
}

/** Confluence v2's error body: `{errors:[{status, code, title, detail}]}`. */
export function confluenceError(status: number, title: string, detail: string | null = null): HttpError {
  const code = CODES[status] ?? 'ERROR';
  return new HttpError(status, { errors: [{ status, code, title, detail }] });
}

/** Confluence v1's error body. */
export function confluenceV1Error(status: number, message: string): HttpError {
  return new HttpError(status, {
    statusCode: status,
    data: { authorized: status !== 401 && status !== 403, valid: status !== 400, errors: [], successful: false },
    message,
  });
}

const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST_PARAMETER',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
};

/** Parses a JSON request body; malformed JSON is a 400 in the product's shape. */
export function parseJsonBody(body: string | undefined, product: 'jira' | 'confluence'): unknown {
  if (body === undefined || body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message : 'malformed JSON';
    if (product === 'jira') throw jiraError(400, [`Unexpected character in the request body: ${detail}`]);
    throw confluenceError(400, 'Invalid JSON in request body', detail);
  }
}

/** Jira's timestamp format: `2026-03-01T09:00:00.000+0000`. */
export function jiraTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}
