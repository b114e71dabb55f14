/** Calls of the panel's "Create postmortem" and "Link an existing page" (function `panel-resolver`). */
export const PANEL_POSTMORTEM_CALLS = {} as const;
