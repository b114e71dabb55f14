import { AGENDA_INTRO, buildAgendaDoc, buildAgendaMacro, isAgendaOnly } from '../../../../src/domain/agenda';
import { buildPostmortemMacro, findMacros } from '../../../../src/domain/postmortem';
import { expectValidAdf } from '../postmortem/adfSchema';

const APP = 'ari:cloud:ecosystem::app/5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17';
const OTHER_APP = 'ari:cloud:ecosystem::app/11111111-2222-3333-4444-555555555555';
const ENV = '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const macro = (appId = APP, localId = 'agenda1') => buildAgendaMacro({ appId, environmentId: ENV }, localId);
const para = (t: string) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });

describe('the agenda page body', () => {
  it('is the intro and the agenda macro, valid ADF, with no config', () => {
    const body = buildAgendaDoc(macro());
    expectValidAdf(body);
    expect(body.content).toHaveLength(2);
    expect(body.content[0]).toEqual(para(AGENDA_INTRO));
    const key = '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/static/postmortem-agenda';
    expect(body.content[1]).toMatchObject({
      type: 'extension',
      attrs: {
        extensionType: 'com.atlassian.ecosystem',
        extensionKey: key,
        text: 'Postmortem review agenda',
        parameters: { extensionId: `ari:cloud:ecosystem::extension/${key}`, extensionTitle: 'Postmortem review agenda', guestParams: {} },
      },
    });
    expect(findMacros(body, { moduleKey: 'postmortem-agenda', appId: APP })).toHaveLength(1);
  });

  it('the Postmortem macro is built by the same builder, still titled Postmortem', () => {
    const node = buildPostmortemMacro({ appId: APP, environmentId: ENV, moduleKey: 'postmortem-macro' }, { localId: 'p1', config: {} });
    expect(node.attrs.text).toBe('Postmortem');
    expect(node.attrs.extensionKey).toMatch(/\/static\/postmortem-macro$/);
  });
});

describe('a page the app may take over as its agenda page', () => {
  const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });

  it('holds only this app’s agenda macro, with the intro or blank paragraphs at most', () => {
    expect(isAgendaOnly(buildAgendaDoc(macro()), APP)).toBe(true);
    expect(isAgendaOnly(doc(macro()), APP)).toBe(true);
    expect(isAgendaOnly(doc({ type: 'paragraph' }, macro(), { type: 'paragraph', content: [] }), APP)).toBe(true);
  });

  it('not a page with anybody’s words, another macro, two agenda macros or another app’s', () => {
    expect(isAgendaOnly(doc(para('Our notes for Tuesday'), macro()), APP)).toBe(false);
    expect(isAgendaOnly(doc(para(AGENDA_INTRO), macro(), para('Action: call Elena')), APP)).toBe(false);
    expect(isAgendaOnly(doc(para(AGENDA_INTRO), para(AGENDA_INTRO), macro()), APP)).toBe(false);
    expect(isAgendaOnly(doc(macro(), macro(APP, 'agenda2')), APP)).toBe(false);
    expect(isAgendaOnly(doc(macro(OTHER_APP)), APP)).toBe(false);
    const pm = buildPostmortemMacro({ appId: APP, environmentId: ENV, moduleKey: 'postmortem-macro' }, { localId: 'p1', config: {} });
    expect(isAgendaOnly(doc(pm), APP)).toBe(false);
    expect(isAgendaOnly(doc(macro(), { type: 'table', content: [] }), APP)).toBe(false);
    expect(isAgendaOnly(doc(), APP)).toBe(false);
    expect(isAgendaOnly(doc(para('Postmortem review')), APP)).toBe(false);
  });

  it('answers false for anything that is not a document', () => {
    for (const v of [null, undefined, 'doc', 42, [], { type: 'paragraph' }]) expect(isAgendaOnly(v, APP)).toBe(false);
  });
});
