/**
 * Who calls a use case and from where, as the Forge context says (never the payload): the
 * resolver reads it (src/resolvers/context.ts) and hands it over.
 */
export interface Caller {
  /** The calling person (set by Forge). */
  accountId: string;
  /** The site's base URL, e.g. https://acme.atlassian.net, when the context names it. */
  siteUrl: string | undefined;
}

/** A call from a surface on a Jira issue (the panel, the issue context). */
export interface IssueCaller extends Caller {
  issueKey: string;
}

/** A call from the macro on a Confluence page. */
export interface PageCaller extends Caller {
  pageId: string;
  /** The macro's config as stored on the page: untrusted, parsed by the use case. */
  config: unknown;
}
