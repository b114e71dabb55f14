/**
 * HTML for mail bodies (Jira's notify API takes an `htmlBody`). Every piece of product text
 * (summaries, names, titles) is attacker-controlled: anyone who can edit an issue can put
 * `<script>` in its summary. So mail HTML is built only with the `html` tagged template below,
 * which escapes every interpolated value unless it is itself `SafeHtml` made by this module.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

/** A string of HTML known to be safe: only this module creates one. */
export class SafeHtml {
  readonly #html: string;
  private constructor(value: string) {
    this.#html = value;
  }
  /** @internal only for this module's builders. */
  static fromTrusted(value: string): SafeHtml {
    return new SafeHtml(value);
  }
  toString(): string {
    return this.#html;
  }
}

/** What may be interpolated into `html`: text is escaped, SafeHtml kept, lists joined, nothing dropped. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return escapeHtml(String(value));
}

/**
 * Tagged template: the literal parts are trusted markup written by us, every `${value}` is
 * escaped (unless SafeHtml). Attribute values must be written in double quotes: `href="${url}"`.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? '');
  }
  return SafeHtml.fromTrusted(out);
}

/** Joins pieces of HTML (escaping any plain text among them). */
export function joinHtml(parts: readonly HtmlValue[], separator: SafeHtml | string = ''): SafeHtml {
  const sep = render(separator);
  return SafeHtml.fromTrusted(parts.map((p) => render(p)).join(sep));
}

/**
 * Returns the URL if it is absolute http(s) (or mailto), else undefined. Blocks `javascript:`,
 * `data:`, protocol-relative and other schemes, and URLs with control characters or spaces.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  const u = url.trim();
  if (u.length > 2000 || /[\u0000-\u0020\u007f]/.test(u)) return undefined;
  if (!/^(https?:\/\/[^/?#]+|mailto:)/i.test(u)) return undefined;
  return u;
}

/** `<a href>` to a safe URL, or just the (escaped) text when the URL is not safe. */
export function link(url: string | null | undefined, text: HtmlValue): SafeHtml {
  const href = safeUrl(url);
  return href === undefined ? html`${text}` : html`<a href="${href}">${text}</a>`;
}

/**
 * Product text for a plain-text body or a subject: control characters and line breaks become
 * single spaces (no header or layout injection), and it is cut to `max` characters with "…".
 */
export function oneLine(text: string | null | undefined, max = 200): string {
  const flat = (text ?? '').replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
