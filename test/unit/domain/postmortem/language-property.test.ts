/**
 * Property-based: no glossary term and no person's name, whatever characters it holds, can make the
 * language check throw (it once built a `u`-flag RegExp with `\-` in it, invalid there, so one term
 * such as `db-primary` or a name such as "Sofia Alvarez-Ruiz" failed the check on every page), and
 * a term or name written in a page is found as itself.
 */
import fc from 'fast-check';
import { DEFAULT_TEMPLATE_SECTIONS } from '../../../../src/contracts/settings';
import {
  checkLanguage,
  createLanguageChecker,
  sectionNodes,
  type LanguageCheckInput,
  type Person,
} from '../../../../src/domain/postmortem';

type Node = Record<string, unknown>;
const T = DEFAULT_TEMPLATE_SECTIONS;
const summary = T.find((s) => s.id === 'summary')!;

/** A page whose Summary section holds one paragraph of `text`. */
function page(text: string): Node {
  return {
    type: 'doc',
    version: 1,
    content: [...(sectionNodes(summary) as unknown as Node[]).slice(0, 2), { type: 'paragraph', content: [{ type: 'text', text }] }],
  };
}

/** Any string: every UTF-16 code unit (lone surrogates included) and every code point. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);
/** Characters regular expressions treat specially, with letters around them. */
const REGEX_SYNTAX = [...'-\\^$.*+?()[]{}|/'];
const trickyString = fc
  .array(fc.oneof(fc.constantFrom(...REGEX_SYNTAX), fc.constantFrom('a', 'Z', 'é', 'ß', 'Ж', '李', ' ', '0', '_')), {
    minLength: 1,
    maxLength: 20,
  })
  .map((cs) => cs.join(''));

describe('language check: any character in a glossary term or a name is safe', () => {
  it('the examples from the field: a hyphenated term and a hyphenated surname are found', () => {
    const input: LanguageCheckInput = {
      template: T,
      people: [{ accountId: 'acc-sofia', displayName: 'Sofia Alvarez-Ruiz' }],
      glossary: [{ term: 'db-primary', description: 'the main orders database' }],
    };
    const r = checkLanguage(page('Sofia Alvarez-Ruiz failed over db-primary at 09:14.'), input);
    expect(r.findings.map((f) => [f.kind, f.match])).toEqual([
      ['person-name', 'Sofia Alvarez-Ruiz'],
      ['internal-name', 'db-primary'],
    ]);
  });

  it('never throws, whatever the terms, names and page text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(anyString, trickyString), { maxLength: 4 }),
        fc.array(fc.oneof(anyString, trickyString), { maxLength: 4 }),
        fc.oneof(anyString, trickyString),
        (terms, names, text) => {
          const people: Person[] = names.map((displayName, i) => ({ accountId: `acc-${i}`, displayName }));
          const glossary = terms.map((term) => ({ term, description: 'plain words' }));
          const checker = createLanguageChecker({ template: T, people, glossary });
          const r = checker(page(`${text} ${terms.join(' ')} ${names.join(' ')}`));
          expect(r.readable).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a glossary term written in a page is found as that term', () => {
    const term = fc.oneof(anyString, trickyString).filter((t) => t.trim().length > 0 && !t.includes('://'));
    fc.assert(
      fc.property(term, (t) => {
        const r = checkLanguage(page(`Yesterday ${t} stopped.`), {
          template: T,
          people: [],
          glossary: [{ term: t, description: 'plain words' }],
        });
        expect(r.findings.filter((f) => f.kind === 'internal-name').map((f) => f.glossaryTerm)).toContain(t);
      }),
      { numRuns: 300 },
    );
  });

  it('a person’s full name written in a page is found, whatever punctuation it holds', () => {
    const letters = fc.constantFrom('a', 'Z', 'é', 'ß', 'Ж', '李', 'Ø');
    const punctuation = fc.constantFrom(...REGEX_SYNTAX.filter((c) => c !== '(' && c !== ')'), "'", '’');
    const word = fc
      .tuple(letters, fc.array(fc.oneof(letters, punctuation), { minLength: 1, maxLength: 8 }))
      .map(([first, rest]) => first + rest.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), (words) => {
        const name = words.join(' ');
        const r = checkLanguage(page(`Then ${name} restarted it.`), {
          template: T,
          people: [{ accountId: 'acc-1', displayName: name }],
          glossary: [],
        });
        expect(r.findings.filter((f) => f.kind === 'person-name').map((f) => f.accountId)).toContain('acc-1');
      }),
      { numRuns: 300 },
    );
  });
});
