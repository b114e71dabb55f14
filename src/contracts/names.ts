/**
 * Resolver names on the wire: `<surface>.<call>`, where `<call>` is the call's key in its surface's
 * contract (src/contracts/surfaces.ts), so the contract is the one registry of calls. Plain
 * constants with no runtime dependency, so Custom UI bundles stay small: `static/` imports this and
 * only the *types* of the surface contracts.
 */
export const SURFACE_PREFIX = {
  'macro-resolver': 'macro',
  'panel-resolver': 'panel',
  'report-resolver': 'report',
  'admin-resolver': 'admin',
  'agenda-resolver': 'agenda',
} as const;

export type ResolverFunctionKey = keyof typeof SURFACE_PREFIX;

/** The name a call is defined and invoked under, e.g. `resolverName('panel-resolver', 'getOverview')` is `panel.getOverview`. */
export function resolverName(key: ResolverFunctionKey, call: string): string {
  return `${SURFACE_PREFIX[key]}.${call}`;
}
