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
  if (
    u.length > 2000 ||
    /[\u0000-\u0020\u007f]/.test(u) ||
    INVISIBLE.test(u) ||
    /\p{Cc}|\p{Z}/u.test(u) ||
    u.replace(LONE_SURROGATE, '') !== u
  )
    return undefined;
  if (!/^(https?:\/\/[^/?#]+|mailto:)/i.test(u)) return undefined;
  return u;
}

/** `<a href>` to a safe URL, or just the (escaped) text when the URL is not safe. */
export function link(url: string | null | undefined, text: HtmlValue): SafeHtml {
  const href = safeUrl(url);
  return href === undefined ? html`${text}` : html`<a href="${href}">${text}</a>`;
}

/**
 * Characters that change how text around them is shown without showing themselves: format
 * characters (`Cf`: the bidirectional overrides and isolates such as U+202E RIGHT-TO-LEFT OVERRIDE,
 * zero-width spaces and joiners, the byte order mark, tag characters) and the other default-
 * ignorable code points (variation selectors, Hangul fillers, soft hyphen). In a subject or a name
 * they let product text pass for something else ("invoice‮fdp.exe"), so mail drops them.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const INVISIBLE_ALL = /[\p{Cf}\p{Default_Ignorable_Code_Point}]+/gu;
/** Control characters and line or paragraph separators: become one space (no header or layout injection). */
const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;
/** A UTF-16 surrogate without its pair (not text; mail encoders reject or mangle it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Product text with nothing invisible or controlling left: what mail shows of it. */
export function visibleText(text: string | null | undefined): string {
  return (text ?? '').replace(LONE_SURROGATE, '\uFFFD').replace(BREAKS, ' ').replace(INVISIBLE_ALL, '');
}

/**
 * Product text for a plain-text body or a subject (and for names and titles in HTML): control
 * characters and line breaks become single spaces (no header or layout injection), invisible and
 * direction-changing characters are dropped, runs of spaces collapse, and it is cut to `max`
 * characters with "…" (never between the two halves of a surrogate pair).
 */
export function oneLine(text: string | null | undefined, max = 200): string {
  const flat = visibleText(text).replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = Math.max(0, max - 1);
  if (cut > 0 && /[\uD800-\uDBFF]/.test(flat[cut - 1] ?? '')) cut -= 1;
  return `${flat.slice(0, cut).trimEnd()}…`;
}
