/**
 * Template check (which required sections are missing or hold only the template's text) and the
 * "add the missing sections" edit.
 */
import { reduce } from '@atlaskit/adf-utils/traverse';
import type { BlockContent } from '@atlaskit/adf-schema/block-content';
import type { TemplateSection } from '../../contracts/settings';
import { attrString, isRecord, normalizeTitle, plainText, toSafeDoc, toSafeNode, words, type SafeNode } from './adf';
import { blocksBySection, SectionMatcher, sectionStartsIn, splitSafeDoc } from './sections';
import { GUIDANCE_LOCAL_ID_PREFIX, scaffoldWords, sectionNodes } from './template';

const BODY_KINDS: ReadonlyArray<TemplateSection['body']> = [
  'paragraph',
  'timeline-table',
  'questions',
  'five-whys',
  'lessons',
  'action-items',
];

export type TemplateProblemKind = 'missing' | 'guidance-only';

export interface TemplateCheckProblem {
  kind: TemplateProblemKind;
  sectionId: string;
  title: string;
  message: string;
}

export interface TemplateCheckResult {
  /** True when every required section is there and holds something a person wrote. */
  ok: boolean;
  /** Problems with required sections, in template order. */
  problems: TemplateCheckProblem[];
  /** Every template section (required or not) the page lacks, in template order. */
  missingSectionIds: string[];
  /** Every template section (required or not) present but holding only template text. */
  guidanceOnlySectionIds: string[];
  /** False when the page body was not an ADF document (everything then counts as missing). */
  readable: boolean;
}

export interface TemplateCheckOptions {
  /**
   * How many action items the incident has. When given, an `action-items` section counts as filled
   * when there is at least one (or a person wrote in it). When not given, `action-items` sections
   * are only checked for presence, since their content lives in Jira, not in the page.
   */
  actionItemCount?: number;
}

/** Nodes that are content a person put there even without words (images, cards, macros, mentions…). */
const NON_TEXT_CONTENT = new Set([
  'media',
  'mediaSingle',
  'mediaGroup',
  'mediaInline',
  'inlineCard',
  'blockCard',
  'embedCard',
  'extension',
  'bodiedExtension',
  'inlineExtension',
  'mention',
  'date',
  'status',
]);

/** Whether a node is a template guidance panel (see template.ts). `guidanceKeys`: normalised guidance texts. */
export function isGuidancePanel(n: SafeNode, guidanceKeys: ReadonlySet<string>): boolean {
  if (n.type !== 'panel') return false;
  if (attrString(n, 'localId')?.startsWith(GUIDANCE_LOCAL_ID_PREFIX)) return true;
  return attrString(n, 'panelType') === 'info' && guidanceKeys.has(normalizeTitle(plainText(n)));
}

function subtract(bag: Map<string, number>, list: readonly string[]): void {
  for (const w of list) {
    const n = bag.get(w);
    if (n !== undefined) {
      if (n <= 1) bag.delete(w);
      else bag.set(w, n - 1);
    }
  }
}

/**
 * Whether the blocks of a section hold something a person wrote: words beyond the guidance and
 * the scaffold of its body shape, or non-text content (an image, a card, a macro, a mention).
 */
export function hasPersonContent(blocks: readonly SafeNode[], section: TemplateSection, guidanceKeys: ReadonlySet<string>): boolean {
  const bag = new Map<string, number>();
  for (const block of blocks) {
    if (isGuidancePanel(block, guidanceKeys)) continue;
    const nonText = reduce<boolean>(block, (found, n) => found || NON_TEXT_CONTENT.has(n.type), false);
    if (nonText) return true;
    for (const w of words(plainText(block))) bag.set(w, (bag.get(w) ?? 0) + 1);
  }
  subtract(bag, scaffoldWords(section.body));
  // The page may have been made when the section had another body shape (admins can change it).
  if (bag.size > 0) for (const kind of BODY_KINDS) if (kind !== section.body) subtract(bag, scaffoldWords(kind));
  subtract(bag, words(section.guidance));
  return bag.size > 0;
}

function guidanceKeysOf(template: readonly TemplateSection[]): Set<string> {
  return new Set(template.map((s) => normalizeTitle(s.guidance)).filter((k) => k.length > 0));
}

/** The template check of a page body (untrusted JSON). */
export function checkTemplate(
  page: unknown,
  template: readonly TemplateSection[],
  options: TemplateCheckOptions = {},
): TemplateCheckResult {
  const doc = toSafeDoc(page);
  const present = doc ? blocksBySection(splitSafeDoc(doc, template)) : new Map<string, SafeNode[]>();
  const guidanceKeys = guidanceKeysOf(template);
  const problems: TemplateCheckProblem[] = [];
  const missingSectionIds: string[] = [];
  const guidanceOnlySectionIds: string[] = [];
  for (const section of template) {
    const blocks = present.get(section.id);
    if (!blocks) {
      missingSectionIds.push(section.id);
      if (section.required)
        problems.push({
          kind: 'missing',
          sectionId: section.id,
          title: section.title,
          message: `The required section "${section.title}" is missing: add it (the macro can add the missing sections for you).`,
        });
      continue;
    }
    let filled: boolean;
    if (section.body === 'action-items' && options.actionItemCount === undefined) filled = true;
    else
      filled = (section.body === 'action-items' && (options.actionItemCount ?? 0) > 0) || hasPersonContent(blocks, section, guidanceKeys);
    if (!filled) {
      guidanceOnlySectionIds.push(section.id);
      if (section.required)
        problems.push({
          kind: 'guidance-only',
          sectionId: section.id,
          title: section.title,
          message:
            section.body === 'action-items'
              ? `The required section "${section.title}" has no action items yet: add at least one in the macro.`
              : `The required section "${section.title}" still holds only the template's guidance: write it.`,
        });
    }
  }
  return { ok: problems.length === 0, problems, missingSectionIds, guidanceOnlySectionIds, readable: doc !== undefined };
}

// ---------------------------------------------------------------------------------------------

export type InsertResult =
  { ok: true; doc: Record<string, unknown> & { type: 'doc'; content: unknown[] }; added: string[] } | { ok: false; message: string };

/**
 * Inserts the template sections the page lacks where the template puts them: each right after
 * the nearest preceding template section the page has (after that section's last block, before
 * the next level-1/2 heading); one with none before it goes before the first template section
 * on the page, or at the end when the page has none. Several missing in a row keep template
 * order. Pure and re-appliable: every existing node is kept as it is (same objects, same order;
 * nothing is mutated), and applying it to its own result adds nothing. Meant to be re-applied to
 * a freshly read page when saving hits a version conflict. New sections are built with
 * `@atlaskit/adf-utils` builders (see `sectionNodes`).
 */
export function insertMissingSections(page: unknown, template: readonly TemplateSection[]): InsertResult {
  if (!isRecord(page) || page.type !== 'doc' || !Array.isArray(page.content))
    return { ok: false, message: 'The page body is not an ADF document, so sections cannot be added to it.' };
  const safe = toSafeDoc(page);
  if (!safe) return { ok: false, message: 'The page body is not an ADF document, so sections cannot be added to it.' };
  const present = blocksBySection(splitSafeDoc(safe, template));
  const missing = template.filter((s) => !present.has(s.id));
  const content: unknown[] = page.content;
  if (missing.length === 0) return { ok: true, doc: { ...page, type: 'doc', content }, added: [] };

  // Where each template section starts and ends, as indexes of top-level blocks.
  const matcher = new SectionMatcher(template);
  const firstStart = new Map<string, number>();
  const lastEnd = new Map<string, number>();
  let current: string | null = null;
  content.forEach((raw, i) => {
    const block = toSafeNode(raw);
    for (const id of block ? sectionStartsIn(block, matcher) : []) {
      current = id;
      if (id === null) continue;
      if (!firstStart.has(id)) firstStart.set(id, i);
      lastEnd.set(id, i);
    }
    if (current !== null) lastEnd.set(current, i);
  });
  const firstTemplateStart = Math.min(content.length, ...firstStart.values());

  const inserts = new Map<number, BlockContent[]>();
  template.forEach((s, t) => {
    if (present.has(s.id)) return;
    const anchor = template
      .slice(0, t)
      .reverse()
      .find((p) => lastEnd.has(p.id));
    const at = anchor ? lastEnd.get(anchor.id)! + 1 : firstTemplateStart;
    inserts.set(at, [...(inserts.get(at) ?? []), ...sectionNodes(s)]);
  });
  const out: unknown[] = [];
  for (let i = 0; i <= content.length; i += 1) {
    out.push(...(inserts.get(i) ?? []));
    if (i < content.length) out.push(content[i]);
  }
  return { ok: true, doc: { ...page, type: 'doc', content: out }, added: missing.map((s) => s.id) };
}
