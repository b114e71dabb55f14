/**
 * Reading a page's sections. A section starts at a level-1 or level-2 heading and runs to the next
 * one. A heading is a template section when
 * - its `localId` is `pm-section-<id>` for an id in the template (the heading the template wrote:
 *   still recognised after an admin renamed the section or a writer retitled the heading), or
 * - its text equals a template title, ignoring case, spacing, a leading "1." / "1)" numbering and
 *   a trailing colon.
 * Other level-1/2 headings start sections of their own with no template id (so text under a
 * writer's own "Appendix" is not counted as part of the section above it). Headings inside
 * layouts (`layoutSection` → `layoutColumn`) count as part of the page's flow; headings nested
 * deeper (tables, panels, expands) do not split sections.
 */
import type { TemplateSection } from '../../contracts/settings';
import { attrString, normalizeTitle, plainText, toSafeDoc, type SafeNode } from './adf';
import { SECTION_LOCAL_ID_PREFIX } from './template';

export interface PageSection {
  /** The template section this is, when it is one. */
  section?: TemplateSection;
  /** The heading's text as written on the page. */
  headingText: string;
  heading: SafeNode;
  /** The blocks after the heading, up to the next level-1/2 heading. */
  nodes: SafeNode[];
}

export interface PageSections {
  /** Blocks before the first level-1/2 heading (the page header, usually holding the macro). */
  preamble: SafeNode[];
  sections: PageSection[];
}

/** Title comparison key: case/space-insensitive, without leading numbering or a trailing colon. */
export function titleKey(title: string): string {
  return normalizeTitle(title)
    .replace(/^(?:\d{1,2}|[ivx]{1,5})\s*[.):]\s+/u, '')
    .replace(/\s*:$/u, '');
}

function isSectionHeading(n: SafeNode): boolean {
  if (n.type !== 'heading') return false;
  const level = n.attrs?.level;
  return level === 1 || level === 2;
}

/** The page's blocks in reading order, with layouts flattened. */
function flow(doc: SafeNode): SafeNode[] {
  const out: SafeNode[] = [];
  for (const block of doc.content ?? []) {
    if (block.type === 'layoutSection') {
      for (const column of block.content ?? []) {
        if (column.type === 'layoutColumn') out.push(...(column.content ?? []));
        else out.push(column);
      }
    } else out.push(block);
  }
  return out;
}

export class SectionMatcher {
  private readonly byId = new Map<string, TemplateSection>();
  private readonly byTitle = new Map<string, TemplateSection>();
  constructor(template: readonly TemplateSection[]) {
    for (const s of template) {
      if (!this.byId.has(s.id)) this.byId.set(s.id, s);
      const key = titleKey(s.title);
      if (!this.byTitle.has(key)) this.byTitle.set(key, s);
    }
  }
  match(heading: SafeNode, text: string): TemplateSection | undefined {
    const localId = attrString(heading, 'localId');
    if (localId?.startsWith(SECTION_LOCAL_ID_PREFIX)) {
      const s = this.byId.get(localId.slice(SECTION_LOCAL_ID_PREFIX.length));
      if (s) return s;
    }
    return this.byTitle.get(titleKey(text));
  }
}

/**
 * The section headings one top-level block starts, in reading order: the template section id of
 * each, or null for a heading of the writer's own. A heading block starts one; a layout starts
 * those in its columns; other blocks none.
 */
export function sectionStartsIn(block: SafeNode, matcher: SectionMatcher): Array<string | null> {
  return flow({ type: 'doc', content: [block] })
    .filter(isSectionHeading)
    .map((h) => matcher.match(h, plainText(h).replace(/\s+/gu, ' ').trim())?.id ?? null);
}

/** Splits a checked document into its sections. */
export function splitSafeDoc(doc: SafeNode, template: readonly TemplateSection[]): PageSections {
  const matcher = new SectionMatcher(template);
  const result: PageSections = { preamble: [], sections: [] };
  let current: PageSection | undefined;
  for (const block of flow(doc)) {
    if (isSectionHeading(block)) {
      const headingText = plainText(block).replace(/\s+/gu, ' ').trim();
      const section = matcher.match(block, headingText);
      current = section ? { section, headingText, heading: block, nodes: [] } : { headingText, heading: block, nodes: [] };
      result.sections.push(current);
    } else if (current) current.nodes.push(block);
    else result.preamble.push(block);
  }
  return result;
}

/** Splits a page body (untrusted JSON, or a JSON string) into sections; undefined when it is no ADF document. */
export function readSections(page: unknown, template: readonly TemplateSection[]): PageSections | undefined {
  const doc = toSafeDoc(page);
  return doc ? splitSafeDoc(doc, template) : undefined;
}

/** The blocks of every occurrence of each template section, by section id (a section written twice is merged). */
export function blocksBySection(sections: PageSections): Map<string, SafeNode[]> {
  const map = new Map<string, SafeNode[]>();
  for (const s of sections.sections) {
    if (!s.section) continue;
    const list = map.get(s.section.id);
    if (list) list.push(...s.nodes);
    else map.set(s.section.id, [...s.nodes]);
  }
  return map;
}
