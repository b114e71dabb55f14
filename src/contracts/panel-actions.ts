/** Calls of the panel's action items and "Create postmortem" (function `panel-resolver`). */
export const PANEL_ACTION_CALLS = {} as const;
