/**
 * The local Confluence page editor's converter (local/host/client/adf-dom.js): ADF → editor HTML →
 * ADF. What the editor edits comes back as it was and as valid ADF; the app's macro, tables,
 * panels, emoji and any node it does not know come back byte for byte.
 */
import { load } from 'cheerio';
import { expectValidAdf } from '../domain/postmortem/adfSchema';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AdfDom = require('../../../local/host/client/adf-dom.js') as {
  adfToHtml(doc: unknown): string;
  domToAdf(root: unknown, dom: unknown): { type: 'doc'; version: 1; content: unknown[] };
};

interface HNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HNode[];
}

/** How the converter reads htmlparser2's tree (cheerio's), standing in for the browser's DOM. */
const parserDom = {
  isText: (n: HNode) => n.type === 'text',
  isElement: (n: HNode) => n.type === 'tag',
  text: (n: HNode) => n.data ?? '',
  tag: (n: HNode) => (n.name ?? '').toLowerCase(),
  children: (n: HNode) => n.children ?? [],
  attr: (n: HNode, name: string) => n.attribs?.[name],
};

function fromHtml(html: string) {
  const $ = load(html, null, false);
  return AdfDom.domToAdf($.root()[0], parserDom);
}

function roundTrip(doc: unknown) {
  return fromHtml(AdfDom.adfToHtml(doc));
}

const text = (t: string, marks?: unknown[]) => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });
const para = (...content: unknown[]) => ({ type: 'paragraph', content });

const MACRO = {
  type: 'extension',
  attrs: {
    extensionType: 'com.atlassian.ecosystem',
    extensionKey: 'app-id/env-id/static/postmortem-macro',
    parameters: { localId: 'pm-1', extensionTitle: 'Postmortem', guestParams: { incidentKey: 'INC-3', note: '<b>"quoted" & \'odd\'</b>' } },
    layout: 'default',
    localId: 'pm-1',
  },
};

describe('page editor: ADF ↔ editor HTML', () => {
  test('headings, paragraphs, lists, bold, italics, links, hard breaks and mentions come back as they were, as valid ADF', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [text('Summary')] },
        para(
          text('Logins failed for '),
          text('40 minutes', [{ type: 'strong' }]),
          text(' — see '),
          text('the runbook', [{ type: 'link', attrs: { href: 'https://example.com/runbook?a=1&b=2' } }]),
          text(', asked '),
          { type: 'mention', attrs: { id: '557058:tom', text: '@Tom Becker', accessLevel: '' } },
          { type: 'hardBreak' },
          text('then <script>alert(1)</script> & more', [{ type: 'em' }]),
        ),
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [para(text('one'))] },
            {
              type: 'listItem',
              content: [
                para(text('two')),
                { type: 'orderedList', attrs: { order: 3 }, content: [{ type: 'listItem', content: [para(text('nested'))] }] },
              ],
            },
          ],
        },
        { type: 'orderedList', content: [{ type: 'listItem', content: [para(text('first'))] }] },
        { type: 'heading', attrs: { level: 3 }, content: [] },
        para(),
      ],
    };
    expectValidAdf(doc);
    const back = roundTrip(doc);
    expect(back).toEqual({ ...doc, content: [...doc.content.slice(0, -1), { type: 'paragraph', content: [] }] });
    expectValidAdf(back);
  });

  test('the Postmortem macro and nodes the editor does not know are written back untouched, in place', () => {
    const table = {
      type: 'table',
      attrs: { isNumberColumnEnabled: false, layout: 'default' },
      content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: {}, content: [para(text('cell'))] }] }],
    };
    const panel = { type: 'panel', attrs: { panelType: 'warning' }, content: [para(text('careful'))] };
    const future = { type: 'someFutureNode', attrs: { x: [1, { y: '</div>' }] } };
    const aligned = { type: 'paragraph', marks: [{ type: 'alignment', attrs: { align: 'center' } }], content: [text('centred')] };
    const inline = para(
      text('status '),
      { type: 'status', attrs: { text: 'DONE', color: 'green', localId: 's1' } },
      text(' '),
      { type: 'emoji', attrs: { shortName: ':smile:', id: '1f604', text: '😄' } },
      text('code', [{ type: 'code' }]),
    );
    const bodied = { type: 'bodiedExtension', attrs: { extensionType: 'com.example', extensionKey: 'x' }, content: [para(text('inside'))] };
    const doc = {
      type: 'doc',
      version: 1,
      content: [para(text('before')), MACRO, table, panel, aligned, inline, bodied, future, para(text('after'))],
    };
    const back = roundTrip(doc);
    expect(back.content).toEqual(doc.content);
    expect(back.content[1]).toStrictEqual(MACRO);
    expect(JSON.stringify(back.content[7])).toBe(JSON.stringify(future));
  });

  test('the HTML escapes what the page holds: no markup from a text or a kept node reaches the DOM', () => {
    const html = AdfDom.adfToHtml({ type: 'doc', content: [para(text('<img src=x onerror=alert(1)>')), MACRO] });
    const $ = load(html, null, false);
    expect($('img')).toHaveLength(0);
    expect($('b')).toHaveLength(0);
    expect($('[data-adf]').attr('contenteditable')).toBe('false');
  });

  test('what a browser editor produces (divs, <b>, <i>, nbsp, trailing <br>, bare text) becomes valid ADF', () => {
    const doc = fromHtml(
      'loose text<div>A <b>bold</b>&nbsp;<i>move</i><br></div><h2>Impact<br></h2><ul><li>item <a href="https://x.test">x</a></li><li><ul><li>deep</li></ul></li></ul><p><br></p>',
    );
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      para(text('loose text')),
      para(text('A '), text('bold', [{ type: 'strong' }]), text(' '), text('move', [{ type: 'em' }])),
      { type: 'heading', attrs: { level: 2 }, content: [text('Impact')] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [para(text('item '), text('x', [{ type: 'link', attrs: { href: 'https://x.test' } }]))] },
          {
            type: 'listItem',
            content: [
              { type: 'paragraph', content: [] },
              { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('deep'))] }] },
            ],
          },
        ],
      },
      { type: 'paragraph', content: [] },
    ]);
  });

  test('an empty editor is an empty paragraph, a valid document', () => {
    const doc = roundTrip({ type: 'doc', version: 1, content: [] });
    expectValidAdf(doc);
    expect(doc.content).toEqual([{ type: 'paragraph', content: [] }]);
  });
});
