/** Confluence adapter: the only code that calls Confluence. Literal call sites, zod-parsed answers. */
import api, { route } from '@forge/api';
import { z } from 'zod';
import { JSON_HEADERS, readJson, send } from './http';

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

/** The page's content property `key`, or undefined when the page has none (or the caller cannot see the page). */
export async function getPageProperty(as: As, pageId: string, key: string): Promise<ContentProperty | undefined> {
  const res = await send(() =>
    confluence(as).requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties?key=${key}`, { headers: JSON_HEADERS }),
  );
  if (res.status === 404) return undefined;
  const page = await readJson('confluence', 'get page property', res, ContentPropertyPage);
  return page.results.find((p) => p.key === key);
}

const Page = z.object({
  id: z.string(),
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
