/** The chrome around every host page: top bar (product, navigation, user switcher, theme toggle). */
import type { SiteUser } from '../site-api';
import { FORGE_IFRAME_ALLOW, FORGE_IFRAME_SANDBOX } from '../server/custom-ui-policy';
import { esc } from './html';
import type { ColorMode } from './tokens';

export type Product = 'confluence' | 'jira' | 'site';

export interface PageFrame {
  title: string;
  product: Product;
  /** Path of the current page (marks the active navigation link; the user switcher returns to it). */
  path: string;
  user: SiteUser | undefined;
  users: SiteUser[];
  theme: ColorMode;
  body: string;
  /** Module key → host page URL (for router.navigate to a module). */
  moduleUrls: Record<string, string>;
}

const NAV: Array<{ href: string; label: string }> = [
  { href: '/', label: 'Home' },
  { href: '/confluence', label: 'Confluence' },
  { href: '/jira', label: 'Jira' },
  { href: '/jira/apps/postmortem-report', label: 'Report' },
  { href: '/jira/settings/apps/postmortem-settings', label: 'Settings' },
  { href: '/outbox', label: 'Outbox' },
  { href: '/scheduler', label: 'Sweep & clock' },
  { href: '/requests', label: 'Requests' },
];

function productBadge(product: Product): string {
  switch (product) {
    case 'confluence':
      return '<span class="logo logo-confluence" aria-hidden="true">C</span> Confluence';
    case 'jira':
      return '<span class="logo logo-jira" aria-hidden="true">J</span> Jira';
    case 'site':
      return '<span class="logo logo-site" aria-hidden="true">A</span> Local Atlassian site';
  }
}

function isCurrent(href: string, path: string): boolean {
  if (href === '/') return path === '/';
  if (href === '/jira') return path === '/jira' || path.startsWith('/jira/browse');
  return path === href || path.startsWith(`${href}/`);
}

export function renderPage(p: PageFrame): string {
  const nav = NAV.map((n) => `<a href="${n.href}"${isCurrent(n.href, p.path) ? ' aria-current="page"' : ''}>${esc(n.label)}</a>`).join('');
  const options = p.users
    .map(
      (u) =>
        `<option value="${esc(u.accountId)}"${u.accountId === p.user?.accountId ? ' selected' : ''}>${esc(u.displayName)}${u.siteAdmin ? ' (admin)' : ''}</option>`,
    )
    .join('');
  const siteData = JSON.stringify({
    moduleUrls: p.moduleUrls,
    iframeSandbox: FORGE_IFRAME_SANDBOX,
    iframeAllow: FORGE_IFRAME_ALLOW,
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en" data-color-mode="${p.theme}" data-theme="dark:dark light:light spacing:spacing typography:typography">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<link rel="stylesheet" href="/__host/tokens.css">
<link rel="stylesheet" href="/__host/site.css">
<script>window.__LOCAL_SITE = ${siteData};</script>
<script src="/__host/host.js" defer></script>
</head>
<body data-product="${p.product}">
<header class="topbar">
  <a class="product" href="/">${productBadge(p.product)}</a>
  <nav aria-label="Site">${nav}</nav>
  <form method="post" action="/__host/user">
    <label for="user-switcher">You are</label>
    <select id="user-switcher" name="accountId" data-testid="user-switcher">${options}</select>
    <input type="hidden" name="returnTo" value="${esc(p.path)}">
    <noscript><button class="button" type="submit">Switch</button></noscript>
  </form>
  <button class="button subtle" id="theme-toggle" type="button" data-testid="theme-toggle">Dark theme</button>
</header>
${p.body}
<div id="flag" class="flag" role="status"></div>
</body>
</html>`;
}
