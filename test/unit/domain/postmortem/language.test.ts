import { DEFAULT_TEMPLATE_SECTIONS, type TemplateSection } from '../../../../src/contracts/settings';
import {
  buildPostmortemDoc,
  buildPostmortemMacro,
  checkLanguage,
  classifyToken,
  excerptAround,
  MAX_FINDINGS,
  sectionNodes,
  type LanguageCheckInput,
} from '../../../../src/domain/postmortem';
import { buildLargePostmortemDoc, FIXTURE_GLOSSARY, FIXTURE_PEOPLE } from './fixtures';

type Node = Record<string, unknown>;
const T = DEFAULT_TEMPLATE_SECTIONS;
const byId = (id: string) => T.find((s) => s.id === id)!;
const text = (t: string, marks?: Node[]): Node => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });
const para = (...content: Array<Node | string>): Node => ({
  type: 'paragraph',
  content: content.map((c) => (typeof c === 'string' ? text(c) : c)),
});
const mention = (id: string, t: string): Node => ({ type: 'mention', attrs: { id, text: t } });
const input: LanguageCheckInput = { template: T, people: FIXTURE_PEOPLE, glossary: FIXTURE_GLOSSARY };

/** A page with `blocks` in the given section (after its heading and guidance). */
function page(sectionId: string, ...blocks: Node[]): Node {
  return { type: 'doc', version: 1, content: [...(sectionNodes(byId(sectionId)) as unknown as Node[]).slice(0, 2), ...blocks] };
}
const check = (p: unknown, i: LanguageCheckInput = input) => checkLanguage(p, i);

describe('blameless checks: people', () => {
  it('finds an engineer named in the summary, with the section, an excerpt and a role suggestion', () => {
    const r = check(page('summary', para('At 09:14 Alice Martin restarted the primary database.')));
    expect(r.findings).toEqual([
      {
        kind: 'person-name',
        sectionId: 'summary',
        sectionTitle: 'Summary',
        excerpt: 'At 09:14 Alice Martin restarted the primary database.',
        match: 'Alice Martin',
        suggestion: expect.stringContaining('"the on-call engineer"'),
        occurrences: 1,
        accountId: FIXTURE_PEOPLE[0]!.accountId,
      },
    ]);
  });

  it('matches first names and full names as whole words, case-insensitively', () => {
    const r = check(page('timeline', para('alice paged BOB. Later alice martin joined; Alicent and Bobby did not.')));
    expect(r.findings.map((f) => [f.match, f.occurrences])).toEqual([
      ['alice', 1],
      ['BOB', 1],
      ['alice martin', 1],
    ]);
  });

  it('is Unicode-aware: accents, other scripts, NFD text, and letters as word boundaries', () => {
    const people = [
      ...FIXTURE_PEOPLE,
      { accountId: 'abc-1', displayName: 'Сергей Иванов' },
      { accountId: 'abc-2', displayName: '李雷 (Contractor)' },
    ];
    const nfd = 'ZOË ØDEGÅRD'.normalize('NFD');
    const r = check(page('summary', para(`${nfd} and сергей called 李雷; Zoëlla and Alice’s laptop.`)), { ...input, people });
    expect(r.findings.map((f) => [f.match.normalize('NFC'), f.accountId])).toEqual([
      ['ZOË ØDEGÅRD', FIXTURE_PEOPLE[2]!.accountId],
      ['сергей', 'abc-1'],
      ['李雷', 'abc-2'],
      ['Alice', FIXTURE_PEOPLE[0]!.accountId],
    ]);
  });

  it('matches a first name that is a common word only with its capital', () => {
    const r = check(page('summary', para('We will restart it. Will restarted it. WILL CHEN did too, and Will Chen.')));
    expect(r.findings.map((f) => [f.match, f.occurrences])).toEqual([
      ['Will', 1],
      ['WILL CHEN', 2],
    ]);
  });

  it('reports @mentions (and not the name inside them again)', () => {
    const r = check(page('summary', para('Paged ', mention(FIXTURE_PEOPLE[1]!.accountId, '@Bob Okafor'), ' at 09:20.')));
    expect(r.findings).toEqual([
      expect.objectContaining({
        kind: 'mention',
        match: '@Bob Okafor',
        accountId: FIXTURE_PEOPLE[1]!.accountId,
        excerpt: 'Paged @Bob Okafor at 09:20.',
      }),
    ]);
    expect(r.findings[0]!.suggestion).toMatch(/^Replace the mention of Bob Okafor with their role/);
  });

  it('reports a mention of someone not in the list of people involved too', () => {
    const r = check(page('summary', para(mention('zzz', '@Someone Else'))));
    expect(r.findings.map((f) => f.kind)).toEqual(['mention']);
  });

  it('does not check the header, the macro, non-narrative sections or the action items assignees', () => {
    const macro = buildPostmortemMacro(
      { appId: '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17', environmentId: 'env', moduleKey: 'postmortem-macro' },
      { localId: 'm', config: { owner: 'Alice Martin' } },
    );
    const doc = buildPostmortemDoc({ sections: T, macro }) as unknown as { content: Node[] };
    doc.content.splice(1, 0, para('Owner: Alice Martin, db01'));
    const ai = doc.content.findIndex((n) => (n.attrs as Node | undefined)?.localId === 'pm-section-action-items');
    doc.content.splice(ai + 2, 0, para('OPS-14 fix db01 alerts — assignee Bob Okafor ', mention('x', '@Bob')));
    expect(check(doc).findings).toEqual([]);
  });

  it('does not check people in an action-items section even when an admin made it narrative, but still checks hosts', () => {
    const template = T.map((s) => (s.id === 'action-items' ? { ...s, narrative: true } : s));
    const r = check(page('action-items', para('Bob Okafor to fix web-prod-3 ', mention('x', '@Bob'))), { ...input, template });
    expect(r.findings.map((f) => [f.kind, f.match])).toEqual([['internal-name', 'web-prod-3']]);
  });

  it('checks sections that are not in the template', () => {
    const doc = { type: 'doc', content: [{ type: 'heading', attrs: { level: 2 }, content: [text('Appendix')] }, para('Bob ran it')] };
    expect(check(doc).findings).toEqual([expect.objectContaining({ sectionTitle: 'Appendix', match: 'Bob' })]);
    expect(check(doc).findings[0]).not.toHaveProperty('sectionId');
  });

  it('checks names inside tables, lists, panels and code blocks', () => {
    const r = check(
      page(
        'timeline',
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [para('Bob paged')] }] }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [para('then Alice')] }] },
        { type: 'codeBlock', content: [text('$ sudo -u zoë.ødegård restart')] },
      ),
    );
    expect(r.findings.map((f) => f.match)).toEqual(['Bob', 'Alice', 'zoë']);
  });
});

describe('plain-language checks: internal names', () => {
  it('finds db01 with the glossary description, and unknown hosts with a prompt to add them', () => {
    const r = check(page('summary', para('db01 filled up, so web-prod-3 and api-gw-2a.internal failed.')));
    expect(r.findings).toEqual([
      expect.objectContaining({
        kind: 'internal-name',
        match: 'db01',
        glossaryTerm: 'db01',
        description: 'the primary orders database',
        suggestion: expect.stringContaining('"the primary orders database"'),
      }),
      expect.objectContaining({
        kind: 'internal-name',
        match: 'web-prod-3',
        suggestion: expect.stringContaining('add it to the glossary'),
      }),
      expect.objectContaining({
        kind: 'internal-name',
        match: 'api-gw-2a.internal',
        suggestion: expect.stringContaining('add it to the glossary'),
      }),
    ]);
    expect(r.findings[1]).not.toHaveProperty('description');
  });

  it('tells only who may edit the glossary (a Jira admin) to add a term to it', () => {
    const body = page('summary', para('web-prod-3 and 10.0.0.12 failed.'));
    const reader = check(body, { ...input, canEditGlossary: false });
    expect(reader.findings.map((f) => f.match)).toEqual(['web-prod-3', '10.0.0.12']);
    for (const f of reader.findings) {
      expect(f.suggestion).not.toMatch(/glossary/);
      expect(f.suggestion).toMatch(/say in plain words/);
    }
    for (const f of check(body, { ...input, canEditGlossary: true }).findings) expect(f.suggestion).toMatch(/add it to the glossary/);
  });

  it('finds IPv4 addresses and internal domains, but not versions, dates, issue keys or ordinary tech words', () => {
    const r = check(
      page(
        'summary',
        para(
          'Calls to 10.0.4.17:5432 and cache.corp failed; see OPS-12, SEV-1, v1.2.3, 2026-03-01, IPv4, SHA-256, UTF-8, COVID-19, top-10, 5xx, p99, http2, EC2, S3.',
        ),
      ),
    );
    expect(r.findings.map((f) => f.match)).toEqual(['10.0.4.17', 'cache.corp']);
    expect(r.findings[0]!.suggestion).toMatch(/IP address/);
  });

  it('finds glossary terms of any shape, case-insensitively, multi-word too', () => {
    const r = check(page('summary', para('KRAKEN retried and the Blue  Cluster slowed.')));
    expect(r.findings.map((f) => [f.match, f.glossaryTerm])).toEqual([
      ['KRAKEN', 'Kraken'],
      ['Blue Cluster', 'blue cluster'],
    ]);
  });

  it('skips code blocks, links and URLs for internal names, but checks inline code', () => {
    const r = check(
      page(
        'metrics',
        { type: 'codeBlock', content: [text('ssh db01 && ping 10.0.0.1')] },
        para(
          text('dashboard for db02', [{ type: 'link', attrs: { href: 'https://grafana.corp/d/1' } }]),
          ' see https://grafana.corp/d/web-prod-3 and ',
          text('db03', [{ type: 'code' }]),
        ),
      ),
    );
    expect(r.findings.map((f) => f.match)).toEqual(['db03']);
  });

  it('groups repeats per section with a count', () => {
    const r = check({
      type: 'doc',
      content: [
        ...(sectionNodes(byId('summary')) as unknown as Node[]).slice(0, 1),
        para('db01 db01 DB01'),
        ...(sectionNodes(byId('timeline')) as unknown as Node[]).slice(0, 1),
        para('db01'),
      ],
    });
    expect(r.findings.map((f) => [f.sectionId, f.match, f.occurrences])).toEqual([
      ['summary', 'db01', 3],
      ['timeline', 'db01', 1],
    ]);
  });

  it('classifies host-like tokens', () => {
    for (const t of [
      'db01',
      'web-prod-3',
      'api-gw-2a',
      'db01.prod.internal',
      '10.0.4.17',
      'web3',
      'db-1',
      'us-east-1',
      'node01',
      'ip-10-0-1-23',
      'DB01',
      'build7.lan',
    ])
      expect([t, classifyToken(t)]).toEqual([t, expect.stringMatching(/host|ip/)]);
    for (const t of [
      'ipv4',
      'sha256',
      'utf-8',
      'covid-19',
      'OPS-12',
      '550e8400-e29b-41d4-a716-446655440000',
      'step2',
      'log4j',
      'node20',
      'postgres14',
      'index2.html',
      'es2015',
      'pre-2020',
      '999.1.1.1',
      'x'.repeat(300) + '1',
    ])
      expect([t, classifyToken(t)]).toEqual([t, undefined]);
  });
});

describe('findings: excerpts, limits and hostile input', () => {
  it('keeps excerpts short, on one line, around the match', () => {
    const long = `${'lorem ipsum '.repeat(30)}Alice Martin\nrestarted ${'dolor sit '.repeat(30)}`;
    const r = check(page('summary', para(long)));
    const ex = r.findings[0]!.excerpt;
    expect(ex.length).toBeLessThanOrEqual(80);
    expect(ex).toContain('Alice Martin restarted');
    expect(ex.startsWith('…') && ex.endsWith('…')).toBe(true);
    expect(excerptAround('short text', 0, 5)).toBe('short text');
    expect(excerptAround('x'.repeat(500), 10, 400).length).toBeLessThanOrEqual(80);
    expect(excerptAround(`${'a'.repeat(40)}😀${'b'.repeat(100)}`, 80, 81)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('caps the number of finding groups', () => {
    const hosts = Array.from({ length: MAX_FINDINGS + 50 }, (_, i) => `db${String(i).padStart(3, '0')}`).join(' ');
    const r = check(page('summary', para(hosts)), { ...input, glossary: [] });
    expect(r.findings).toHaveLength(MAX_FINDINGS);
    expect(r.truncated).toBe(true);
  });

  it('never crashes on hostile or malformed input', () => {
    const hostile: unknown[] = [
      null,
      undefined,
      42,
      'not json',
      [],
      { type: 'doc' },
      {
        type: 'doc',
        content: [
          null,
          1,
          'x',
          { type: 'paragraph', content: [{ type: 'text', text: 42 }, { type: 'mention', attrs: [] }, { type: 'mention' }] },
        ],
      },
      page('summary', para('<script>alert("Alice")</script>'), { type: 'paragraph', content: { not: 'an array' } }),
      page('summary', para('\u0000\u202E' + 'Ａｌｉｃｅ' + '\uD800 lone surrogate db01')),
      page('summary', para('a'.repeat(300_000) + ' db01')),
      page('summary', para('-'.repeat(100_000) + '1')),
      page('summary', para('1.'.repeat(50_000))),
      page('summary', {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'x', marks: 'bold' },
          { type: 'text', text: 'y', marks: [null, { type: 3 }] },
        ],
      }),
    ];
    let deep: Node = para('Alice deep down');
    for (let i = 0; i < 50_000; i += 1) deep = { type: 'blockquote', content: [deep] };
    hostile.push(page('summary', deep));
    for (const h of hostile) {
      const r = check(h);
      expect(Array.isArray(r.findings)).toBe(true);
    }
    expect(check('x').readable).toBe(false);
    expect(check(page('summary', para('<script>alert("Alice")</script>'))).findings.map((f) => f.match)).toEqual(['Alice']);
    expect(check(page('summary', para('a'.repeat(300_000) + ' db01'))).findings.map((f) => f.match)).toEqual(['db01']);
  });

  it('ignores malformed people and glossary entries instead of failing', () => {
    const odd = {
      template: T,
      people: [
        { accountId: 'a', displayName: '' },
        { accountId: 'b', displayName: 'X' },
        { accountId: 'c', displayName: '(.*)+$' },
        { accountId: 'd', displayName: '***' },
        null as never,
      ],
      glossary: [{ term: '(a+)+$', description: 'regex-looking term' }, null as never],
    };
    const r = checkLanguage(page('summary', para('X ran (a+)+$ at noon aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')), odd);
    expect(r.findings.map((f) => f.match)).toEqual(['(a+)+$']);
  });

  it('finds the planted names, mentions and hosts in a large page', () => {
    const r = check(buildLargePostmortemDoc(200_000));
    const kinds = new Set(r.findings.map((f) => f.kind));
    expect(kinds).toEqual(new Set(['person-name', 'mention', 'internal-name']));
    expect(r.findings.some((f) => f.sectionId === 'action-items')).toBe(false);
    expect(r.truncated).toBe(false);
  });

  it('works with a template without narrative sections at all', () => {
    const template: TemplateSection[] = [{ ...byId('summary'), narrative: false }];
    expect(checkLanguage(page('summary', para('Alice on db01')), { ...input, template }).findings).toEqual([]);
  });
});
