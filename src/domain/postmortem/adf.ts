/**
 * A defensive, read-only view of a page's ADF. Page bodies are untrusted JSON (anyone who can
 * edit the page shapes them), so nothing here assumes a shape: `toSafeNode` copies only what it
 * can check (a string `type`, an object `attrs`, an array `content`, a string `text`, an array of
 * marks) and cuts the tree at `MAX_DEPTH` and after `MAX_NODES` nodes, so later code can recurse
 * without risking a stack overflow or unbounded work. Nothing here throws.
 */

export interface SafeMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface SafeNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: SafeNode[];
  text?: string;
  marks?: SafeMark[];
}

/** Deeper content is dropped from the view (Confluence's editor nests far less than this). */
export const MAX_DEPTH = 64;
/** Nodes past this count are dropped from the view (a 200 KB page has a few thousand). */
export const MAX_NODES = 200_000;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeAttrs(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function safeMarks(value: unknown): SafeMark[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const marks: SafeMark[] = [];
  for (const m of value.slice(0, 32)) {
    if (isRecord(m) && typeof m.type === 'string') {
      const attrs = safeAttrs(m.attrs);
      marks.push(attrs ? { type: m.type, attrs } : { type: m.type });
    }
  }
  return marks;
}

/**
 * The checked view of an untrusted ADF node, or undefined when `value` is not a node at all.
 * Iterative, so hostile nesting cannot overflow the stack while copying.
 */
export function toSafeNode(value: unknown): SafeNode | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  let budget = MAX_NODES;
  const root: SafeNode = { type: value.type };
  const stack: Array<{ src: Record<string, unknown>; dst: SafeNode; depth: number }> = [{ src: value, dst: root, depth: 0 }];
  while (stack.length > 0) {
    const { src, dst, depth } = stack.pop()!;
    const attrs = safeAttrs(src.attrs);
    if (attrs) dst.attrs = attrs;
    if (typeof src.text === 'string') dst.text = src.text;
    const marks = safeMarks(src.marks);
    if (marks) dst.marks = marks;
    if (Array.isArray(src.content)) {
      const children: SafeNode[] = [];
      if (depth < MAX_DEPTH) {
        for (const child of src.content) {
          if (budget <= 0) break;
          if (!isRecord(child) || typeof child.type !== 'string') continue;
          budget -= 1;
          const node: SafeNode = { type: child.type };
          children.push(node);
          stack.push({ src: child, dst: node, depth: depth + 1 });
        }
      }
      dst.content = children;
    }
  }
  return root;
}

/** The checked view of a document: its top-level block nodes, or undefined when it is no ADF doc. */
export function toSafeDoc(value: unknown): SafeNode | undefined {
  const node = toSafeNode(typeof value === 'string' ? tryParseJson(value) : value);
  if (!node || node.type !== 'doc') return undefined;
  return { ...node, content: node.content ?? [] };
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function attrString(node: SafeNode, key: string): string | undefined {
  const v = node.attrs?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function hasMark(node: SafeNode, type: string): boolean {
  return node.marks?.some((m) => m.type === type) ?? false;
}

/**
 * Plain text of a node: text nodes, mention/emoji/date/status text, hard breaks as spaces,
 * blocks separated by newlines. Iterative.
 */
export function plainText(node: SafeNode): string {
  const out: string[] = [];
  const stack: Array<SafeNode | '\n'> = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === '\n') {
      out.push('\n');
      continue;
    }
    const inline = inlineText(n);
    if (inline !== undefined) {
      out.push(inline);
      continue;
    }
    if (n.content) {
      if (!isInlineContainer(n)) stack.push('\n');
      for (let i = n.content.length - 1; i >= 0; i -= 1) stack.push(n.content[i]!);
    }
  }
  return out.join('');
}

/** The text an inline leaf shows, or undefined for nodes that are not inline leaves. */
export function inlineText(n: SafeNode): string | undefined {
  switch (n.type) {
    case 'text':
      return n.text ?? '';
    case 'hardBreak':
      return ' ';
    case 'mention':
      return attrString(n, 'text') ?? '@someone';
    case 'emoji':
      return attrString(n, 'text') ?? attrString(n, 'shortName') ?? '';
    case 'status':
      return attrString(n, 'text') ?? '';
    case 'date':
    case 'inlineCard':
    case 'placeholder':
    case 'mediaInline':
    case 'inlineExtension':
      return '';
    default:
      return undefined;
  }
}

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock', 'decisionItem', 'taskItem', 'blockTaskItem', 'caption']);

/** Nodes whose children are inline content (text and inline leaves). */
export function isInlineContainer(n: SafeNode): boolean {
  return TEXTBLOCKS.has(n.type);
}

/** Collapses whitespace, trims and lower-cases with Unicode normalisation: for comparing titles. */
export function normalizeTitle(s: string): string {
  return s.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('en');
}

/** Words (letters/digits runs) of a text, lower-cased, for counting what a person wrote. */
export function words(s: string): string[] {
  return (
    s
      .normalize('NFKC')
      .toLocaleLowerCase('en')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
