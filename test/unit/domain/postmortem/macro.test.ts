import { buildPostmortemDoc, buildPostmortemMacro, findMacros, macroExtensionKey } from '../../../../src/domain/postmortem';
import { DEFAULT_TEMPLATE_SECTIONS } from '../../../../src/contracts/settings';
import { expectValidAdf } from './adfSchema';

const APP = 'ari:cloud:ecosystem::app/5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17';
const ENV = '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const ref = { appId: APP, environmentId: ENV, moduleKey: 'postmortem-macro' };

describe('Postmortem macro node', () => {
  it('has the shape Confluence stores Forge macros in', () => {
    const node = buildPostmortemMacro(ref, { localId: 'a1b2', config: { incidentKey: 'OPS-12' } });
    const key = '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/static/postmortem-macro';
    expect(node).toEqual({
      type: 'extension',
      attrs: {
        extensionType: 'com.atlassian.ecosystem',
        extensionKey: key,
        text: 'Postmortem',
        layout: 'default',
        localId: 'a1b2',
        parameters: {
          localId: 'a1b2',
          extensionId: `ari:cloud:ecosystem::extension/${key}`,
          extensionTitle: 'Postmortem',
          layout: 'extension',
          forgeEnvironment: 'PRODUCTION',
          guestParams: { incidentKey: 'OPS-12' },
        },
      },
    });
    expectValidAdf({ type: 'doc', version: 1, content: [node] });
  });

  it('takes the environment type, a bare app uuid and a title', () => {
    const node = buildPostmortemMacro(
      {
        appId: '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17',
        environmentId: ENV,
        environmentType: 'DEVELOPMENT',
        moduleKey: 'postmortem-macro',
        title: 'PM',
      },
      { localId: 'x', config: {} },
    );
    expect(node.attrs.parameters).toMatchObject({ forgeEnvironment: 'DEVELOPMENT', extensionTitle: 'PM', guestParams: {} });
    expect(node.attrs.extensionKey.startsWith('5d0c3e1a-')).toBe(true);
  });

  it('refuses malformed ids rather than writing a broken key', () => {
    expect(() => macroExtensionKey({ ...ref, appId: 'ari:cloud:ecosystem::app/../x' })).toThrow(RangeError);
    expect(() => macroExtensionKey({ ...ref, environmentId: 'a/b' })).toThrow(RangeError);
    expect(() => macroExtensionKey({ ...ref, moduleKey: 'x/static/y' })).toThrow(RangeError);
    expect(() => buildPostmortemMacro(ref, { localId: '', config: {} })).toThrow(RangeError);
  });

  it('is found again in a page, with its config, and only for this module (and app)', () => {
    const ours = buildPostmortemMacro(ref, { localId: 'one', config: { incidentKey: 'OPS-12' } });
    const other = buildPostmortemMacro({ ...ref, moduleKey: 'other-macro' }, { localId: 'two', config: { x: 1 } });
    const otherApp = buildPostmortemMacro({ ...ref, appId: '11111111-2222-3333-4444-555555555555' }, { localId: 'three', config: {} });
    const page = buildPostmortemDoc({ sections: DEFAULT_TEMPLATE_SECTIONS, macro: ours }) as unknown as { content: unknown[] };
    page.content.push(other, { type: 'layoutSection', content: [{ type: 'layoutColumn', attrs: { width: 50 }, content: [otherApp] }] });
    expect(findMacros(page, { moduleKey: 'postmortem-macro' }).map((m) => m.localId)).toEqual(['one', 'three']);
    expect(findMacros(page, { moduleKey: 'postmortem-macro', appId: APP })).toEqual([
      { localId: 'one', extensionKey: ours.attrs.extensionKey, guestParams: { incidentKey: 'OPS-12' } },
    ]);
    expect(findMacros(JSON.stringify(page), { moduleKey: 'postmortem-macro', appId: APP })).toHaveLength(1);
  });

  it('answers nothing for things that are not pages, and never throws', () => {
    for (const bad of [null, undefined, 1, 'x', '{', [], { type: 'doc', content: 'x' }, { type: 'doc', content: [null, 1, { type: 7 }] }])
      expect(findMacros(bad, { moduleKey: 'postmortem-macro' })).toEqual([]);
    expect(
      findMacros(
        {
          type: 'doc',
          content: [
            {
              type: 'extension',
              attrs: { extensionType: 'com.atlassian.ecosystem', extensionKey: 'a/b/static/postmortem-macro', parameters: 'nope' },
            },
          ],
        },
        { moduleKey: 'postmortem-macro' },
      ),
    ).toEqual([{ localId: undefined, extensionKey: 'a/b/static/postmortem-macro', guestParams: undefined }]);
    expect(findMacros({ type: 'doc', content: [] }, { moduleKey: 'postmortem-macro', appId: 'not an id' })).toEqual([]);
  });
});
