import { JastBuilder } from '@atlaskit/jql-ast';
import fc from 'fast-check';
import { and, clause, eq, fn, inList, isEmpty, JqlValueError, neq, not, or, query, syntaxErrors } from '../../../src/domain/jql';

describe('JQL built from the AST', () => {
  it('prints a query Atlassian’s parser reads back', () => {
    const q = query(
      and(
        eq('labels', 'postmortem-action'),
        neq('statusCategory', 'Done'),
        or(clause('duedate', '<=', fn('startOfDay', ['+7d'])), isEmpty('duedate')),
        eq({ issueProperty: 'postmortem', path: 'status' }, 'in-review'),
        not(eq('key', 'OPS-1')),
      ),
      [['duedate', 'ASC']],
    );
    expect(syntaxErrors(q)).toEqual([]);
    expect(q).toContain('issue.property[postmortem].status = in-review');
    expect(q).toContain('startOfDay("+7d")');
    expect(q).toMatch(/ORDER BY duedate ASC$/);
  });

  it('keeps hostile text inside one quoted value', () => {
    const hostile = '" OR project = SECRET';
    const q = query(and(eq('labels', 'postmortem-action'), inList('project', ['OPS', hostile])));
    expect(syntaxErrors(q)).toEqual([]);
    const where = new JastBuilder().build(q).query?.where;
    // still one AND of two terminal clauses; the hostile text is a single list value
    expect(where && 'clauses' in where ? where.clauses.length : 0).toBe(2);
    expect(q).toContain('"\\" OR project = SECRET"');
  });
});

describe('every value the app puts into JQL', () => {
  /** The value Atlassian's parser (the one the local site's Jira uses) reads back for `summary = <value>`. */
  const readBack = (q: string) => {
    const jast = new JastBuilder().build(q);
    const where = jast.query?.where;
    return {
      errors: jast.errors.map((e) => e.message),
      value: where && 'operand' in where && where.operand && 'value' in where.operand ? where.operand.value : undefined,
    };
  };
  /** Characters JQL's lexer refuses in any string, quoted or not. */
  const unrepresentable = (s: string) => /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/.test(s);

  it('a value ending in a backslash cannot escape its closing quote and widen a list', () => {
    const q = query(inList('labels', ['x \\', ') OR project = PAY OR labels in (x\\']));
    expect(syntaxErrors(q)).toEqual([]);
    const where = new JastBuilder().build(q).query?.where;
    expect(where && 'clauses' in where).toBe(false); // one terminal clause, no OR
    expect(
      where && 'operand' in where && where.operand && 'values' in where.operand
        ? where.operand.values.map((v) => ('value' in v ? v.value : ''))
        : [],
    ).toEqual(['x \\', ') OR project = PAY OR labels in (x\\']);
  });

  it('quotes reserved words and keywords, so a value named "empty" or "changed" stays a value', () => {
    expect(query(inList('issuetype', ['Incident', 'empty', 'NULL', 'changed', 'order']))).toBe(
      'issuetype in (Incident, "empty", "NULL", "changed", "order")',
    );
  });

  it('round-trips any string as one literal through the parser, or refuses a character JQL cannot carry', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ maxLength: 40 }),
          fc
            .array(fc.constantFrom('\\', '"', "'", ' ', 'a', ')', '(', 'OR', ',', '\n', '\r', 'empty', '-1', '.', '-', '1', 'Z', '_'), {
              maxLength: 10,
            })
            .map((a) => a.join('')),
        ),
        (v) => {
          if (unrepresentable(v)) {
            expect(() => query(eq('summary', v))).toThrow(JqlValueError);
            return;
          }
          const q = query(eq('summary', v));
          expect(readBack(q)).toEqual({ errors: [], value: v });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses field names, property references and numbers that are not plain', () => {
    expect(() => eq('summary OR x', 'a')).toThrow(JqlValueError);
    expect(() => eq({ issueProperty: 'postmortem]', path: 'status' }, 'a')).toThrow(JqlValueError);
    expect(() => eq('votes', Number.NaN)).toThrow(JqlValueError);
    expect(query(eq('votes', -2))).toBe('votes = -2');
  });
});
