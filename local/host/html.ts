/** HTML escaping for the host pages: every value that came from the products goes through `esc`. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON for a `data-*` attribute (escaped for an attribute value). */
export function attrJson(value: unknown): string {
  return esc(JSON.stringify(value ?? null));
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Reads a nested field (`a.b.c`) from outside data without trusting its shape. */
export function pick(v: unknown, path: string): unknown {
  let cur = v;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

export function safeHref(href: unknown): string {
  const s = str(href) ?? '';
  return /^(https?:|mailto:|\/|#)/i.test(s) ? s : '#';
}
