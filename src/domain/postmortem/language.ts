/**
 * Blameless and plain-language checks on a postmortem page's ADF (untrusted JSON).
 *
 * What is checked, and where:
 * - Only sections after a level-1/2 heading. The page header before the first section (where the
 *   Postmortem macro and the owner's name live) is never checked.
 * - Template sections with `narrative: false` (by default: Action items) are skipped entirely.
 *   A section whose body is `action-items` is never checked for people (its assignees belong
 *   there), even when an admin marks it narrative; it is still checked for host names then.
 * - Sections that are not in the template (a writer's own "Appendix") are checked like narrative ones.
 * - Guidance panels (the template's own text) are skipped.
 * - People: `mention` nodes, and the full names and first names of the people involved, as whole
 *   words, case-insensitive, Unicode-aware (a first name that is also a common English word, like
 *   "Will" or "May", only counts with the capitals it has in the person's name). Checked in
 *   every block, code blocks included (a log line naming someone still names them).
 * - Internal names: host-like names and IPv4 addresses (see hosts.ts), and every glossary term.
 *   Code blocks are not checked for these (they hold verbatim logs and commands, where the exact
 *   host is the point); inline `code` text is. Text inside links and URLs is not checked (a link to
 *   a dashboard is not prose).
 * Findings are grouped: one per kind, section and matched text (case-insensitive), with the first
 * occurrence's excerpt and the number of occurrences; at most MAX_FINDINGS groups.
 */
import type { GlossaryEntry, TemplateSection } from '../../contracts/settings';
import { attrString, hasMark, inlineText, isInlineContainer, normalizeTitle, toSafeDoc, type SafeNode } from './adf';
import { isGuidancePanel } from './check';
import { classifyToken, TOKEN_RE } from './hosts';
import { splitSafeDoc } from './sections';

export interface Person {
  accountId: string;
  displayName: string;
}

export type FindingKind = 'mention' | 'person-name' | 'internal-name';

export interface LanguageFinding {
  kind: FindingKind;
  /** Template section id; absent for a section that is not in the template. */
  sectionId?: string;
  sectionTitle: string;
  /** Up to ~80 characters around the first occurrence. */
  excerpt: string;
  /** The text as written at the first occurrence. */
  match: string;
  suggestion: string;
  occurrences: number;
  /** The person named or mentioned, when known. */
  accountId?: string;
  /** For internal names the glossary knows: its term and plain description. */
  glossaryTerm?: string;
  description?: string;
}

export interface LanguageCheckInput {
  template: readonly TemplateSection[];
  /** Assignee, reporter, page contributors… */
  people: readonly Person[];
  glossary: readonly GlossaryEntry[];
  /**
   * Whether the reader may edit the glossary (a Jira admin): only then does the advice for an
   * unknown internal name say to add it to the glossary. Default true.
   */
  canEditGlossary?: boolean;
}

export interface LanguageCheckResult {
  findings: LanguageFinding[];
  /** True when more than MAX_FINDINGS groups were found (the rest are left out). */
  truncated: boolean;
  /** False when the page body was not an ADF document. */
  readable: boolean;
}

export const MAX_FINDINGS = 200;
export const EXCERPT_LENGTH = 80;

const ROLE_EXAMPLES = '"the on-call engineer", "the operator" or "the incident commander"';

/** First names that are also common words: matched only with the capitals of the person's name. */
const COMMON_WORD_NAMES = new Set([
  'will',
  'may',
  'mark',
  'bill',
  'grant',
  'chase',
  'rob',
  'pat',
  'sue',
  'art',
  'jack',
  'frank',
  'joy',
  'hope',
  'faith',
  'grace',
  'june',
  'april',
  'august',
  'summer',
  'dawn',
  'rose',
  'iris',
  'ray',
  'sky',
  'rich',
  'max',
  'ben',
  'dean',
  'don',
  'gene',
  'guy',
  'hunter',
  'lane',
  'miles',
  'page',
  'penny',
  'ruby',
  'sage',
  'victor',
  'wade',
  'mason',
  'cliff',
  'glen',
  'harry',
  'jay',
  'kit',
  'lee',
  'nick',
  'norm',
  'price',
  'reed',
  'rod',
  'sandy',
  'stone',
  'ward',
  'young',
  'king',
  'long',
  'love',
  'moon',
  'star',
  'an',
  'al',
  'ed',
  'jo',
  'su',
  'li',
]);

const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}\\p{M}_])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}\\p{M}_])';
const URL_RE = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s<>"']+/giu;
const DIGIT_RE = /\d/;

/**
 * Escapes text for use as a literal in a `u`-flag RegExp. Only the syntax characters and `/` may be
 * escaped there (`\-` is a syntax error in `u` mode, which once failed the check for every page);
 * `-` is literal outside a character class, so it stays as it is.
 */
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function keyOf(s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('en');
}

interface Span {
  start: number;
  end: number;
}

interface TextBlock {
  text: string;
  mentions: Array<Span & { accountId?: string }>;
  /** Spans not checked for internal names: links. */
  linkSpans: Span[];
  isCode: boolean;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function overlaps(spans: readonly Span[], start: number, end: number): boolean {
  for (const s of spans) if (start < s.end && end > s.start) return true;
  return false;
}

/** A short, single-line excerpt around [start, end) of `text`, at most EXCERPT_LENGTH characters. */
export function excerptAround(text: string, start: number, end: number): string {
  const budget = EXCERPT_LENGTH - 2;
  const matchLen = end - start;
  let from: number;
  let to: number;
  if (matchLen >= budget) {
    from = start;
    to = start + budget;
  } else {
    const room = budget - matchLen;
    let before = Math.min(start, Math.ceil(room / 2));
    const after = Math.min(text.length - end, room - before);
    before = Math.min(start, room - after);
    from = start - before;
    to = end + after;
  }
  // Do not cut a surrogate pair in half.
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from] ?? '')) from += 1;
  if (to < text.length && /[\uD800-\uDBFF]/.test(text[to - 1] ?? '')) to -= 1;
  const body = text.slice(from, to).replace(/\s+/gu, ' ');
  return `${from > 0 ? '…' : ''}${from > 0 ? body.trimStart() : body}${to < text.length ? '…' : ''}`.trim();
}

/** Collects the text blocks under `node` (skipping guidance panels), in document order. Iterative. */
function textBlocks(roots: readonly SafeNode[], skip: (n: SafeNode) => boolean): TextBlock[] {
  const out: TextBlock[] = [];
  const stack: SafeNode[] = [...roots].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (skip(n)) continue;
    if (isInlineContainer(n)) {
      out.push(readTextBlock(n));
      continue;
    }
    const content = n.content;
    if (content) for (let i = content.length - 1; i >= 0; i -= 1) stack.push(content[i]!);
  }
  return out;
}

function readTextBlock(block: SafeNode): TextBlock {
  const parts: string[] = [];
  let length = 0;
  const mentions: TextBlock['mentions'] = [];
  const linkSpans: Span[] = [];
  const push = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const stack: SafeNode[] = [...(block.content ?? [])].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    const start = length;
    if (n.type === 'mention') {
      const text = attrString(n, 'text') ?? '@someone';
      push(text);
      mentions.push({ start, end: length, accountId: attrString(n, 'id') });
      continue;
    }
    const inline = inlineText(n);
    if (inline !== undefined) {
      push(n.type === 'text' ? inline.normalize('NFC') : inline);
      if (n.type === 'text' && hasMark(n, 'link')) linkSpans.push({ start, end: length });
      continue;
    }
    // Odd nesting (a block inside a paragraph): read its inline content too.
    const content = n.content;
    if (content) {
      push(' ');
      for (let i = content.length - 1; i >= 0; i -= 1) stack.push(content[i]!);
    }
  }
  const text = parts.join('');
  if (text.includes('://')) for (const m of text.matchAll(URL_RE)) linkSpans.push({ start: m.index, end: m.index + m[0].length });
  return { text, mentions, linkSpans, isCode: block.type === 'codeBlock' };
}

interface SectionScope {
  /** Grouping key of the section. */
  key: string;
  sectionId?: string;
  sectionTitle: string;
  checkPeople: boolean;
  checkNames: boolean;
}

/**
 * Compiles the rules once (people, glossary, template) and answers a checker for page bodies.
 * Use it when checking many pages with the same settings; `checkLanguage` is the one-off form.
 */
export function createLanguageChecker(input: LanguageCheckInput): (page: unknown) => LanguageCheckResult {
  // People: name variants → person.
  const people = new Map<string, Person>();
  const ciAlternatives: string[] = [];
  const csAlternatives: string[] = [];
  for (const person of input.people) {
    if (typeof person?.displayName !== 'string' || typeof person.accountId !== 'string') continue;
    const name = person.displayName
      .normalize('NFC')
      .replace(/\([^)]*\)/gu, ' ')
      .replace(/\s+/gu, ' ')
      .trim();
    if (name.length < 2 || name.length > 100 || !/\p{L}/u.test(name)) continue;
    const parts = name.split(' ').filter((p) => /\p{L}/u.test(p));
    if (parts.length === 0) continue;
    const variants = parts.length > 1 ? [parts.join(' '), parts[0]!] : [parts[0]!];
    for (const v of variants) {
      if ([...v].length < 2) continue;
      const key = keyOf(v);
      if (people.has(key)) continue;
      people.set(key, person);
      const pattern = v.split(' ').map(escapeRegExp).join('\\s+');
      if (!v.includes(' ') && COMMON_WORD_NAMES.has(key)) csAlternatives.push(pattern);
      else ciAlternatives.push(pattern);
    }
  }
  const byLength = (a: string, b: string) => b.length - a.length;
  const namesCi = ciAlternatives.length
    ? new RegExp(`${BOUNDARY_BEFORE}(?:${ciAlternatives.sort(byLength).join('|')})${BOUNDARY_AFTER}`, 'giu')
    : undefined;
  const namesCs = csAlternatives.length
    ? new RegExp(`${BOUNDARY_BEFORE}(?:${csAlternatives.sort(byLength).join('|')})${BOUNDARY_AFTER}`, 'gu')
    : undefined;

  // Glossary: term → entry, and a regex for terms in running text.
  const glossaryAdvice = input.canEditGlossary === false ? '' : ', and add it to the glossary';
  const glossary = new Map<string, GlossaryEntry>();
  for (const entry of input.glossary) {
    if (typeof entry?.term !== 'string' || typeof entry.description !== 'string') continue;
    const key = keyOf(entry.term);
    if (key.length > 0 && !glossary.has(key)) glossary.set(key, entry);
  }
  const glossaryRe = glossary.size
    ? new RegExp(
        `${BOUNDARY_BEFORE}(?:${[...glossary.values()]
          .map((e) => e.term.normalize('NFC').trim().split(/\s+/u).map(escapeRegExp).join('\\s+'))
          .sort(byLength)
          .join('|')})${BOUNDARY_AFTER}`,
        'giu',
      )
    : undefined;

  const guidanceKeys = new Set(input.template.map((s) => normalizeTitle(s.guidance)).filter((k) => k.length > 0));

  return (page: unknown): LanguageCheckResult => {
    const doc = toSafeDoc(page);
    if (!doc) return { findings: [], truncated: false, readable: false };
    const groups = new Map<string, LanguageFinding>();
    let truncated = false;
    type Details = Omit<LanguageFinding, 'kind' | 'sectionId' | 'sectionTitle' | 'occurrences' | 'match' | 'excerpt'>;
    /** Counts an occurrence; builds the finding (excerpt, suggestion) only for the first one of its group. */
    const add = (
      scope: SectionScope,
      kind: FindingKind,
      block: TextBlock,
      start: number,
      end: number,
      details: (match: string) => Details,
    ) => {
      const raw = block.text.slice(start, end);
      const key = `${kind}\u0000${scope.key}\u0000${raw.toLowerCase().replace(/\s+/gu, ' ')}`;
      const existing = groups.get(key);
      if (existing) {
        existing.occurrences += 1;
        return;
      }
      if (groups.size >= MAX_FINDINGS) {
        truncated = true;
        return;
      }
      const match = clip(raw.replace(/\s+/gu, ' '), 120);
      const finding: LanguageFinding = {
        kind,
        sectionTitle: scope.sectionTitle,
        excerpt: excerptAround(block.text, start, end),
        match,
        suggestion: '',
        occurrences: 1,
      };
      if (scope.sectionId !== undefined) finding.sectionId = scope.sectionId;
      const d = details(match);
      finding.suggestion = d.suggestion;
      if (d.accountId !== undefined) finding.accountId = d.accountId;
      if (d.glossaryTerm !== undefined) finding.glossaryTerm = d.glossaryTerm;
      if (d.description !== undefined) finding.description = d.description;
      groups.set(key, finding);
    };

    const internalName = (
      scope: SectionScope,
      block: TextBlock,
      start: number,
      end: number,
      entry: GlossaryEntry | undefined,
      ip: boolean,
    ) =>
      add(scope, 'internal-name', block, start, end, (match) =>
        entry
          ? {
              suggestion: `Not every reader knows "${match}": write what it is in plain words, e.g. "${entry.description}".`,
              glossaryTerm: entry.term,
              description: entry.description,
            }
          : {
              suggestion: ip
                ? `"${match}" is an IP address: say in plain words which system it is (e.g. "the primary database")${glossaryAdvice}.`
                : `Not every reader knows "${match}": say in plain words what it is (e.g. "the primary database")${glossaryAdvice}.`,
            },
      );

    const checkBlock = (scope: SectionScope, block: TextBlock) => {
      const { text } = block;
      if (scope.checkPeople) {
        for (const m of block.mentions) {
          add(scope, 'mention', block, m.start, m.end, (match) => ({
            suggestion: `Replace the mention of ${match.replace(/^@/u, '')} with their role in the incident, e.g. ${ROLE_EXAMPLES}.`,
            ...(m.accountId ? { accountId: m.accountId } : {}),
          }));
        }
        const hits: Array<{ start: number; end: number; found: string }> = [];
        for (const re of [namesCi, namesCs]) {
          if (!re) continue;
          re.lastIndex = 0;
          let m: RegExpExecArray | null;
          while ((m = re.exec(text)) !== null) {
            const start = m.index;
            const end = start + m[0].length;
            if (block.mentions.length > 0 && overlaps(block.mentions, start, end)) continue;
            hits.push({ start, end, found: m[0] });
          }
        }
        // Both regexes can match the same words ("Will Chen" and "Will"): keep the longest, in text order.
        if (namesCs && hits.length > 1) hits.sort((a, b) => a.start - b.start || b.end - a.end);
        let lastEnd = -1;
        for (const { start, end, found } of hits) {
          if (start < lastEnd) continue;
          lastEnd = end;
          add(scope, 'person-name', block, start, end, () => {
            const person = people.get(keyOf(found));
            return {
              suggestion: `Name the role instead of the person, e.g. ${ROLE_EXAMPLES}.`,
              ...(person ? { accountId: person.accountId } : {}),
            };
          });
        }
      }
      if (scope.checkNames && !block.isCode) {
        const taken: Span[] = [];
        if (glossaryRe) {
          glossaryRe.lastIndex = 0;
          let m: RegExpExecArray | null;
          while ((m = glossaryRe.exec(text)) !== null) {
            const start = m.index;
            const end = start + m[0].length;
            if (block.linkSpans.length > 0 && overlaps(block.linkSpans, start, end)) continue;
            taken.push({ start, end });
            internalName(scope, block, start, end, glossary.get(keyOf(m[0])), false);
          }
        }
        {
          TOKEN_RE.lastIndex = 0;
          let m: RegExpExecArray | null;
          while ((m = TOKEN_RE.exec(text)) !== null) {
            const token = m[0];
            // Host-like shapes have a digit or a dot (internal domains): skip plain words fast.
            if (!DIGIT_RE.test(token) && !token.includes('.')) continue;
            const kind = classifyToken(token);
            if (!kind) continue;
            const start = m.index;
            const end = start + token.length;
            if ((block.linkSpans.length > 0 && overlaps(block.linkSpans, start, end)) || (taken.length > 0 && overlaps(taken, start, end)))
              continue;
            const lower = token.toLowerCase();
            const entry = glossary.get(lower) ?? glossary.get(lower.split('.')[0] ?? '');
            internalName(scope, block, start, end, entry, kind === 'ip');
          }
        }
      }
    };

    const skipGuidance = (n: SafeNode) => isGuidancePanel(n, guidanceKeys);
    for (const s of splitSafeDoc(doc, input.template).sections) {
      const section = s.section;
      if (section && !section.narrative) continue;
      const scope: SectionScope = {
        key: section ? `#${section.id}` : `?${s.headingText}`,
        sectionTitle: section?.title ?? s.headingText,
        checkPeople: section?.body !== 'action-items',
        checkNames: true,
        ...(section ? { sectionId: section.id } : {}),
      };
      for (const block of textBlocks(s.nodes, skipGuidance)) checkBlock(scope, block);
    }
    return { findings: [...groups.values()], truncated, readable: true };
  };
}

/** The blameless and plain-language findings of a page body (untrusted JSON). */
export function checkLanguage(page: unknown, input: LanguageCheckInput): LanguageCheckResult {
  return createLanguageChecker(input)(page);
}
