/**
 * Resolver names by manifest function key. Plain constants with no runtime dependency, so Custom UI
 * bundles stay small: `static/` imports these and only the *types* of the surface contracts.
 * Each surface's names live in src/contracts/names/<surface>.ts.
 */
import { ADMIN_NAMES } from './names/admin';
import { MACRO_NAMES } from './names/macro';
import { ISSUE_CONTEXT_NAMES } from './names/issue-context';
import { MACRO_ACTION_NAMES } from './names/macro-actions';
import { PANEL_NAMES } from './names/panel';
import { PANEL_ACTION_NAMES } from './names/panel-actions';
import { PANEL_POSTMORTEM_NAMES } from './names/panel-postmortem';
import { REPORT_NAMES } from './names/report';

export const RESOLVER_NAMES = {
  'macro-resolver': { ...MACRO_NAMES, ...MACRO_ACTION_NAMES },
  'panel-resolver': { ...PANEL_NAMES, ...PANEL_ACTION_NAMES, ...PANEL_POSTMORTEM_NAMES, ...ISSUE_CONTEXT_NAMES },
  'report-resolver': REPORT_NAMES,
  'admin-resolver': ADMIN_NAMES,
} as const;

export type ResolverFunctionKey = keyof typeof RESOLVER_NAMES;
