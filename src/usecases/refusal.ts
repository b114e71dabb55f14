/**
 * What a use case throws to refuse a request with a sentence for the person: the resolver plumbing
 * (src/resolvers/define.ts) turns it into `{ ok: false, error }`. Product and storage failures get
 * their sentences here too.
 */
import { ProductError } from '../adapters/http';
import { StorageError } from '../adapters/storage';
import type { ErrorCode, ResolverError } from '../contracts/resolver';

export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export function productFailure(err: ProductError): ResolverError {
  const product = err.product === 'confluence' ? 'Confluence' : 'Jira';
  const said = err.productMessage();
  if (err.status === 429) {
    return { code: 'rate-limited', message: `${product} is rate-limiting the app right now. Nothing was lost; try again in a minute.` };
  }
  if (err.status === 401 || err.status === 403) {
    return { code: 'forbidden', message: `${product} refused: you do not have permission for this${said ? ` (${said})` : ''}.` };
  }
  if (err.status === 404) {
    return {
      code: 'not-found',
      message: `${product} could not find what this refers to${said ? ` (${said})` : ''}. It may have been deleted or you may not have access.`,
    };
  }
  if (err.status === 409) {
    return { code: 'conflict', message: `${product} reported a conflicting change${said ? ` (${said})` : ''}. Reload and try again.` };
  }
  if (err.status >= 500) {
    return {
      code: 'product-error',
      message: `${product} is not answering properly (status ${err.status}). Nothing was changed; try again shortly.`,
    };
  }
  return { code: 'product-error', message: `${product} refused the request (status ${err.status})${said ? `: ${said}` : ''}.` };
}

/** What a person is told when app storage failed (after the storage gateway's retries). */
export function storageFailure(err: StorageError): ResolverError {
  if (err.rateLimited) {
    return {
      code: 'rate-limited',
      message:
        'App storage is rate-limiting the app right now. Reload to see what was saved, then try again in a minute: nothing is created twice.',
    };
  }
  return {
    code: 'product-error',
    message: 'App storage is not answering right now. Reload to see what was saved, then try again: nothing is created twice.',
  };
}

/**
 * The error a person is shown for anything a use case threw, and whether it is worth a log line
 * (an unexpected error or a storage failure; a refusal or a product's answer is not).
 */
export function failureOf(err: unknown): { error: ResolverError; log: boolean } {
  if (err instanceof Refusal) {
    return { error: { code: err.code, message: err.message, fields: err.fields, details: err.details }, log: false };
  }
  if (err instanceof ProductError) return { error: productFailure(err), log: false };
  if (err instanceof StorageError) return { error: storageFailure(err), log: true };
  return {
    error: {
      code: 'internal',
      message:
        'Something went wrong in the Postmortem app. Reload to see what was saved, then try again; tell your admin if it keeps happening.',
    },
    log: true,
  };
}
