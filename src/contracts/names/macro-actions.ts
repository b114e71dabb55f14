/** Resolver names of the macro's action-item calls (function `macro-resolver`). */
export const MACRO_ACTION_NAMES = {
  listActionItems: 'macro.listActionItems',
  createActionItems: 'macro.createActionItems',
  updateActionItem: 'macro.updateActionItem',
  findAssignees: 'macro.findAssignees',
} as const;
