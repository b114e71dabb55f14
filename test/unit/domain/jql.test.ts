import { JastBuilder } from '@atlaskit/jql-ast';
import { and, clause, eq, fn, inList, isEmpty, neq, not, or, query, syntaxErrors } from '../../../src/domain/jql';

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
