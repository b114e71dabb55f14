import { buildExportAdf } from '../../../../src/domain/postmortem';
import { expectValidAdf } from './adfSchema';

type Node = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: Node[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
};
const textOf = (n: Node): string => (n.text ?? '') + (n.content ?? []).map(textOf).join('');
const all = (n: Node): Node[] => [n, ...(n.content ?? []).flatMap(all)];

describe('ADF export of the macro', () => {
  const input = {
    incident: { key: 'OPS-12', summary: 'Checkout errors', url: 'https://example.atlassian.net/browse/OPS-12' },
    status: 'in-review' as const,
    dueDate: '2026-03-08',
    dueText: 'due in 2 days',
    actionItems: [
      {
        key: 'OPS-14',
        summary: 'Alert on queue depth',
        status: 'To Do',
        assigneeName: 'Bob Okafor',
        dueDate: '2026-03-20',
        url: 'https://example.atlassian.net/browse/OPS-14',
      },
      { key: 'OPS-15', summary: 'Document the rollback', status: 'Done' },
    ],
  };

  it('carries the incident link, status, due date and action items, as valid ADF', () => {
    const d = buildExportAdf(input) as unknown as Node;
    expectValidAdf(d);
    const t = textOf(d);
    expect(t).toContain('Postmortem for OPS-12');
    expect(t).toContain('Status: In review');
    expect(t).toContain('Due: 2026-03-08 (due in 2 days)');
    const link = all(d).find((n) => n.type === 'text' && n.text === 'OPS-12' && n.marks);
    expect(link?.marks).toEqual([{ type: 'link', attrs: { href: 'https://example.atlassian.net/browse/OPS-12' } }]);
    const rows = all(d)
      .filter((n) => n.type === 'tableRow')
      .map((r) => (r.content ?? []).map(textOf));
    expect(rows).toEqual([
      ['Key', 'Summary', 'Status', 'Assignee', 'Due date'],
      ['OPS-14', 'Alert on queue depth', 'To Do', 'Bob Okafor', '2026-03-20'],
      ['OPS-15', 'Document the rollback', 'Done', 'Unassigned', 'No due date'],
    ]);
  });

  it('says when there are no action items', () => {
    const d = buildExportAdf({ ...input, actionItems: [], dueDate: undefined }) as unknown as Node;
    expectValidAdf(d);
    expect(textOf(d)).toContain('No action items yet.');
    expect(textOf(d)).not.toContain('Due:');
  });

  it('keeps hostile text as text, drops non-http links and empty strings, and stays valid', () => {
    const d = buildExportAdf({
      incident: { key: '', summary: '<script>alert(1)</script>\u0000', url: 'javascript:alert(1)' },
      status: 'draft',
      dueDate: '',
      actionItems: [
        { key: '', summary: '', status: '', url: 'data:text/html,x' },
        { key: 'A-1', summary: 'x'.repeat(5000) + '\uD800', status: '\u202E', assigneeName: '', dueDate: '' },
        null as never,
      ],
    }) as unknown as Node;
    expectValidAdf(d);
    expect(all(d).some((n) => n.marks?.some((m) => m.type === 'link'))).toBe(false);
    expect(textOf(d)).toContain('<script>alert(1)</script>');
    expect(all(d).every((n) => n.type !== 'text' || (n.text ?? '').length <= 1000)).toBe(true);
  });

  it('caps very long action item lists', () => {
    const many = Array.from({ length: 600 }, (_, i) => ({ key: `OPS-${i + 1}`, summary: 's', status: 'To Do' }));
    const d = buildExportAdf({ ...input, actionItems: many }) as unknown as Node;
    expectValidAdf(d);
    expect(all(d).filter((n) => n.type === 'tableRow')).toHaveLength(501);
    expect(textOf(d)).toContain('…and 100 more action items.');
  });
});
