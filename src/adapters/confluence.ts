/** Confluence adapter: the only code that calls Confluence. Literal call sites, zod-parsed answers. */
import api, { route } from '@forge/api';
import { z } from 'zod';
import { JSON_HEADERS, ProductError, readJson, send } from './http';

export type As = 'app' | 'user';
const confluence = (as: As) => (as === 'app' ? api.asApp() : api.asUser());

const ContentProperty = z.object({
  id: z.string(),
  key: z.string(),
  value: z.unknown(),
  version: z.object({ number: z.number() }).optional(),
});
export type ContentProperty = z.infer<typeof ContentProperty>;

const ContentPropertyPage = z.object({ results: z.array(ContentProperty) });

/** Counts product calls, retries included (the sweep reports them); optional everywhere it appears. */
export interface CallCounter {
  calls: number;
}

/** The page's content property `key`, or undefined when the page has none (or the caller cannot see the page). */
export async function getPageProperty(as: As, pageId: string, key: string, counter?: CallCounter): Promise<ContentProperty | undefined> {
  const res = await send(() => {
    if (counter) counter.calls += 1;
    return confluence(as).requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties?key=${key}`, { headers: JSON_HEADERS });
  });
  if (res.status === 404) return undefined;
  const page = await readJson('confluence', 'get page property', res, ContentPropertyPage);
  return page.results.find((p) => p.key === key);
}

const Page = z.object({
  id: z.string(),
  /** `current` (published) or `draft` (never published, or a published page's unpublished changes). */
  status: z.string().optional(),
  title: z.string(),
  spaceId: z.string().optional(),
  version: z.object({ number: z.number() }).optional(),
  _links: z.object({ webui: z.string().optional(), base: z.string().optional() }).loose().optional(),
});
export type Page = z.infer<typeof Page>;

export async function getPage(as: As, pageId: string): Promise<Page | undefined> {
  const res = await send(() => confluence(as).requestConfluence(route`/wiki/api/v2/pages/${pageId}`, { headers: JSON_HEADERS }));
  if (res.status === 404) return undefined;
  return readJson('confluence', 'get page', res, Page);
}

const PageBatch = z.object({ results: z.array(Page) });
/** The most ids Confluence takes in one `GET /wiki/api/v2/pages?id=…`. */
export const PAGES_PER_CALL = 250;

/**
 * The current pages among `pageIds` that the caller may see, by id (one call per 250 ids). A page
 * that does not exist, or that the caller may not see, is simply absent.
 */
export async function getPagesByIds(as: As, pageIds: readonly string[], counter?: CallCounter): Promise<Map<string, Page>> {
  const ids = [...new Set(pageIds)].filter((id) => /^[1-9][0-9]{0,18}$/.test(id));
  const out = new Map<string, Page>();
  for (let i = 0; i < ids.length; i += PAGES_PER_CALL) {
    const batch = ids.slice(i, i + PAGES_PER_CALL).join(',');
    const res = await send(() => {
      if (counter) counter.calls += 1;
      return confluence(as).requestConfluence(route`/wiki/api/v2/pages?id=${batch}&status=current&limit=250`, { headers: JSON_HEADERS });
    });
    const page = await readJson('confluence', 'get pages', res, PageBatch);
    for (const p of page.results) out.set(p.id, p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pages with their body, creating and updating pages, content property writes, edit permission

const PageWithBody = Page.extend({
  authorId: z.string().nullish(),
  ownerId: z.string().nullish(),
  parentId: z.union([z.string(), z.number()]).transform(String).nullish(),
  version: z.object({ number: z.number(), authorId: z.string().nullish(), createdAt: z.string().nullish() }).loose(),
  body: z
    .object({ atlas_doc_format: z.object({ value: z.string() }).loose().optional() })
    .loose()
    .optional(),
});
export type PageWithBody = z.infer<typeof PageWithBody> & { adf: unknown };

function parseAdf(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The page with its ADF body (`adf` is the parsed body, undefined when it is not JSON), or undefined when it does not exist or the caller cannot see it. */
export async function getPageWithBody(as: As, pageId: string): Promise<PageWithBody | undefined> {
  const res = await send(() =>
    confluence(as).requestConfluence(route`/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`, { headers: JSON_HEADERS }),
  );
  if (res.status === 404 || res.status === 403) return undefined;
  const page = await readJson('confluence', 'get page', res, PageWithBody);
  return { ...page, adf: parseAdf(page.body?.atlas_doc_format?.value) };
}

/**
 * The page's draft, as the caller may see it: the unpublished changes of a published page, or a
 * page never published (only its author sees that one). Undefined when there is none.
 * Confluence answers the published-page read with 404 for a page never published
 * (docs/platform.md, Confluence REST).
 */
export async function getPageDraft(as: As, pageId: string): Promise<PageWithBody | undefined> {
  const res = await send(() =>
    confluence(as).requestConfluence(route`/wiki/api/v2/pages/${pageId}?get-draft=true&body-format=atlas_doc_format`, {
      headers: JSON_HEADERS,
    }),
  );
  if (res.status === 404 || res.status === 403) return undefined;
  const page = await readJson('confluence', 'get page draft', res, PageWithBody);
  if (page.status !== 'draft') return undefined;
  return { ...page, adf: parseAdf(page.body?.atlas_doc_format?.value) };
}

/** The published page; for a page never published, its draft (`status: 'draft'`). Undefined when the caller can see neither. */
export async function getPageOrDraft(as: As, pageId: string): Promise<PageWithBody | undefined> {
  return (await getPageWithBody(as, pageId)) ?? (await getPageDraft(as, pageId));
}

const Space = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    key: z.string(),
    name: z.string().optional(),
    homepageId: z.union([z.string(), z.number()]).transform(String).nullish(),
  })
  .loose();
const SpacePage = z.object({ results: z.array(Space) });
export type Space = z.infer<typeof Space>;

/** The space with this key, or undefined when it does not exist or the caller cannot see it. */
export async function getSpaceByKey(as: As, key: string): Promise<Space | undefined> {
  const res = await send(() => confluence(as).requestConfluence(route`/wiki/api/v2/spaces?keys=${key}`, { headers: JSON_HEADERS }));
  const page = await readJson('confluence', 'get space', res, SpacePage);
  return page.results.find((s) => s.key === key);
}

/** The spaces the caller may see, first 250 (the settings page's space picker). */
export async function listSpaces(as: As): Promise<Space[]> {
  const res = await send(() => confluence(as).requestConfluence(route`/wiki/api/v2/spaces?limit=250`, { headers: JSON_HEADERS }));
  const page = await readJson('confluence', 'list spaces', res, SpacePage);
  return page.results;
}

const PermittedOperations = z.object({
  operations: z.array(z.object({ operation: z.string(), targetType: z.string() }).loose()),
});

/**
 * Whether the caller may create pages in the space: `GET /wiki/api/v2/spaces/{id}/operations`
 * (getSpaceOperations) lists what they may do there, `create` `page` among it when they may
 * (docs/platform.md, Confluence). False when they may not see the space (404).
 */
export async function mayCreatePages(as: As, spaceId: string): Promise<boolean> {
  const res = await send(() =>
    confluence(as).requestConfluence(route`/wiki/api/v2/spaces/${spaceId}/operations`, { headers: JSON_HEADERS }),
  );
  if (res.status === 404) return false;
  const answer = await readJson('confluence', 'get space operations', res, PermittedOperations);
  return answer.operations.some((o) => o.operation === 'create' && o.targetType === 'page');
}

export type WriteResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

async function failure(
  res: { status: number; text(): Promise<string> },
  operation: string,
): Promise<{ ok: false; status: number; message: string }> {
  const body = await res.text();
  const message = new ProductError('confluence', operation, res.status, body).productMessage() ?? body.slice(0, 300);
  return { ok: false, status: res.status, message };
}

/** Creates a published page with an ADF body. Answers the product's refusal (status, message) instead of throwing on 4xx. */
export async function createPage(
  as: As,
  input: { spaceId: string; parentId?: string; title: string; adf: unknown },
): Promise<WriteResult<PageWithBody>> {
  const body = {
    spaceId: input.spaceId,
    status: 'current',
    title: input.title,
    ...(input.parentId ? { parentId: input.parentId } : {}),
    body: { representation: 'atlas_doc_format', value: JSON.stringify(input.adf) },
  };
  const res = await send(() =>
    confluence(as).requestConfluence(route`/wiki/api/v2/pages`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) }),
  );
  if (res.status >= 400 && res.status < 500) return failure(res, 'create page');
  const page = await readJson('confluence', 'create page', res, PageWithBody);
  return { ok: true, value: { ...page, adf: input.adf } };
}

/**
 * Replaces the page body (and its title with `page.title`; `opts.parentId` moves it under another
 * page of its space), as version `version` (the current one plus one). Answers
 * `{ ok: false, status: 409 }` when someone saved the page in between (version conflict).
 */
export async function updatePageBody(
  as: As,
  page: { id: string; title: string; status?: string },
  adf: unknown,
  version: number,
  message: string,
  opts: { parentId?: string } = {},
): Promise<WriteResult<number>> {
  const body = {
    id: page.id,
    status: 'current',
    title: page.title,
    ...(opts.parentId ? { parentId: opts.parentId } : {}),
    body: { representation: 'atlas_doc_format', value: JSON.stringify(adf) },
    version: { number: version, message },
  };
  const res = await send(() =>
    confluence(as).requestConfluence(route`/wiki/api/v2/pages/${page.id}`, {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    }),
  );
  if (res.status >= 400 && res.status < 500) return failure(res, 'update page');
  const saved = await readJson(
    'confluence',
    'update page',
    res,
    z.object({ version: z.object({ number: z.number() }).loose().optional() }).loose(),
  );
  return { ok: true, value: saved.version?.number ?? version };
}

/**
 * Creates or updates content property `key` (update = version + 1 of `current`). A 409 answers
 * `{ ok: false, status: 409 }`: someone else wrote it in between.
 */
export async function putPageProperty(
  as: As,
  pageId: string,
  key: string,
  value: unknown,
  current: ContentProperty | undefined,
): Promise<WriteResult<ContentProperty>> {
  const res = current
    ? await send(() =>
        confluence(as).requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties/${current.id}`, {
          method: 'PUT',
          headers: JSON_HEADERS,
          body: JSON.stringify({ key, value, version: { number: (current.version?.number ?? 1) + 1, message: 'Postmortem app' } }),
        }),
      )
    : await send(() =>
        confluence(as).requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties`, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ key, value }),
        }),
      );
  if (res.status >= 400 && res.status < 500) return failure(res, 'write page property');
  const saved = await readJson('confluence', 'write page property', res, ContentProperty, [200, 201]);
  return { ok: true, value: saved };
}

/** Deletes content property `propertyId`; true when it is gone (also when it already was). */
export async function deletePageProperty(as: As, pageId: string, propertyId: string): Promise<WriteResult<true>> {
  const res = await send(() =>
    confluence(as).requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties/${propertyId}`, {
      method: 'DELETE',
      headers: JSON_HEADERS,
    }),
  );
  if (res.status === 204 || res.status === 200 || res.status === 404) return { ok: true, value: true };
  if (res.status < 500) return failure(res, 'delete page property');
  throw new ProductError('confluence', 'delete page property', res.status, await res.text());
}

const PermissionCheck = z.object({ hasPermission: z.boolean() }).loose();

/**
 * Whether the caller may edit the page: Confluence's content permission check, asked as the caller
 * about themselves. `callerAccountId` must be the invocation's own account (its context's): asking
 * about anyone else needs the Confluence Administrator global permission, which neither most
 * callers nor the app hold (docs/platform.md, Confluence REST); a refusal (403) or a page they
 * cannot see (404) counts as "may not edit".
 */
export async function canEditPage(pageId: string, callerAccountId: string): Promise<boolean> {
  const res = await send(() =>
    api.asUser().requestConfluence(route`/wiki/rest/api/content/${pageId}/permission/check`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ subject: { type: 'user', identifier: callerAccountId }, operation: 'update' }),
    }),
  );
  if (res.status === 404 || res.status === 403) return false;
  const result = await readJson('confluence', 'check page permission', res, PermissionCheck);
  return result.hasPermission;
}

/**
 * The site-relative or absolute web URL of a page, from its `_links`. A page not published yet
 * gets the address that keeps working once it is published (its draft's address is the editor's).
 */
export function pageWebUrl(page: Pick<Page, 'id' | '_links' | 'status'>): string {
  const webui = page._links?.webui;
  const base = page._links?.base;
  if (page.status === 'draft') return `${base ?? '/wiki'}/pages/viewpage.action?pageId=${encodeURIComponent(page.id)}`;
  if (webui && base) return `${base}${webui}`;
  if (webui) return `/wiki${webui}`;
  return `/wiki/pages/viewpage.action?pageId=${page.id}`;
}

// ---------------------------------------------------------------------------------------------
// Listing pages (the panel's "Link an existing page" search)

const PageList = z.object({
  results: z.array(Page),
  _links: z.object({ next: z.string().optional(), base: z.string().optional() }).loose().optional(),
});

export interface PageListing {
  pages: Page[];
  /** The cursor of the next page of results, when there is one. */
  cursor?: string;
}

function listingOf(list: z.infer<typeof PageList>): PageListing {
  const base = list._links?.base;
  const pages = list.results.map((p) => (base && p._links && !p._links.base ? { ...p, _links: { ...p._links, base } } : p));
  const next = list._links?.next;
  let cursor: string | undefined;
  if (next) {
    try {
      cursor = new URL(next, 'https://confluence.invalid').searchParams.get('cursor') ?? undefined;
    } catch {
      cursor = undefined;
    }
  }
  return { pages, cursor };
}

/** One page (up to 250) of the current pages of space `spaceId` the caller may see, most recently modified first. */
export async function listSpacePages(as: As, spaceId: string, cursor?: string): Promise<PageListing> {
  const res = await send(() =>
    cursor === undefined
      ? confluence(as).requestConfluence(route`/wiki/api/v2/spaces/${spaceId}/pages?status=current&sort=-modified-date&limit=250`, {
          headers: JSON_HEADERS,
        })
      : confluence(as).requestConfluence(
          route`/wiki/api/v2/spaces/${spaceId}/pages?status=current&sort=-modified-date&limit=250&cursor=${cursor}`,
          { headers: JSON_HEADERS },
        ),
  );
  if (res.status === 404 || res.status === 403) return { pages: [] };
  return listingOf(await readJson('confluence', 'list space pages', res, PageList));
}

/** The current pages titled exactly `title` in space `spaceId` the caller may see (Confluence keeps titles unique per space). */
export async function findSpacePagesByTitle(as: As, spaceId: string, title: string): Promise<Page[]> {
  const res = await send(() =>
    confluence(as).requestConfluence(route`/wiki/api/v2/spaces/${spaceId}/pages?status=current&title=${title}&limit=25`, {
      headers: JSON_HEADERS,
    }),
  );
  if (res.status === 404 || res.status === 403) return [];
  return listingOf(await readJson('confluence', 'find pages by title', res, PageList)).pages;
}

/** One page (up to 250) of the current pages the caller may see in any space, most recently modified first. */
export async function listPages(as: As, cursor?: string): Promise<PageListing> {
  const res = await send(() =>
    cursor === undefined
      ? confluence(as).requestConfluence(route`/wiki/api/v2/pages?status=current&sort=-modified-date&limit=250`, { headers: JSON_HEADERS })
      : confluence(as).requestConfluence(route`/wiki/api/v2/pages?status=current&sort=-modified-date&limit=250&cursor=${cursor}`, {
          headers: JSON_HEADERS,
        }),
  );
  return listingOf(await readJson('confluence', 'list pages', res, PageList));
}
