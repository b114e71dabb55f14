/** Resolver names of the macro and its config dialog (function `macro-resolver`). */
export const MACRO_NAMES = {
  getOverview: 'macro.getOverview',
  searchIncidents: 'macro.searchIncidents',
  linkIncident: 'macro.linkIncident',
  unlinkIncident: 'macro.unlinkIncident',
  addMissingSections: 'macro.addMissingSections',
  reviewAction: 'macro.reviewAction',
} as const;
