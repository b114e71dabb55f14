/** Resolver names of the Postmortem issue context (function `panel-resolver`, module `postmortem-context`). */
export const ISSUE_CONTEXT_NAMES = {
  getStatus: 'issueContext.getStatus',
} as const;
