/** Resolver names of the macro and its config dialog (function `macro-resolver`). */
export const MACRO_NAMES = {
  getOverview: 'macro.getOverview',
} as const;
