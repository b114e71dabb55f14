/**
 * Links and downloads from inside a Custom UI iframe. Forge sandboxes the iframe without popups or
 * top navigation (docs/platform.md, Custom UI), so a plain `<a>` cannot leave it: every link is a
 * real anchor (its `href` serves screen readers, "copy link" and the status bar) whose click asks
 * the host through the bridge's router: `router.navigate` (this tab) or, for a middle or
 * modifier click, `router.open` (a new tab). The product site's own pages go as site-relative
 * paths, which Forge opens without asking; another site makes Forge ask the person first.
 */
import { router, view } from '@forge/bridge';
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/** Only absolute http(s) URLs become links (anything else is shown as text). */
export function isSafeUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A path on the product site (`/browse/INC-3`), not a protocol-relative `//host` URL. */
export function isSitePath(url: string | null | undefined): url is string {
  return !!url && /^\/(?!\/)/.test(url) && !/[\s\\]/.test(url);
}

let siteOrigin: Promise<string | undefined> | undefined;

/** The product site's origin, from the Forge context (read once per iframe). */
export function siteOriginOnce(): Promise<string | undefined> {
  siteOrigin ??= view.getContext().then(
    (c) => {
      const url = (c as { siteUrl?: unknown }).siteUrl;
      try {
        return typeof url === 'string' ? new URL(url).origin : undefined;
      } catch {
        return undefined;
      }
    },
    () => undefined,
  );
  return siteOrigin;
}

/** What the router gets: a site-relative path for the product site's own pages, the URL itself for any other site. */
export function routerLocation(href: string, origin: string | undefined): string {
  if (isSitePath(href)) return href;
  try {
    const u = new URL(href);
    if (origin && u.origin === origin) return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    /* not a URL: passed on as it is */
  }
  return href;
}

/** Navigates the product page (or opens a new tab) through the bridge; a refusal (the person said no) changes nothing. */
export function followLink(href: string, newTab: boolean): Promise<void> {
  return siteOriginOnce()
    .then((origin) => {
      const location = routerLocation(href, origin);
      return newTab ? router.open(location) : router.navigate(location);
    })
    .catch(() => undefined);
}

export function ProductLink({
  href,
  children,
  label,
  newTab = false,
}: {
  href: string | null | undefined;
  children: ReactNode;
  label?: string;
  newTab?: boolean;
}) {
  const [origin, setOrigin] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void siteOriginOnce().then((o) => {
      if (live) setOrigin(o);
    });
    return () => {
      live = false;
    };
  }, []);
  if (!isSafeUrl(href) && !isSitePath(href)) return <span>{children}</span>;
  const shown = isSitePath(href) && origin ? `${origin}${href}` : href;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    void followLink(href, newTab || e.metaKey || e.ctrlKey || e.shiftKey);
  };
  const onAuxClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 1) return;
    e.preventDefault();
    void followLink(href, true);
  };
  return (
    <a href={shown} onClick={onClick} onAuxClick={onAuxClick} aria-label={label}>
      {children}
    </a>
  );
}

/** Saves text as a file through a Blob (the CSV export). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
