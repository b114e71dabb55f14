/**
 * Links and downloads from inside a Custom UI iframe. A plain link cannot navigate the product page
 * from the sandboxed iframe, so a click asks the host through `router.open` (a new tab); the `href`
 * stays for screen readers, "copy link" and middle-click.
 */
import { router } from '@forge/bridge';
import type { MouseEvent, ReactNode } from 'react';

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

export function ProductLink({ href, children, label }: { href: string | null | undefined; children: ReactNode; label?: string }) {
  if (!isSafeUrl(href)) return <span>{children}</span>;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    router.open(href).catch(() => window.open(href, '_blank', 'noopener'));
  };
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" onClick={onClick} aria-label={label}>
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
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
