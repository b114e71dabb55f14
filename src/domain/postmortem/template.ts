/**
 * The postmortem template: admin-supplied sections (validated here) and the ADF each section
 * starts with. Built with `@atlaskit/adf-utils` builders; the tests validate every document built
 * here against `@atlaskit/adf-schema`'s JSON schema.
 *
 * How the template marks its own text, so that the check can tell "a person wrote here" from
 * "only the template's text is here":
 * - Each section starts with a level-2 heading holding the section title, with
 *   `attrs.localId = "pm-section-<id>"` (a hint; sections are found by their title first).
 * - The section's guidance sits in an `info` panel with `attrs.localId = "pm-guidance-<id>"`,
 *   its text in italics. Text inside a guidance panel never counts as written by a person.
 *   An `info` panel whose text equals some section's guidance counts as guidance too (in case the
 *   editor dropped the localId); so does a paragraph whose words are only the guidance's words.
 * - The body shape (table headers, the incident questions, "Why?" five times, the lessons
 *   headings, the action-items note) is "scaffold": its words are subtracted from the section's
 *   words before deciding whether a person wrote anything.
 */
import {
  bulletList,
  doc,
  em,
  heading,
  listItem,
  orderedList,
  p,
  panel,
  table,
  tableCell,
  tableHeader,
  tableRow,
  text,
} from '@atlaskit/adf-utils/builders';
import type { BlockContent } from '@atlaskit/adf-schema/block-content';
import type { DocNode } from '@atlaskit/adf-schema';
import type { PanelAttributes } from '@atlaskit/adf-schema/panel';
import type { ExtensionDefinition } from '@atlaskit/adf-schema/extension';
import { TemplateSection } from '../../contracts/settings';
import { normalizeTitle, plainText, toSafeNode, words } from './adf';

export const MAX_TEMPLATE_SECTIONS = 30;
export const SECTION_LOCAL_ID_PREFIX = 'pm-section-';
export const GUIDANCE_LOCAL_ID_PREFIX = 'pm-guidance-';

const INFO_PANEL = 'info' as PanelAttributes['panelType'];

export type SectionBodyKind = TemplateSection['body'];

/** The incident questions the `questions` body asks, in order. */
export const INCIDENT_QUESTIONS: ReadonlyArray<{ key: 'detection' | 'diagnosis' | 'mitigation' | 'prevention'; text: string }> = [
  { key: 'detection', text: 'Detection: how did we find out, and how could we have found out sooner?' },
  { key: 'diagnosis', text: 'Diagnosis: how did we find the cause, and what slowed us down?' },
  { key: 'mitigation', text: 'Mitigation: how did we stop the impact, and how could we have stopped it sooner?' },
  { key: 'prevention', text: 'Prevention: what keeps this from happening again?' },
];
export const TIMELINE_COLUMNS = ['Time (UTC)', 'What happened'] as const;
export const LESSONS_HEADINGS = ['What went well', 'What went wrong', 'Where we got lucky'] as const;
export const FIVE_WHYS_PROMPT = 'Why?';
export const ACTION_ITEMS_NOTE =
  'Action items are Jira tasks with an owner and a due date. Add and follow them in the Postmortem macro at the top of this page.';

const emptyParagraph = () => p();

/** The scaffold a section's body starts with (no heading, no guidance). */
export function sectionBody(kind: SectionBodyKind): BlockContent[] {
  switch (kind) {
    case 'paragraph':
      return [emptyParagraph()];
    case 'timeline-table': {
      const header = tableRow(TIMELINE_COLUMNS.map((c) => tableHeader()(p(c))));
      const rows = [0, 1, 2].map(() => tableRow([tableCell()(emptyParagraph()), tableCell()(emptyParagraph())]));
      return [table(header, ...rows)];
    }
    case 'questions':
      return INCIDENT_QUESTIONS.flatMap((q) => [heading({ level: 3 })(text(q.text)), emptyParagraph()]);
    case 'five-whys':
      return [orderedList({ order: 1 })(...[1, 2, 3, 4, 5].map(() => listItem([p(FIVE_WHYS_PROMPT)])))];
    case 'lessons':
      return LESSONS_HEADINGS.flatMap((h) => [heading({ level: 3 })(text(h)), bulletList(listItem([emptyParagraph()]))]);
    case 'action-items':
      return [p(em(ACTION_ITEMS_NOTE))];
  }
}

/** The guidance panel of a section, or none when the section has no guidance. */
export function guidancePanel(section: Pick<TemplateSection, 'id' | 'guidance'>): BlockContent | undefined {
  const guidance = section.guidance.trim();
  if (!guidance) return undefined;
  return panel({ panelType: INFO_PANEL, localId: `${GUIDANCE_LOCAL_ID_PREFIX}${section.id}` })(p(em(guidance)));
}

/** Heading (level 2), guidance panel and body scaffold of one section. */
export function sectionNodes(section: TemplateSection): BlockContent[] {
  const nodes: BlockContent[] = [heading({ level: 2, localId: `${SECTION_LOCAL_ID_PREFIX}${section.id}` })(text(section.title))];
  const g = guidancePanel(section);
  if (g) nodes.push(g);
  nodes.push(...sectionBody(section.body));
  return nodes;
}

export interface PostmortemDocInput {
  sections: readonly TemplateSection[];
  /** The Postmortem macro node (see `buildPostmortemMacro`), placed at the top. */
  macro?: ExtensionDefinition;
}

/** A new postmortem page body: the macro at the top, then every template section in order. */
export function buildPostmortemDoc(input: PostmortemDocInput): DocNode {
  const content: BlockContent[] = [];
  if (input.macro) content.push(input.macro);
  for (const s of input.sections) content.push(...sectionNodes(s));
  return doc(...content);
}

const scaffoldCache = new Map<SectionBodyKind, string[]>();
/** Words the template's body scaffold of this kind contains (not written by a person). */
export function scaffoldWords(kind: SectionBodyKind): string[] {
  let w = scaffoldCache.get(kind);
  if (!w) {
    const node = toSafeNode({ type: 'doc', content: sectionBody(kind) });
    w = node ? words(plainText(node)) : [];
    scaffoldCache.set(kind, w);
  }
  return w;
}

// ---------------------------------------------------------------------------------------------
// Validation of admin-supplied templates

export interface TemplateProblem {
  /** Index of the section the problem is about, when it is about one. */
  index?: number;
  sectionId?: string;
  field?: string;
  message: string;
}

export type TemplateValidation = { ok: true; sections: TemplateSection[] } | { ok: false; problems: TemplateProblem[] };

function describeSection(index: number, raw: unknown): string {
  const title = typeof raw === 'object' && raw !== null && 'title' in raw ? (raw as { title: unknown }).title : undefined;
  return typeof title === 'string' && title.trim() ? `Section ${index + 1} ("${title.trim().slice(0, 60)}")` : `Section ${index + 1}`;
}

/**
 * Checks an admin-supplied template: each section against the `TemplateSection` contract, then
 * the rules across sections: 1–30 sections, unique ids, unique titles (ignoring case and
 * spacing), at least one required section. Every problem gets its own message.
 */
export function validateTemplate(input: unknown): TemplateValidation {
  if (!Array.isArray(input)) return { ok: false, problems: [{ message: 'The template must be a list of sections.' }] };
  const problems: TemplateProblem[] = [];
  if (input.length === 0) problems.push({ message: 'The template needs at least one section.' });
  if (input.length > MAX_TEMPLATE_SECTIONS)
    problems.push({ message: `The template has ${input.length} sections; at most ${MAX_TEMPLATE_SECTIONS} are allowed.` });

  const sections: TemplateSection[] = [];
  input.slice(0, 100).forEach((raw, index) => {
    const parsed = TemplateSection.safeParse(raw);
    if (parsed.success) {
      sections.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
      problems.push({
        index,
        field,
        message: `${describeSection(index, raw)}: ${field ? `${field}: ` : ''}${issue.message}`,
      });
    }
  });

  const byId = new Map<string, number>();
  const byTitle = new Map<string, number>();
  sections.forEach((s, i) => {
    const firstId = byId.get(s.id);
    if (firstId !== undefined)
      problems.push({
        index: i,
        sectionId: s.id,
        field: 'id',
        message: `Two sections have the id "${s.id}"; each section needs its own id.`,
      });
    else byId.set(s.id, i);
    const key = normalizeTitle(s.title);
    const firstTitle = byTitle.get(key);
    if (firstTitle !== undefined)
      problems.push({
        index: i,
        sectionId: s.id,
        field: 'title',
        message: `Two sections are titled "${s.title}" (titles are compared ignoring case); give each section its own title.`,
      });
    else byTitle.set(key, i);
  });
  if (sections.length > 0 && sections.length === input.length && !sections.some((s) => s.required))
    problems.push({ message: 'Mark at least one section as required.' });

  return problems.length > 0 ? { ok: false, problems } : { ok: true, sections };
}
