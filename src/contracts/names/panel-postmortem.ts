/** Resolver names of the panel's postmortem calls: create one from the incident, link an existing page (function `panel-resolver`). */
export const PANEL_POSTMORTEM_NAMES = {} as const;
