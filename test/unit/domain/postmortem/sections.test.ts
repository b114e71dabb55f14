import { DEFAULT_TEMPLATE_SECTIONS } from '../../../../src/contracts/settings';
import { buildPostmortemDoc, readSections, titleKey, toSafeNode, MAX_DEPTH } from '../../../../src/domain/postmortem';

const h = (level: number, text: string, localId?: string) => ({
  type: 'heading',
  attrs: localId ? { level, localId } : { level },
  content: [{ type: 'text', text }],
});
const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

describe('reading sections', () => {
  it('finds every template section of a new postmortem, and the header before them', () => {
    const page = buildPostmortemDoc({ sections: DEFAULT_TEMPLATE_SECTIONS });
    const read = readSections({ ...page, content: [para('Owner: Alice'), ...page.content] }, DEFAULT_TEMPLATE_SECTIONS)!;
    expect(read.preamble).toHaveLength(1);
    expect(read.sections.map((s) => s.section?.id)).toEqual(DEFAULT_TEMPLATE_SECTIONS.map((s) => s.id));
  });

  it('matches titles ignoring case, spacing, numbering and a trailing colon; level 1 too', () => {
    const page = {
      type: 'doc',
      content: [h(1, '  SUMMARY  '), para('a'), h(2, '2. Customer   impact:'), para('b'), h(2, 'III) Timeline')],
    };
    const read = readSections(page, DEFAULT_TEMPLATE_SECTIONS)!;
    expect(read.sections.map((s) => s.section?.id)).toEqual(['summary', 'customer-impact', 'timeline']);
    expect(read.sections[0]!.nodes).toEqual([para('a')]);
    expect(titleKey(' 1.  Lessons Learned: ')).toBe('lessons learned');
  });

  it('recognises a section the admin renamed by the id the template wrote on its heading', () => {
    const renamed = DEFAULT_TEMPLATE_SECTIONS.map((s) => (s.id === 'summary' ? { ...s, title: 'Executive summary' } : s));
    const page = { type: 'doc', content: [h(2, 'Summary', 'pm-section-summary'), para('x')] };
    expect(readSections(page, renamed)!.sections[0]!.section?.id).toBe('summary');
    // and a heading without the id by its (new) title
    expect(readSections({ type: 'doc', content: [h(2, 'executive SUMMARY')] }, renamed)!.sections[0]!.section?.id).toBe('summary');
  });

  it('starts an unknown section at a heading that is not in the template, and does not split at level 3', () => {
    const page = { type: 'doc', content: [h(2, 'Summary'), h(3, 'Details'), para('a'), h(2, 'Appendix'), para('b')] };
    const read = readSections(page, DEFAULT_TEMPLATE_SECTIONS)!;
    expect(read.sections.map((s) => [s.section?.id, s.headingText, s.nodes.length])).toEqual([
      ['summary', 'Summary', 2],
      [undefined, 'Appendix', 1],
    ]);
  });

  it('reads headings inside layouts as part of the page flow', () => {
    const page = {
      type: 'doc',
      content: [{ type: 'layoutSection', content: [{ type: 'layoutColumn', content: [h(2, 'Summary'), para('x')] }] }],
    };
    expect(readSections(page, DEFAULT_TEMPLATE_SECTIONS)!.sections[0]?.section?.id).toBe('summary');
  });

  it('tolerates odd nodes and answers undefined for non-documents', () => {
    for (const bad of [null, 7, 'x', [], { type: 'paragraph' }, { content: [] }])
      expect(readSections(bad, DEFAULT_TEMPLATE_SECTIONS)).toBeUndefined();
    const odd = {
      type: 'doc',
      content: [
        null,
        3,
        'text',
        { type: 5 },
        { type: 'heading' },
        { type: 'heading', attrs: { level: '2' }, content: 'x' },
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text' }, { type: 'text', text: 'Summary' }] },
        { type: 'unknownThing', attrs: [], content: [{}] },
      ],
    };
    const read = readSections(odd, DEFAULT_TEMPLATE_SECTIONS)!;
    expect(read.sections.map((s) => s.section?.id)).toEqual(['summary']);
    expect(read.sections[0]!.nodes.map((n) => n.type)).toEqual(['unknownThing']);
  });

  it('survives very deep nesting by cutting the view, without a stack overflow', () => {
    let deep: Record<string, unknown> = { type: 'text', text: 'bottom' };
    for (let i = 0; i < 100_000; i += 1) deep = { type: 'blockquote', content: [deep] };
    const page = { type: 'doc', content: [h(2, 'Summary'), deep] };
    const read = readSections(page, DEFAULT_TEMPLATE_SECTIONS)!;
    expect(read.sections[0]!.section?.id).toBe('summary');
    let depth = 0;
    let n = toSafeNode(deep);
    while (n?.content?.[0]) {
      n = n.content[0];
      depth += 1;
    }
    expect(depth).toBe(MAX_DEPTH);
  });

  it('accepts the page body as a JSON string', () => {
    expect(
      readSections(JSON.stringify({ type: 'doc', content: [h(2, 'Timeline')] }), DEFAULT_TEMPLATE_SECTIONS)!.sections[0]!.section?.id,
    ).toBe('timeline');
    expect(readSections('{not json', DEFAULT_TEMPLATE_SECTIONS)).toBeUndefined();
  });
});
