/** Resolver names of the panel's postmortem calls: create one from the incident (function `panel-resolver`). */
export const PANEL_POSTMORTEM_NAMES = {
  createPostmortem: 'panel.createPostmortem',
} as const;
