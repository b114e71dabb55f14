/**
 * The resolver calls of every UI surface, by manifest function key. `src/resolvers/<surface>.ts`
 * defines exactly these; `static/<surface>/` invokes them through `static/shared/bridge.ts`.
 * Each surface's schemas live in its own file (macro.ts, panel.ts, report-calls.ts, admin.ts).
 */
import type { z } from 'zod';
import { ADMIN_CALLS } from './admin';
import { ISSUE_CONTEXT_CALLS } from './issue-context';
import { MACRO_CALLS } from './macro';
import { MACRO_ACTION_CALLS } from './macro-actions';
import type { RESOLVER_NAMES, ResolverFunctionKey } from './names';
import { PANEL_CALLS } from './panel';
import { PANEL_ACTION_CALLS } from './panel-actions';
import { PANEL_POSTMORTEM_CALLS } from './panel-postmortem';
import { REPORT_CALLS } from './report-calls';

export const CALLS = {
  'macro-resolver': { ...MACRO_CALLS, ...MACRO_ACTION_CALLS },
  'panel-resolver': { ...PANEL_CALLS, ...PANEL_ACTION_CALLS, ...PANEL_POSTMORTEM_CALLS, ...ISSUE_CONTEXT_CALLS },
  'report-resolver': REPORT_CALLS,
  'admin-resolver': ADMIN_CALLS,
} as const satisfies { [K in ResolverFunctionKey]: { [M in keyof (typeof RESOLVER_NAMES)[K]]: unknown } };

export type Calls = typeof CALLS;
export type { ResolverFunctionKey };

/** Payload and result types of a call, for Custom UI (which imports types only). */
export type PayloadOf<K extends ResolverFunctionKey, M extends keyof Calls[K]> = Calls[K][M] extends { payload: infer P extends z.ZodType }
  ? z.input<P>
  : never;
export type ResultOf<K extends ResolverFunctionKey, M extends keyof Calls[K]> = Calls[K][M] extends { result: infer R extends z.ZodType }
  ? z.infer<R>
  : never;
