/**
 * Resolver names of the panel's postmortem calls (function `panel-resolver`): create one from the
 * incident, or find an existing Confluence page and link it.
 */
export const PANEL_POSTMORTEM_NAMES = {
  createPostmortem: 'panel.createPostmortem',
  searchPages: 'panel.searchPages',
  linkExistingPage: 'panel.linkExistingPage',
} as const;
