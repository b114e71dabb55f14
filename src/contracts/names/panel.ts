/** Resolver names of the Jira issue panel (function `panel-resolver`). */
export const PANEL_NAMES = {
  getOverview: 'panel.getOverview',
} as const;
