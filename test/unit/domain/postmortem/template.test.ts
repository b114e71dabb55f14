import { DEFAULT_TEMPLATE_SECTIONS, type TemplateSection } from '../../../../src/contracts/settings';
import {
  ACTION_ITEMS_NOTE,
  buildPostmortemDoc,
  buildPostmortemMacro,
  FIVE_WHYS_PROMPT,
  GUIDANCE_LOCAL_ID_PREFIX,
  INCIDENT_QUESTIONS,
  LESSONS_HEADINGS,
  SECTION_LOCAL_ID_PREFIX,
  sectionNodes,
  TIMELINE_COLUMNS,
  validateTemplate,
} from '../../../../src/domain/postmortem';
import { adfErrors, expectValidAdf } from './adfSchema';

const macro = buildPostmortemMacro(
  {
    appId: 'ari:cloud:ecosystem::app/5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17',
    environmentId: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    moduleKey: 'postmortem-macro',
  },
  { localId: 'pm-1', config: { incidentKey: 'OPS-12' } },
);

type Json = { type?: string; attrs?: Record<string, unknown>; content?: Json[]; text?: string; marks?: Array<{ type: string }> };
const textOf = (n: Json): string => (n.text ?? '') + (n.content ?? []).map(textOf).join('');

describe('postmortem template ADF', () => {
  const doc = buildPostmortemDoc({ sections: DEFAULT_TEMPLATE_SECTIONS, macro }) as unknown as Json;

  it('is valid against the ADF JSON schema, with and without the macro', () => {
    expectValidAdf(doc);
    expectValidAdf(buildPostmortemDoc({ sections: DEFAULT_TEMPLATE_SECTIONS }));
  });

  it('starts with the macro, then every section as a level-2 heading in template order', () => {
    expect(doc.content?.[0]?.type).toBe('extension');
    const headings = (doc.content ?? []).filter((n) => n.type === 'heading' && n.attrs?.level === 2);
    expect(headings.map(textOf)).toEqual(DEFAULT_TEMPLATE_SECTIONS.map((s) => s.title));
    expect(headings.map((h) => h.attrs?.localId)).toEqual(DEFAULT_TEMPLATE_SECTIONS.map((s) => `${SECTION_LOCAL_ID_PREFIX}${s.id}`));
  });

  it('marks guidance as an info panel with a pm-guidance localId, in italics', () => {
    for (const s of DEFAULT_TEMPLATE_SECTIONS) {
      const [, panel] = sectionNodes(s) as unknown as Json[];
      expect(panel?.type).toBe('panel');
      expect(panel?.attrs).toEqual({ panelType: 'info', localId: `${GUIDANCE_LOCAL_ID_PREFIX}${s.id}` });
      expect(textOf(panel!)).toBe(s.guidance);
      expect(panel?.content?.[0]?.content?.[0]?.marks).toEqual([{ type: 'em' }]);
    }
  });

  it('gives each body kind its shape', () => {
    const body = (id: string) => (sectionNodes(DEFAULT_TEMPLATE_SECTIONS.find((s) => s.id === id)!) as unknown as Json[]).slice(2);
    const [tableNode] = body('timeline');
    expect(tableNode?.type).toBe('table');
    expect(tableNode?.content?.[0]?.content?.map(textOf)).toEqual([...TIMELINE_COLUMNS]);
    expect(tableNode?.content?.[0]?.content?.every((c) => c.type === 'tableHeader')).toBe(true);
    expect(tableNode?.content?.length).toBeGreaterThan(1);

    const questions = body('incident-questions').filter((n) => n.type === 'heading');
    expect(questions.map(textOf)).toEqual(INCIDENT_QUESTIONS.map((q) => q.text));
    expect(questions.map(textOf).join(' ')).toMatch(/Detection.*Diagnosis.*Mitigation.*Prevention/);

    const [whys] = body('contributing-factors');
    expect(whys?.type).toBe('orderedList');
    expect(whys?.content?.map(textOf)).toEqual(Array(5).fill(FIVE_WHYS_PROMPT));

    expect(
      body('lessons-learned')
        .filter((n) => n.type === 'heading')
        .map(textOf),
    ).toEqual([...LESSONS_HEADINGS]);
    expect(body('action-items').map(textOf)).toEqual([ACTION_ITEMS_NOTE]);
    expect(body('summary')).toEqual([{ type: 'paragraph', content: [] }]);
  });

  it('leaves out the guidance panel when a section has no guidance', () => {
    const s: TemplateSection = { id: 'x', title: 'X', guidance: '', required: false, narrative: true, body: 'paragraph' };
    expect((sectionNodes(s) as unknown as Json[]).map((n) => n.type)).toEqual(['heading', 'paragraph']);
    expectValidAdf(buildPostmortemDoc({ sections: [s] }));
  });

  it('keeps hostile titles and guidance as plain text and stays valid', () => {
    const s: TemplateSection = {
      id: 'evil',
      title: '<script>alert(1)</script> 🔥 \u202Eright-to-left',
      guidance: '"}]} <img src=x onerror=alert(1)> ' + 'é'.repeat(400),
      required: true,
      narrative: true,
      body: 'paragraph',
    };
    const d = buildPostmortemDoc({ sections: [s] }) as unknown as Json;
    expectValidAdf(d);
    expect(textOf(d.content![0]!)).toBe(s.title);
  });

  it('the schema check itself rejects broken ADF', () => {
    expect(adfErrors({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })).not.toEqual([]);
    expect(adfErrors({ type: 'doc', version: 1, content: [{ type: 'heading', attrs: { level: 9 } }] })).not.toEqual([]);
  });
});

describe('template validation', () => {
  const base = (over: Partial<TemplateSection> = {}): TemplateSection => ({
    id: 'summary',
    title: 'Summary',
    guidance: 'Say what happened.',
    required: true,
    narrative: true,
    body: 'paragraph',
    ...over,
  });

  it('accepts the default template and fills defaults', () => {
    expect(validateTemplate(DEFAULT_TEMPLATE_SECTIONS)).toEqual({ ok: true, sections: DEFAULT_TEMPLATE_SECTIONS });
    const r = validateTemplate([{ id: 'a', title: 'A', guidance: '', required: true }]);
    expect(r.ok && r.sections[0]).toEqual({ id: 'a', title: 'A', guidance: '', required: true, narrative: true, body: 'paragraph' });
  });

  it('refuses duplicate ids', () => {
    const r = validateTemplate([base(), base({ title: 'Other' })]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([expect.objectContaining({ index: 1, field: 'id', message: expect.stringContaining('"summary"') })]);
  });

  it('refuses titles that differ only in case or spacing', () => {
    const r = validateTemplate([base(), base({ id: 'other', title: '  SUMMARY ' })]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([expect.objectContaining({ index: 1, field: 'title', message: expect.stringMatching(/titled/) })]);
  });

  it('needs at least one required section', () => {
    const r = validateTemplate([base({ required: false })]);
    expect(r).toEqual({ ok: false, problems: [{ message: 'Mark at least one section as required.' }] });
  });

  it('allows at most 30 sections and at least one', () => {
    const many = Array.from({ length: 31 }, (_, i) => base({ id: `s${i}`, title: `Section ${i}` }));
    const r = validateTemplate(many);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.message)).toContain('The template has 31 sections; at most 30 are allowed.');
    expect(validateTemplate(many.slice(0, 30)).ok).toBe(true);
    expect(validateTemplate([])).toEqual({ ok: false, problems: [{ message: 'The template needs at least one section.' }] });
  });

  it('reports each malformed field with the section it belongs to', () => {
    const r = validateTemplate([base(), { id: 'Bad Id', title: '', guidance: 'x'.repeat(501), required: 'yes' }, 42]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const msgs = r.problems.map((p) => p.message);
      expect(msgs).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Section 2: id: A section id is lower-case/),
          expect.stringMatching(/^Section 2: title: A section needs a title/),
          expect.stringMatching(/^Section 2: guidance: Keep guidance under 500/),
          expect.stringMatching(/^Section 2: required:/),
          expect.stringMatching(/^Section 3/),
        ]),
      );
      expect(r.problems.every((p) => p.message.length < 300)).toBe(true);
    }
  });

  it('refuses things that are not lists', () => {
    for (const bad of [undefined, null, 'x', { id: 'a' }, 3]) expect(validateTemplate(bad).ok).toBe(false);
  });
});
