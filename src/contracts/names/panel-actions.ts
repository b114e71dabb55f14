/** Resolver names of the panel's action-item and postmortem-creation calls (function `panel-resolver`). */
export const PANEL_ACTION_NAMES = {} as const;
