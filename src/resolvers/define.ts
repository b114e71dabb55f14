/**
 * The one place resolver functions are defined: names come from `src/contracts/surfaces.ts`,
 * payloads and the Forge context are zod-parsed, answers are checked against the contract, and
 * every failure becomes a clear `{ ok: false, error }` instead of a thrown error.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { ProductError } from '../adapters/http';
import { StorageError } from '../adapters/storage';
import type { Call, Envelope, ErrorCode, ResolverError } from '../contracts/resolver';
import type { ResolverFunctionKey } from '../contracts/names';

/** What Forge tells a resolver about its caller. `accountId` is set by Forge, not by the payload. */
export const ForgeContext = z
  .object({
    accountId: z.string().min(1).optional(),
    cloudId: z.string().optional(),
    moduleKey: z.string().optional(),
    localId: z.string().optional(),
    extension: z.record(z.string(), z.unknown()).optional().default({}),
  })
  .loose();
export type ForgeContext = z.infer<typeof ForgeContext>;

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

/** Every (function key, resolver name) pair defined, for the contract tests. */
export const DEFINED: Array<{ functionKey: ResolverFunctionKey; name: string }> = [];

function fieldMessages(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(payload)';
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}

export function productFailure(err: ProductError): ResolverError {
  const product = err.product === 'confluence' ? 'Confluence' : err.product === 'jira' ? 'Jira' : 'App storage';
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

export interface Invocation<P> {
  payload: P;
  context: ForgeContext;
  /** The calling user; resolvers are always called by a person. */
  accountId: string;
}

const surfaces = new Map<ResolverFunctionKey, ReturnType<typeof createSurface>>();

/**
 * The resolver of one manifest function. Several files may define calls on the same surface (e.g.
 * the macro's postmortem calls and its action-item calls); `handler()` serves them all.
 */
export function surface(functionKey: ResolverFunctionKey) {
  let s = surfaces.get(functionKey);
  if (!s) {
    s = createSurface(functionKey);
    surfaces.set(functionKey, s);
  }
  return s;
}

function createSurface(functionKey: ResolverFunctionKey) {
  const resolver = new Resolver();
  return {
    define<P extends z.ZodType, R extends z.ZodType>(
      spec: Call<P, R>,
      handler: (inv: Invocation<z.infer<P>>) => Promise<z.infer<R>>,
    ): void {
      DEFINED.push({ functionKey, name: spec.name });
      resolver.define(spec.name, async (req): Promise<Envelope<z.infer<R>>> => {
        const context = ForgeContext.safeParse(req.context);
        if (!context.success || !context.data.accountId) {
          return { ok: false, error: { code: 'forbidden', message: 'Sign in to use the Postmortem app.' } };
        }
        const payload = spec.payload.safeParse(req.payload ?? {});
        if (!payload.success) {
          return {
            ok: false,
            error: {
              code: 'invalid-input',
              message: 'Some of the input is not valid; see the fields marked.',
              fields: fieldMessages(payload.error),
            },
          };
        }
        try {
          const data = await handler({ payload: payload.data, context: context.data, accountId: context.data.accountId });
          return { ok: true, data: spec.result.parse(data) };
        } catch (err) {
          if (err instanceof Refusal) {
            return { ok: false, error: { code: err.code, message: err.message, fields: err.fields, details: err.details } };
          }
          if (err instanceof ProductError) return { ok: false, error: productFailure(err) };
          console.error(`${spec.name} failed`, err);
          if (err instanceof StorageError) return { ok: false, error: storageFailure(err) };
          return {
            ok: false,
            error: {
              code: 'internal',
              message:
                'Something went wrong in the Postmortem app. Reload to see what was saved, then try again; tell your admin if it keeps happening.',
            },
          };
        }
      });
    },
    handler: () => resolver.getDefinitions(),
  };
}
