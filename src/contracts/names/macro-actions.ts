/** Resolver names of the macro's action-item calls (function `macro-resolver`). */
export const MACRO_ACTION_NAMES = {} as const;
