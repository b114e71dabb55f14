/**
 * The resolver calls of every UI surface, by manifest function key: the one registry of calls.
 * `src/resolvers/<surface>.ts` defines exactly these (the compiler checks it); `static/<surface>/`
 * invokes them through `static/common/bridge.ts`; a call's name is `<surface>.<key>`
 * (src/contracts/names.ts). Each surface's schemas live in its own file.
 */
import type { z } from 'zod';
import { ADMIN_CALLS } from './admin';
import { AGENDA_CALLS } from './agenda-macro';
import { ISSUE_CONTEXT_CALLS } from './issue-context';
import { MACRO_CALLS } from './macro';
import { MACRO_ACTION_CALLS } from './macro-actions';
import { resolverName, type ResolverFunctionKey } from './names';
import { PANEL_CALLS } from './panel';
import { PANEL_POSTMORTEM_CALLS } from './panel-postmortem';
import { REPORT_CALLS } from './report';
import { REPORT_LEARNING_CALLS } from './report-learning';
import type { Call } from './resolver';
import { WAIVER_CALLS } from './waivers';

export const CALLS = {
  'macro-resolver': { ...MACRO_CALLS, ...MACRO_ACTION_CALLS },
  'panel-resolver': { ...PANEL_CALLS, ...PANEL_POSTMORTEM_CALLS, ...ISSUE_CONTEXT_CALLS, ...WAIVER_CALLS },
  'report-resolver': { ...REPORT_CALLS, ...REPORT_LEARNING_CALLS },
  'admin-resolver': ADMIN_CALLS,
  'agenda-resolver': AGENDA_CALLS,
} as const satisfies { [K in ResolverFunctionKey]: Record<string, Call<z.ZodType, z.ZodType>> };

export type Calls = typeof CALLS;
export type { ResolverFunctionKey };
/** The calls of one surface, by key. */
export type CallKey<K extends ResolverFunctionKey> = keyof Calls[K] & string;

/** Every call of every surface with its wire name, for the contract and security tests. */
export function allCalls(): Array<{ functionKey: ResolverFunctionKey; method: string; name: string }> {
  return (Object.keys(CALLS) as ResolverFunctionKey[]).flatMap((functionKey) =>
    Object.keys(CALLS[functionKey]).map((method) => ({ functionKey, method, name: resolverName(functionKey, method) })),
  );
}

/** Payload and result types of a call, for Custom UI (which imports types only). */
export type PayloadOf<K extends ResolverFunctionKey, M extends keyof Calls[K]> = Calls[K][M] extends { payload: infer P extends z.ZodType }
  ? z.input<P>
  : never;
export type ResultOf<K extends ResolverFunctionKey, M extends keyof Calls[K]> = Calls[K][M] extends { result: infer R extends z.ZodType }
  ? z.infer<R>
  : never;
