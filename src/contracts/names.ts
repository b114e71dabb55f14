/**
 * Resolver names by manifest function key. Plain constants with no runtime dependency, so Custom UI
 * bundles stay small: `static/` imports these and only the *types* of src/contracts/surfaces.ts.
 */
export const RESOLVER_NAMES = {
  'macro-resolver': {
    getOverview: 'macro.getOverview',
  },
  'panel-resolver': {
    getOverview: 'panel.getOverview',
  },
  'report-resolver': {
    getSummary: 'report.getSummary',
  },
  'admin-resolver': {
    getOverview: 'admin.getOverview',
  },
} as const;

export type ResolverFunctionKey = keyof typeof RESOLVER_NAMES;
