import { DEFAULT_TEMPLATE_SECTIONS, type TemplateSection } from '../../../../src/contracts/settings';
import {
  insertMissingSections,
  buildPostmortemDoc,
  buildPostmortemMacro,
  checkTemplate,
  sectionNodes,
} from '../../../../src/domain/postmortem';
import { expectValidAdf } from './adfSchema';

type Node = { type: string; attrs?: Record<string, unknown>; content?: Node[]; text?: string };
const T = DEFAULT_TEMPLATE_SECTIONS;
const byId = (id: string) => T.find((s) => s.id === id)!;
const para = (text: string): Node => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const fresh = () => JSON.parse(JSON.stringify(buildPostmortemDoc({ sections: T }))) as { type: 'doc'; version: 1; content: Node[] };
const requiredIds = T.filter((s) => s.required).map((s) => s.id);

/** Writes `text` into the section's first empty paragraph, or after its guidance. */
function write(doc: { content: Node[] }, sectionId: string, text: string) {
  const start = doc.content.findIndex((n) => n.type === 'heading' && n.attrs?.localId === `pm-section-${sectionId}`);
  doc.content.splice(start + 2, 0, para(text));
}

describe('template check', () => {
  it('reports every required section of a fresh page as holding only guidance', () => {
    const r = checkTemplate(fresh(), T, { actionItemCount: 0 });
    expect(r.ok).toBe(false);
    expect(r.missingSectionIds).toEqual([]);
    expect(r.problems.map((p) => [p.kind, p.sectionId])).toEqual(requiredIds.map((id) => ['guidance-only', id]));
    expect(r.guidanceOnlySectionIds).toEqual(T.map((s) => s.id));
    expect(r.problems[0]!.message).toBe('The required section "Summary" still holds only the template\'s guidance: write it.');
    expect(r.problems.find((p) => p.sectionId === 'action-items')!.message).toMatch(/no action items yet/);
  });

  it('passes once each required section holds words a person wrote and there is an action item', () => {
    const doc = fresh();
    for (const id of requiredIds) if (id !== 'action-items') write(doc, id, `We wrote about ${id}.`);
    expect(checkTemplate(doc, T, { actionItemCount: 1 })).toMatchObject({
      ok: true,
      problems: [],
      guidanceOnlySectionIds: ['metrics', 'related-items'],
    });
    // without an action item count, action items are only checked for presence
    expect(checkTemplate(doc, T).ok).toBe(true);
    expect(checkTemplate(doc, T, { actionItemCount: 0 }).problems.map((p) => p.sectionId)).toEqual(['action-items']);
  });

  it('counts words typed into the scaffold (a timeline row, after a "Why?") as written', () => {
    const doc = fresh();
    const timeline = doc.content.find((n) => n.type === 'table')!;
    timeline.content![1]!.content![1]!.content = [para('Alerts fired')];
    const whys = doc.content.find((n) => n.type === 'orderedList')!;
    whys.content![0]!.content = [para('Why? The disk filled up')];
    const r = checkTemplate(doc, T);
    expect(r.guidanceOnlySectionIds).not.toContain('timeline');
    expect(r.guidanceOnlySectionIds).not.toContain('contributing-factors');
    expect(r.guidanceOnlySectionIds).toContain('summary');
  });

  it('does not count text typed inside the guidance panel, nor guidance copied as a paragraph', () => {
    const doc = fresh();
    const panel = doc.content.find((n) => n.type === 'panel' && n.attrs?.localId === 'pm-guidance-summary')!;
    panel.content!.push(para('notes to self'));
    write(doc, 'customer-impact', byId('customer-impact').guidance);
    const r = checkTemplate(doc, T);
    expect(r.guidanceOnlySectionIds).toEqual(expect.arrayContaining(['summary', 'customer-impact']));
  });

  it("still sees only template text when an admin changed a section's body shape after the page was made", () => {
    const template = T.map((s) => (s.id === 'timeline' ? { ...s, body: 'paragraph' as const } : s));
    expect(checkTemplate(fresh(), template).guidanceOnlySectionIds).toContain('timeline');
  });

  it('recognises a guidance panel that lost its localId by its text', () => {
    const doc = fresh();
    const panel = doc.content.find((n) => n.type === 'panel' && n.attrs?.localId === 'pm-guidance-summary')!;
    panel.attrs = { panelType: 'info' };
    expect(checkTemplate(doc, T).guidanceOnlySectionIds).toContain('summary');
    panel.attrs = { panelType: 'note' }; // the writer's own note panel is content
    panel.content = [para('Heads up: the numbers are preliminary.')];
    expect(checkTemplate(doc, T).guidanceOnlySectionIds).not.toContain('summary');
  });

  it('counts an image, a card or a mention as content', () => {
    const doc = fresh();
    write(doc, 'summary', 'placeholder');
    const i = doc.content.findIndex((n) => n.type === 'paragraph' && n.content?.[0]?.text === 'placeholder');
    doc.content[i] = { type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'x', type: 'file', collection: 'c' } }] };
    expect(checkTemplate(doc, T).guidanceOnlySectionIds).not.toContain('summary');
  });

  it('reports missing required sections with a message, and optional ones only in missingSectionIds', () => {
    const doc = { type: 'doc', version: 1, content: [...sectionNodes(byId('summary')), para('Written.')] };
    const r = checkTemplate(doc, T);
    expect(r.missingSectionIds).toEqual(T.filter((s) => s.id !== 'summary').map((s) => s.id));
    expect(r.problems.filter((p) => p.kind === 'missing').map((p) => p.sectionId)).toEqual(requiredIds.filter((id) => id !== 'summary'));
    expect(r.problems[0]!.message).toMatch(/^The required section "Customer impact" is missing/);
  });

  it('treats a non-document as all missing, without throwing', () => {
    for (const bad of [null, 'x', 42, { type: 'doc', content: null }, [{ type: 'doc' }]]) {
      const r = checkTemplate(bad, T);
      expect(r.readable).toBe(bad !== null && typeof bad === 'object' && !Array.isArray(bad) && (bad as { type?: unknown }).type === 'doc');
      expect(r.missingSectionIds).toEqual(T.map((s) => s.id));
    }
  });

  it('takes a section written twice as one', () => {
    const doc = fresh();
    doc.content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Summary' }] }, para('More summary.'));
    expect(checkTemplate(doc, T).guidanceOnlySectionIds).not.toContain('summary');
  });
});

describe('inserting missing sections', () => {
  const macro = buildPostmortemMacro(
    { appId: '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17', environmentId: 'e1', moduleKey: 'postmortem-macro' },
    { localId: 'm1', config: { incidentKey: 'OPS-1' } },
  );

  /** The page's level-2 headings' texts, in order. */
  const headings = (d: { content: unknown[] }) =>
    (d.content as Node[]).filter((n) => n?.type === 'heading' && n.attrs?.level === 2).map((n) => n.content?.[0]?.text);
  const heading2 = (text: string): Node => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] });

  it('puts each missing section where the template does, keeping every existing node as it was', () => {
    const timeline = sectionNodes(byId('timeline'));
    const lessons = sectionNodes(byId('lessons-learned'));
    const page = {
      type: 'doc',
      version: 1,
      content: [
        macro,
        para('Written by a person before anything.'),
        ...timeline,
        para('10:00 alerts'),
        ...lessons,
        para('We got lucky.'),
        heading2('Appendix'),
        para('Raw logs.'),
      ],
    };
    const before = JSON.parse(JSON.stringify(page));
    const r = insertMissingSections(page, T);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(page).toEqual(before); // input untouched
    expect(headings(r.doc)).toEqual([
      'Summary',
      'Customer impact',
      'Timeline',
      'Metrics and supporting data',
      'Incident questions',
      'Contributing factors',
      'Lessons learned',
      'Action items',
      'Related items',
      'Appendix',
    ]);
    // Every block the author had is there, the same objects, in the same order.
    const kept = r.doc.content.filter((n) => page.content.includes(n as never));
    expect(kept).toEqual(page.content);
    expect(kept.every((n, i) => n === page.content[i])).toBe(true);
    // A section's own text stays under its heading: the new sections come after it, not inside it.
    const at = (n: unknown) => r.doc.content.indexOf(n);
    expect(at(page.content[2 + timeline.length])).toBe(at(page.content[2]) + timeline.length);
    expect(at(page.content[2 + timeline.length]) + 1).toBe(
      at(r.doc.content.find((n) => (n as Node).attrs?.localId === 'pm-section-metrics')),
    );
    // The sections before the first present one go after the macro and the author's opening text.
    expect(r.doc.content.slice(0, 2)).toEqual([macro, para('Written by a person before anything.')]);
    expect((r.doc.content[2] as Node).attrs?.localId).toBe('pm-section-summary');
    expect(r.added).toEqual(T.filter((s) => s.id !== 'timeline' && s.id !== 'lessons-learned').map((s) => s.id));
    expect(checkTemplate(r.doc, T).missingSectionIds).toEqual([]);
    expectValidAdf(r.doc);
  });

  it('anchors on the nearest preceding section present even when the writer reordered them, and appends when none is there', () => {
    const page = {
      type: 'doc',
      version: 1,
      content: [heading2('Action items'), para('see macro'), heading2('Summary'), para('It broke.')],
    };
    const r = insertMissingSections(page, T);
    if (!r.ok) throw new Error('expected ok');
    // Customer impact … Lessons learned follow Summary; Related items follows Action items.
    expect(headings(r.doc)).toEqual([
      'Action items',
      'Related items',
      'Summary',
      'Customer impact',
      'Timeline',
      'Metrics and supporting data',
      'Incident questions',
      'Contributing factors',
      'Lessons learned',
    ]);
    expect(r.doc.content[1]).toBe(page.content[1]);
    const none = insertMissingSections({ type: 'doc', version: 1, content: [para('only text')] }, T);
    if (!none.ok) throw new Error('expected ok');
    expect(none.doc.content[0]).toEqual(para('only text'));
    expect(headings(none.doc)).toEqual(T.map((s) => s.title));
  });

  it('treats headings inside a layout as part of the page’s flow', () => {
    const layout = {
      type: 'layoutSection',
      content: [
        { type: 'layoutColumn', attrs: { width: 50 }, content: [heading2('Summary'), para('left')] },
        { type: 'layoutColumn', attrs: { width: 50 }, content: [heading2('Customer impact'), para('right')] },
      ],
    };
    const page = { type: 'doc', version: 1, content: [layout, heading2('Related items'), para('links')] };
    const r = insertMissingSections(page, T);
    if (!r.ok) throw new Error('expected ok');
    expect(r.doc.content[0]).toBe(layout);
    expect((r.doc.content[1] as Node).attrs?.localId).toBe('pm-section-timeline');
    expect(headings(r.doc).slice(-1)).toEqual(['Related items']);
    expect(checkTemplate(r.doc, T).missingSectionIds).toEqual([]);
  });

  it('is idempotent: applying it again adds nothing', () => {
    const first = insertMissingSections({ type: 'doc', version: 1, content: [para('hello')] }, T);
    if (!first.ok) throw new Error('expected ok');
    const second = insertMissingSections(first.doc, T);
    expect(second).toEqual({ ok: true, doc: first.doc, added: [] });
  });

  it('re-applies on a page that changed concurrently, keeping the other edit', () => {
    const base = { type: 'doc', version: 1, content: [para('hello')] };
    const concurrent = { ...base, content: [...base.content, ...sectionNodes(byId('summary')), para('their summary')] };
    const r = insertMissingSections(concurrent, T);
    if (!r.ok) throw new Error('expected ok');
    expect(r.added).not.toContain('summary');
    expect(r.doc.content.slice(0, concurrent.content.length)).toEqual(concurrent.content);
  });

  it('keeps unknown top-level keys and odd nodes it does not understand', () => {
    const page = { type: 'doc', version: 1, extra: { keep: true }, content: [{ type: 'futureNode', attrs: { x: 1 } }, 'junk', null] };
    const r = insertMissingSections(page, T);
    if (!r.ok) throw new Error('expected ok');
    expect(r.doc.extra).toEqual({ keep: true });
    expect(r.doc.content.slice(0, 3)).toEqual([{ type: 'futureNode', attrs: { x: 1 } }, 'junk', null]);
  });

  it('refuses a body that is not a document', () => {
    for (const bad of [null, 'x', { type: 'paragraph', content: [] }, { type: 'doc' }])
      expect(insertMissingSections(bad, T)).toEqual({ ok: false, message: expect.stringMatching(/not an ADF document/) });
  });

  it('appends sections of a custom template, validly', () => {
    const custom: TemplateSection[] = [
      { id: 'what', title: 'What happened', guidance: 'Tell it.', required: true, narrative: true, body: 'paragraph' },
      { id: 'when', title: 'When', guidance: '', required: false, narrative: true, body: 'timeline-table' },
    ];
    const r = insertMissingSections({ type: 'doc', version: 1, content: [] }, custom);
    if (!r.ok) throw new Error('expected ok');
    expect(r.added).toEqual(['what', 'when']);
    expectValidAdf(r.doc);
  });
});
