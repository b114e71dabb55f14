/** Calls of the macro's action-item table and form (function `macro-resolver`). */
export const MACRO_ACTION_CALLS = {} as const;
