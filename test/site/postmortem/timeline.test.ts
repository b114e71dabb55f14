/**
 * The Timeline drafted from the incident's Jira history: creating the INC-4 postmortem fills it
 * (roles, not names; the site's time zone; the comment marker), reading the history as the
 * person; "Refresh timeline from Jira" adds what is new and leaves the author's rows alone.
 */
import { DEMO } from '../../../local/products/seeds/demo';
import { PostmortemSite, U } from './support';

jest.setTimeout(120_000);

type Created = { page: { pageId: string }; timeline?: { events: number; complete: boolean; problem?: string } };
type Row = { type?: string; attrs?: { localId?: string }; content: unknown[] };

let site: PostmortemSite;
beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});
beforeEach(async () => {
  await site.reset();
});

function textOf(n: unknown): string {
  if (typeof n !== 'object' || n === null) return '';
  const o = n as { text?: unknown; content?: unknown[] };
  return typeof o.text === 'string' ? o.text : (o.content ?? []).map(textOf).join('');
}

/** The rows of the page's Timeline table as [time, what happened, localId]. */
function timelineRows(pageId: string): Array<[string, string, string | undefined]> {
  const content = site.pageAdf(pageId).content as Array<{ type: string; content?: unknown[] }>;
  const at = content.findIndex((n) => n.type === 'heading' && textOf(n) === 'Timeline');
  const table = content.slice(at).find((n) => n.type === 'table');
  if (!table) throw new Error('no timeline table');
  return (table.content as Row[]).map((r) => [textOf(r.content[0]), textOf(r.content[1]), r.attrs?.localId]);
}

function inZone(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

async function createInc4(): Promise<Created> {
  const created = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' });
  if (!created.ok || !created.data) throw new Error(JSON.stringify(created.error));
  return created.data;
}

const NAMES = Object.values(DEMO.users).flatMap((u) => u.displayName.split(' '));

test('creating the INC-4 postmortem fills its Timeline from INC-4’s history: roles, the site’s zone, every comment', async () => {
  site.setSettings({ timeZone: 'Asia/Kolkata', actionItems: { projectKeys: ['MOB'], issueType: 'Task' } });
  const since = (await site.requests()).at(-1)?.seq ?? 0;
  const created = await createInc4();
  expect(created.timeline).toEqual({ events: 8, complete: true });

  const rows = timelineRows(created.page.pageId);
  expect(rows[0]).toEqual(['Time (Asia/Kolkata)', 'What happened', undefined]);
  const events = rows.slice(1);
  const inc4 = site.db.issueByKey('INC-4')!;
  expect(events[0]).toEqual([
    inZone(inc4.created, 'Asia/Kolkata'),
    'Incident INC-4 opened by the assignee (priority Medium).',
    'pm-tl-created',
  ]);
  expect(events.map((e) => e[1])).toEqual([
    'Incident INC-4 opened by the assignee (priority Medium).',
    'The assignee took the incident.',
    'Status changed from To Do to In Progress by the assignee.',
    'A responder commented: The auth dashboard shows 401s from the token service since the deploy.',
    'Priority raised from Medium to High by a responder.',
    'A responder commented: [timeline] Rolled the token service back to the previous release.',
    'The assignee commented: [timeline] Login success rate back to normal on iOS and Android.',
    'Resolved (Done) by the assignee.',
  ]);
  expect(events[events.length - 1]?.[0]).toBe(inZone(inc4.resolutiondate!, 'Asia/Kolkata'));
  // Blameless: nobody's name in the timeline.
  for (const [, what] of events) for (const name of NAMES) expect(what).not.toContain(name);
  // The template's empty placeholder rows made way for the events.
  expect(events.every(([time, , id]) => time !== '' && id?.startsWith('pm-tl-'))).toBe(true);
  // Read as the person, page by page.
  const reads = (await site.requests(since)).filter((c) => /\/issue\/INC-4\/(changelog|comment)/.test(c.path));
  expect(reads.map((c) => c.path.replace(/\?.*/, ''))).toEqual(['/rest/api/3/issue/INC-4/changelog', '/rest/api/3/issue/INC-4/comment']);
  expect(reads.every((c) => c.actor === 'user')).toBe(true);
});

test('with a comment marker, only the marked comments go in, without the marker', async () => {
  site.setSettings({ timeline: { commentMarker: '[timeline]' } });
  const created = await createInc4();
  const comments = timelineRows(created.page.pageId)
    .map((r) => r[1])
    .filter((t) => t.includes('commented'));
  expect(comments).toEqual([
    'A responder commented: Rolled the token service back to the previous release.',
    'The assignee commented: Login success rate back to normal on iOS and Android.',
  ]);
});

test('"Refresh timeline from Jira" adds what is new and leaves the author’s rows as they are', async () => {
  const created = await createInc4();
  const pageId = created.page.pageId;

  // Nothing new yet.
  expect(await site.macro('refreshTimeline', U.elena, pageId)).toEqual({ ok: true, data: { added: 0, complete: true } });

  // The author rewrites one generated row and adds a row of their own, through Confluence's REST.
  const adf = site.pageAdf(pageId) as { content: Array<{ type: string; content?: Row[] }> };
  const at = adf.content.findIndex((n) => n.type === 'heading' && textOf(n) === 'Timeline');
  const table = adf.content.slice(at).find((n) => n.type === 'table')!;
  const cell = (t: string) => ({ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] });
  table.content![2] = { ...table.content![2]!, content: [cell('07:33'), cell('Paged the on-call engineer by phone.')] };
  table.content!.push({ type: 'tableRow', content: [cell('08:30'), cell('Customer support told affected users.')] });
  const page = site.db.page(pageId)!;
  const put = await site.rest('PUT', `/wiki/api/v2/pages/${pageId}`, U.elena, {
    id: pageId,
    status: 'current',
    title: page.title,
    version: { number: site.pageVersion(pageId) + 1 },
    body: { representation: 'atlas_doc_format', value: JSON.stringify(adf) },
  });
  expect(put.status).toBe(200);
  const before = timelineRows(pageId);

  // Jira moves on: a comment and a reopening.
  const comment = await site.rest('POST', '/rest/api/3/issue/INC-4/comment', U.tom, {
    body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Error rate is back up.' }] }] },
  });
  expect(comment.status).toBe(201);
  const reopen = await site.rest('POST', '/rest/api/3/issue/INC-4/transitions', U.daniel, { transition: { id: '21' } });
  expect(reopen.status).toBe(204);

  expect(await site.macro('refreshTimeline', U.elena, pageId)).toEqual({ ok: true, data: { added: 2, complete: true } });
  const after = timelineRows(pageId);
  expect(after.slice(0, before.length)).toEqual(before); // every earlier row, the author's included, unchanged
  expect(after.slice(before.length).map((r) => r[1])).toEqual([
    'A responder commented: Error rate is back up.',
    'Reopened by a responder (resolution Done cleared).',
  ]);
  expect(await site.macro('refreshTimeline', U.elena, pageId)).toEqual({ ok: true, data: { added: 0, complete: true } });
});

test('someone who may not edit the page cannot refresh it; nothing is written', async () => {
  const created = await createInc4();
  const version = site.pageVersion(created.page.pageId);
  const r = await site.macro('refreshTimeline', U.hannah, created.page.pageId);
  expect(r.ok).toBe(false);
  expect(site.pageVersion(created.page.pageId)).toBe(version);
});
