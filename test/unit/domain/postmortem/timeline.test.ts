import { DEFAULT_TEMPLATE_SECTIONS } from '../../../../src/contracts/settings';
import {
  buildPostmortemDoc,
  commentText,
  fillTimeline,
  formatEventTime,
  roleOf,
  timelineEvents,
  type IncidentHistory,
  type TimelineEvent,
} from '../../../../src/domain/postmortem';
import { expectValidAdf } from './adfSchema';

const REPORTER = 'acc-reporter';
const ASSIGNEE = 'acc-assignee';
const OTHER = 'acc-other';
const para = (...content: unknown[]) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content }] });

const history: IncidentHistory = {
  key: 'INC-9',
  created: '2026-03-01T10:00:00.000+0000',
  reporterId: REPORTER,
  assigneeId: ASSIGNEE,
  priority: 'Highest',
  changes: [
    {
      id: '1',
      created: '2026-03-01T10:05:00.000+0000',
      authorId: REPORTER,
      items: [{ field: 'assignee', from: null, to: ASSIGNEE, fromString: null, toString: 'Ada Lovelace' }],
    },
    {
      id: '2',
      created: '2026-03-01T10:06:00.000+0000',
      authorId: OTHER,
      items: [{ field: 'priority', fromString: 'High', toString: 'Highest' }],
    },
    { id: '3', created: '2026-03-01T10:07:00.000+0000', authorId: ASSIGNEE, items: [{ field: 'summary', fromString: 'a', toString: 'b' }] },
    {
      id: '4',
      created: '2026-03-01T11:00:00.000+0000',
      authorId: null,
      items: [
        { field: 'status', fromString: 'In Progress', toString: 'Done' },
        { field: 'resolution', to: '10000', toString: 'Done' },
      ],
    },
  ],
  comments: [
    {
      id: '7',
      created: '2026-03-01T10:30:00.000+0000',
      authorId: OTHER,
      body: para({ type: 'text', text: '[timeline] Paged ' }, { type: 'mention', attrs: { id: ASSIGNEE, text: '@Ada Lovelace' } }),
    },
    { id: '8', created: '2026-03-01T10:31:00.000+0000', authorId: ASSIGNEE, body: para({ type: 'text', text: 'Looking.' }) },
  ],
};

describe('timeline events from an incident’s history', () => {
  test('people by their part, never by name; one line per change that matters', () => {
    const events = timelineEvents(history, { marker: '' });
    expect(events.map((e) => e.text)).toEqual([
      'Incident INC-9 opened by the reporter (priority High).',
      'Assigned to the assignee by the reporter.',
      'Priority raised from High to Highest by a responder.',
      'A responder commented: [timeline] Paged the assignee',
      'The assignee commented: Looking.',
      'Resolved (Done) by an automation.',
    ]);
    expect(events.map((e) => e.text).join(' ')).not.toContain('Ada');
  });

  test('a marker keeps only the comments that start with it, without it (any case)', () => {
    const texts = timelineEvents(history, { marker: '[TIMELINE]' }).map((e) => e.text);
    expect(texts.filter((t) => t.includes('commented'))).toEqual(['A responder commented: Paged the assignee']);
  });

  test('roles', () => {
    expect(roleOf(ASSIGNEE, history)).toBe('the assignee');
    expect(roleOf(REPORTER, history)).toBe('the reporter');
    expect(roleOf(OTHER, history)).toBe('a responder');
    expect(roleOf(null, history)).toBe('an automation');
    expect(commentText(para({ type: 'mention', attrs: { id: 'x', text: '@Bob' } }), () => 'a responder')).toBe('a responder');
  });

  test('times in the site’s zone', () => {
    const at = Date.parse('2026-07-01T10:00:00Z');
    expect(formatEventTime(at, 'UTC')).toBe('2026-07-01 10:00');
    expect(formatEventTime(at, 'Europe/Paris')).toBe('2026-07-01 12:00');
    expect(formatEventTime(at, 'America/New_York')).toBe('2026-07-01 06:00');
  });
});

describe('filling the Timeline table', () => {
  const doc = buildPostmortemDoc({ sections: DEFAULT_TEMPLATE_SECTIONS });
  const events = timelineEvents(history, { marker: '' });
  type Table = { type: string; content: Array<{ attrs?: { localId?: string }; content: unknown[] }> };
  const tableOf = (d: unknown): Table => (d as { content: Table[] }).content.find((n) => n.type === 'table') as Table;

  test('a fresh table: the template’s empty rows give way to the events, valid ADF', () => {
    const r = fillTimeline(doc, DEFAULT_TEMPLATE_SECTIONS, events, 'Europe/Paris');
    if (!r.ok) throw new Error(r.message);
    expectValidAdf(r.doc);
    const rows = tableOf(r.doc).content;
    expect(rows).toHaveLength(1 + events.length);
    expect(JSON.stringify(rows[0])).toContain('Time (Europe/Paris)');
    expect(rows.slice(1).map((x) => x.attrs?.localId)).toEqual(events.map((e) => `pm-tl-${e.id}`));
  });

  test('refresh adds only events newer than the newest generated row; other rows are untouched', () => {
    const first = fillTimeline(doc, DEFAULT_TEMPLATE_SECTIONS, events.slice(0, 3), 'UTC');
    if (!first.ok) throw new Error(first.message);
    const table = tableOf(first.doc);
    table.content.splice(1, 1); // the author deleted the first generated row …
    table.content.push({ content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'mine' }] }] }] }); // … and wrote one
    const before = structuredClone(table.content);
    const again = fillTimeline(first.doc, DEFAULT_TEMPLATE_SECTIONS, events, 'UTC');
    if (!again.ok) throw new Error(again.message);
    expect(again.added.map((e: TimelineEvent) => e.id)).toEqual(events.slice(3).map((e) => e.id));
    const rows = tableOf(again.doc).content;
    expect(rows.slice(0, before.length)).toEqual(before);
    const same = fillTimeline(again.doc, DEFAULT_TEMPLATE_SECTIONS, events, 'UTC');
    expect(same.ok && same.added).toEqual([]);
  });

  test('a page without the Timeline section says so', () => {
    const r = fillTimeline({ type: 'doc', version: 1, content: [] }, DEFAULT_TEMPLATE_SECTIONS, events, 'UTC');
    expect(r).toEqual({ ok: false, message: expect.stringContaining('no “Timeline” section') });
  });
});
