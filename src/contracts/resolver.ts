import { z } from 'zod';

/**
 * A resolver call shared by the backend (`defineSurface`) and Custom UI (`callResolver`): the payload
 * it accepts and the data it answers. Its name is its key in the surface's contract
 * (src/contracts/names.ts), never a string literal anywhere else.
 */
export interface Call<P extends z.ZodType, R extends z.ZodType> {
  readonly payload: P;
  readonly result: R;
}

export function call<P extends z.ZodType, R extends z.ZodType>(payload: P, result: R): Call<P, R> {
  return { payload, result };
}

export const ErrorCode = z.enum(['invalid-input', 'forbidden', 'not-found', 'conflict', 'rate-limited', 'product-error', 'internal']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ResolverError = z.object({
  code: ErrorCode,
  /** A sentence for a person: what went wrong and what to do. */
  message: z.string(),
  /** Per-field messages for forms. */
  fields: z.record(z.string(), z.string()).optional(),
  /** Extra data, e.g. the page that already holds an incident's postmortem. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ResolverError = z.infer<typeof ResolverError>;

/** Every resolver answers this envelope: callers branch on `ok`, never on a thrown error. */
export function envelope<R extends z.ZodType>(data: R) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: ResolverError })]);
}
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

/** Payload with no fields: anything else is refused. */
export const NoPayload = z.object({}).strict();
