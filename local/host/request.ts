/** What every host page handler knows about the request: the site, who is signed in, the theme. */
import type { IncomingMessage } from 'node:http';
import type { Site } from '../server/site';
import type { SiteUser } from '../site-api';
import { ProductClient } from './product-client';
import type { ColorMode } from './tokens';

export const USER_COOKIE = 'local_site_user';
export const THEME_COOKIE = 'local_site_theme';

export interface HostRequest {
  site: Site;
  path: string;
  url: URL;
  user: SiteUser | undefined;
  users: SiteUser[];
  theme: ColorMode;
  /** Jira and Confluence as the signed-in person. */
  client: ProductClient | undefined;
}

export function hostRequest(site: Site, cookies: Record<string, string>, url: URL, _req: IncomingMessage): HostRequest {
  const users = site.products.users().filter((u) => u.active);
  const wanted = cookies[USER_COOKIE];
  const user = users.find((u) => u.accountId === wanted) ?? users[0];
  const theme: ColorMode = cookies[THEME_COOKIE] === 'dark' ? 'dark' : 'light';
  return { site, path: url.pathname, url, user, users, theme, client: user ? new ProductClient(site.products, user.accountId) : undefined };
}

/** Host page URL of each UI module (router.navigate to a module). */
export function moduleUrls(site: Site): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of site.manifest.uiModules) {
    if (m.type === 'jira:globalPage') out[m.key] = `/jira/apps/${m.key}`;
    if (m.type === 'jira:adminPage') out[m.key] = `/jira/settings/apps/${m.key}`;
  }
  return out;
}
