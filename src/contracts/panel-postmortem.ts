/**
 * Calls of the panel's "Create postmortem" and "Link an existing page" (function `panel-resolver`).
 * The incident is the issue the panel is shown on (from the Forge context, never from the payload).
 */
import { z } from 'zod';
import { PageRef } from './common';
import { IsoDate, IssueKey, PageId } from './ids';
import { PostmortemStatus } from './properties';
import { call } from './resolver';

export const CreatePostmortemPayload = z
  .object({
    /**
     * The Confluence space to create the page in, used only when the site's settings name none
     * (with settings naming a space, the page always goes there and this is ignored).
     */
    spaceKey: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9~]{1,255}$/, 'A space key is letters and digits, e.g. OPS.')
      .optional(),
  })
  .strict();
export type CreatePostmortemPayload = z.infer<typeof CreatePostmortemPayload>;

export const CreatePostmortemResult = z.object({
  incidentKey: IssueKey,
  page: PageRef,
  status: PostmortemStatus,
  dueDate: IsoDate,
  /** The Timeline drafted from the incident's Jira history: how many events, whether all of it was read, or why not. */
  timeline: z.object({ events: z.number().int(), complete: z.boolean(), problem: z.string().optional() }).optional(),
});
export type CreatePostmortemResult = z.infer<typeof CreatePostmortemResult>;

/** Words of a page title to look for (or a page id / page URL); empty lists the first pages. */
export const SearchPagesPayload = z
  .object({
    query: z.string().max(100, 'Type at most 100 characters.'),
  })
  .strict();
export type SearchPagesPayload = z.infer<typeof SearchPagesPayload>;

export const PageOption = z.object({
  pageId: PageId,
  title: z.string().max(255),
  /** Absolute or site-relative web URL of the page. */
  url: z.string().max(2000),
});
export type PageOption = z.infer<typeof PageOption>;

export const SearchPagesResult = z.object({
  pages: z.array(PageOption).max(50),
  /** More pages match than are shown, or the search stopped before looking at every page. */
  more: z.boolean(),
  /** The space searched (the configured postmortem space), or null when every space the user can see was searched. */
  spaceKey: z.string().nullable(),
});
export type SearchPagesResult = z.infer<typeof SearchPagesResult>;

export const LinkExistingPagePayload = z
  .object({
    pageId: z.string().regex(/^[1-9][0-9]{0,18}$/, 'A Confluence page id is a number (digits only).'),
  })
  .strict();
export type LinkExistingPagePayload = z.infer<typeof LinkExistingPagePayload>;

export const LinkExistingPageResult = z.object({
  incidentKey: IssueKey,
  page: PageRef,
  status: PostmortemStatus,
  dueDate: IsoDate,
  /** Whether the page now shows the Postmortem macro: it had one, the app added one at the top, or it could not (see notice). */
  macro: z.enum(['present', 'added', 'not-added']),
  /** A sentence for the person when something still needs doing (e.g. insert the macro by hand). */
  notice: z.string().nullable(),
});
export type LinkExistingPageResult = z.infer<typeof LinkExistingPageResult>;

export const ListCreatableSpacesPayload = z.object({}).strict();

/**
 * The create flow's space choice: when the settings name a space, that one (and nothing to pick);
 * otherwise the spaces the caller may create pages in, asked of Confluence as the caller.
 */
export const ListCreatableSpacesResult = z.object({
  /** The space the settings name (pages always go there), or null when the person picks one. */
  configuredSpaceKey: z.string().max(255).nullable(),
  spaces: z.array(z.object({ key: z.string().max(255), name: z.string().max(255) })).max(250),
  /** The caller sees more spaces than were checked: a space may be missing from the list. */
  more: z.boolean(),
});
export type ListCreatableSpacesResult = z.infer<typeof ListCreatableSpacesResult>;

export const PANEL_POSTMORTEM_CALLS = {
  createPostmortem: call(CreatePostmortemPayload, CreatePostmortemResult),
  listCreatableSpaces: call(ListCreatableSpacesPayload, ListCreatableSpacesResult),
  searchPages: call(SearchPagesPayload, SearchPagesResult),
  linkExistingPage: call(LinkExistingPagePayload, LinkExistingPageResult),
} as const;
