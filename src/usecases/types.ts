/** The types a use case takes and gives: a call's payload as parsed by its contract, and its result. */
import type { z } from 'zod';
import type { Calls, ResolverFunctionKey } from '../contracts/surfaces';

/** The payload of call `M` of surface `K`, after the contract's parsing (defaults and transforms applied). */
export type Input<K extends ResolverFunctionKey, M extends keyof Calls[K]> = Calls[K][M] extends { payload: infer P extends z.ZodType }
  ? z.infer<P>
  : never;

/** The result of call `M` of surface `K`. */
export type Output<K extends ResolverFunctionKey, M extends keyof Calls[K]> = Calls[K][M] extends { result: infer R extends z.ZodType }
  ? z.infer<R>
  : never;
