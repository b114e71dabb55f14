/**
 * The one place resolver functions are defined: names come from `src/contracts/surfaces.ts`,
 * payloads and the Forge context are zod-parsed, answers are checked against the contract, and
 * every failure becomes a clear `{ ok: false, error }` instead of a thrown error.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { resolverName, type ResolverFunctionKey } from '../contracts/names';
import type { Call, Envelope } from '../contracts/resolver';
import { CALLS, type Calls } from '../contracts/surfaces';
import { failureOf, Refusal } from '../usecases/refusal';

export { Refusal };

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

export interface Invocation<P> {
  payload: P;
  context: ForgeContext;
  /** The calling user; resolvers are always called by a person. */
  accountId: string;
}

type HandlerOf<C> = C extends Call<infer P, infer R> ? (inv: Invocation<z.infer<P>>) => Promise<z.infer<R>> : never;

/** One handler for every call of a surface's contract, no more and no fewer (the compiler checks it). */
export type SurfaceHandlers<K extends ResolverFunctionKey> = { [M in keyof Calls[K]]: HandlerOf<Calls[K][M]> };

/**
 * The resolver of one manifest function: each call of its contract (src/contracts/surfaces.ts)
 * with its handler, defined under the call's name. Returns the Forge handler to export.
 */
export function defineSurface<K extends ResolverFunctionKey>(functionKey: K, handlers: SurfaceHandlers<K>) {
  const resolver = new Resolver();
  const calls = CALLS[functionKey] as Record<string, Call<z.ZodType, z.ZodType>>;
  for (const [method, handler] of Object.entries(handlers) as Array<[string, (inv: Invocation<unknown>) => Promise<unknown>]>) {
    const spec = calls[method];
    if (!spec) throw new Error(`${functionKey} has no call ${method} in its contract`);
    const name = resolverName(functionKey, method);
    DEFINED.push({ functionKey, name });
    resolver.define(name, async (req): Promise<Envelope<unknown>> => {
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
        const failure = failureOf(err);
        if (failure.log) console.error(`${name} failed`, err);
        return { ok: false, error: failure.error };
      }
    });
  }
  return resolver.getDefinitions();
}

/** The handler of call `M` of surface `K`, typed from its contract. */
export type Handler<K extends ResolverFunctionKey, M extends keyof Calls[K]> = HandlerOf<Calls[K][M]>;
