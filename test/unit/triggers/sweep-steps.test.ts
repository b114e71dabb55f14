/** The sweep's shell logic that needs no Forge: JQL, hits → planner input, leads, events, sending, tickets. */
import { syntaxErrors } from '../../../src/domain/jql';
import { addDays } from '../../../src/domain/dates';
import { sweepSelection } from '../../../src/domain/sweep';
import type { MarkWrite } from '../../../src/domain/sweep';
import { addCounts, isLastTicket, needsTotal, takeTicket } from '../../../src/triggers/sweep/completion';
import { ChunkEvent, SweepEvent } from '../../../src/triggers/sweep/events';
import { chunkEvents, packPushes } from '../../../src/triggers/sweep/fan-out';
import { nextScan, scanPages, siteUrlFromSelf, subjectsOf, sweepJql, type FoundIssue } from '../../../src/triggers/sweep/scan';
import { sendPlan, type SendResult } from '../../../src/triggers/sweep/send';
import { PROJECTS, TODAY, item, plan, postmortem, settings } from '../domain/sweep/fixtures';

const selection = sweepSelection(settings(), TODAY);

function hit(key: string, over: Partial<FoundIssue['fields']> = {}, properties: Record<string, unknown> = {}): FoundIssue {
  return {
    key,
    self: 'https://acme.atlassian.net/rest/api/3/issue/10001',
    fields: {
      summary: `Summary of ${key}`,
      status: { statusCategory: { key: 'new' } },
      assignee: { accountId: 'alice', displayName: 'Alice' },
      reporter: { accountId: 'rita', displayName: 'Rita' },
      duedate: TODAY,
      project: { key: key.split('-')[0] ?? '' },
      priority: { name: 'High' },
      labels: ['postmortem-action'],
      ...over,
    },
    properties,
  };
}

describe('sweep JQL', () => {
  it('is one valid query for items and draft postmortems, with the bounds from the selection', () => {
    const jql = sweepJql(selection);
    expect(syntaxErrors(jql)).toEqual([]);
    expect(jql.replace(/\s+/g, ' ')).toBe(
      `(labels = postmortem-action and (statusCategory != Done or resolution = "Won't Do")` +
        ` and (duedate <= ${addDays(TODAY, 7)} or duedate is empty))` +
        ` or (issue.property[postmortem].status = draft and issue.property[postmortem].dueDate <= ${addDays(TODAY, 2)}) ORDER BY key ASC`,
    );
  });

  it('keeps a hostile label a single value', () => {
    const jql = sweepJql({ ...selection, actionItems: { ...selection.actionItems, label: 'x" OR project = SECRET' } });
    expect(syntaxErrors(jql)).toEqual([]);
    expect(jql).toContain('labels = "x\\" OR project = SECRET"');
  });
});

describe('search hits → planner input', () => {
  it('reads items with their incident from the postmortem-action property, and drafts due in range as postmortems', () => {
    const pmProp = {
      pageId: '1001',
      pageTitle: 'PM',
      pageUrl: 'https://acme.atlassian.net/wiki/x',
      status: 'draft',
      dueDate: TODAY,
      ownerAccountId: 'owen',
    };
    const subjects = subjectsOf(
      [
        hit('OPS-1', {}, { 'postmortem-action': { incidentKey: 'INC-1', pageId: '1001', creationKey: 'abcdefgh' } }),
        hit('OPS-2', { assignee: null, duedate: null, priority: null }),
        hit('OPS-3', { status: { statusCategory: { key: 'done' } } }),
        hit('OPS-4', { duedate: addDays(TODAY, 8) }),
        hit('OPS-5', { labels: [] }),
        hit('INC-1', { labels: [] }, { postmortem: pmProp }),
        hit('INC-2', { labels: [] }, { postmortem: { ...pmProp, status: 'in-review' } }),
        hit('INC-3', { labels: [] }, { postmortem: { ...pmProp, dueDate: addDays(TODAY, 3) } }),
        hit('INC-4', { labels: [] }, { postmortem: { broken: true } }),
      ],
      selection,
    );
    expect(subjects.items.map((i) => i.key)).toEqual(['OPS-1', 'OPS-2']);
    expect(subjects.items[0]).toEqual({
      key: 'OPS-1',
      summary: 'Summary of OPS-1',
      statusCategory: 'new',
      assignee: { accountId: 'alice', displayName: 'Alice' },
      reporter: { accountId: 'rita', displayName: 'Rita' },
      dueDate: TODAY,
      projectKey: 'OPS',
      incidentKey: 'INC-1',
      pageId: '1001',
      pageUrl: null,
      priority: 'High',
    });
    expect(subjects.items[1]).toMatchObject({ assignee: null, dueDate: null, incidentKey: null, priority: null });
    expect(subjects.postmortems).toEqual([
      {
        incidentKey: 'INC-1',
        incidentProjectKey: 'INC',
        pageId: '1001',
        pageTitle: 'PM',
        pageUrl: 'https://acme.atlassian.net/wiki/x',
        ownerAccountId: 'owen',
        status: 'draft',
        dueDate: TODAY,
      },
    ]);
  });

  it('keeps a Won’t Do item open unless its approval is proved (the waiver property alone proves nothing)', () => {
    const wontDo = { status: { statusCategory: { key: 'done' } }, resolution: { name: "Won't Do" } };
    const claim = { 'postmortem-waiver': { status: 'approved', approvedAt: '2026-01-01T00:00:00.000Z' } };
    const hits = [
      { ...hit('OPS-1', wontDo, claim), id: '101' },
      { ...hit('OPS-2', wontDo, claim), id: '102' },
      { ...hit('OPS-3', { ...wontDo, resolution: { name: 'Done' } }), id: '103' },
    ];
    const byDefault = subjectsOf(hits, selection);
    expect(byDefault.items.map((i) => [i.key, i.statusCategory])).toEqual([
      ['OPS-1', 'indeterminate'],
      ['OPS-2', 'indeterminate'],
    ]);
    const asked: Array<[string, unknown]> = [];
    const proved = subjectsOf(hits, selection, (id, raw) => {
      asked.push([id, raw]);
      return id === '102';
    });
    expect(proved.items.map((i) => i.key)).toEqual(['OPS-1']);
    expect(asked).toEqual([
      ['101', claim['postmortem-waiver']],
      ['102', claim['postmortem-waiver']],
    ]);
  });

  it('takes the site URL from an issue self link', () => {
    expect(siteUrlFromSelf('https://acme.atlassian.net/rest/api/3/issue/10001')).toBe('https://acme.atlassian.net');
    expect(siteUrlFromSelf('javascript:alert(1)')).toBeUndefined();
    expect(siteUrlFromSelf('not a url')).toBeUndefined();
    expect(siteUrlFromSelf(undefined)).toBeUndefined();
  });
});

describe('queue events', () => {
  const base = {
    runId: 'run-1',
    today: TODAY,
    siteUrl: 'https://acme.atlassian.net',
    projects: PROJECTS as Record<string, { leadAccountId: string | null }>,
  };

  it('keeps an incident together, numbers the chunks, and every body parses as a chunk event', () => {
    const items = [
      item({ key: 'OPS-1', incidentKey: 'INC-1' }),
      item({ key: 'OPS-2', incidentKey: 'INC-2' }),
      item({ key: 'OPS-3', incidentKey: 'INC-1' }),
      item({ key: 'OPS-4', incidentKey: null }),
    ];
    const events = chunkEvents({ items, postmortems: [postmortem({ incidentKey: 'INC-2' })] }, base, 2);
    expect(events.map((e) => [e.chunk, e.chunks, e.items.map((i) => i.key), e.postmortems.map((p) => p.incidentKey)])).toEqual([
      [0, 3, ['OPS-1', 'OPS-3'], []],
      [1, 3, ['OPS-2'], ['INC-2']],
      [2, 3, ['OPS-4'], []],
    ]);
    for (const e of events) expect(ChunkEvent.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
  });

  it('splits a body over the byte limit (a huge incident), and fits every push in 50 events and the byte budget', () => {
    const long = 'x'.repeat(900);
    const items = Array.from({ length: 400 }, (_, i) => item({ key: `OPS-${i + 1}`, incidentKey: 'INC-1', summary: long }));
    const events = chunkEvents({ items, postmortems: [] }, base, 100, 150_000);
    expect(events.length).toBeGreaterThan(1);
    expect(events.flatMap((e) => e.items.map((i) => i.key))).toEqual(items.map((i) => i.key));
    for (const e of events) expect(Buffer.byteLength(JSON.stringify(e))).toBeLessThanOrEqual(150_000);
    const pushes = packPushes(events, 50, 180_000);
    for (const p of pushes) {
      expect(p.length).toBeLessThanOrEqual(50);
      expect(Buffer.byteLength(JSON.stringify(p.map((body) => ({ body }))))).toBeLessThanOrEqual(180_000);
    }
    expect(pushes.flat()).toEqual(events);
  });

  it('packs small bodies 50 to a push', () => {
    const pushes = packPushes(Array.from({ length: 120 }, (_, i) => ({ i })));
    expect(pushes.map((p) => p.length)).toEqual([50, 50, 20]);
  });
});

describe('sending a chunk', () => {
  const s = settings({ escalationContacts: { OPS: { managers: ['boss'], secondTier: ['boss', 'vp'] } } });
  const p = plan({
    items: [item({ key: 'OPS-1', dueDate: TODAY }), item({ key: 'OPS-2', dueDate: addDays(TODAY, -14), incidentKey: 'INC-7' })],
    settings: s,
  });

  function ports(fail: (id: string) => boolean = () => false, budget = Infinity, recordFails: (n: number) => boolean = () => false) {
    const log: string[] = [];
    let left = budget;
    let records = 0;
    return {
      log,
      send: async (n: { id: string }): Promise<SendResult> => {
        log.push(`send ${n.id}`);
        left--;
        return fail(n.id) ? { ok: false, status: 500, message: 'boom' } : { ok: true };
      },
      record: async (group: string, marks: readonly MarkWrite[]) => {
        records++;
        if (recordFails(records)) throw new Error('storage 503');
        log.push(
          `record ${group} ${marks.map((m) => `${m.key.split(':').slice(2).join(':')}${m.failed ? ' failed' : ` to ${m.to.join(',')}`}`).join(' ')}`,
        );
      },
      timeLeft: () => left,
    };
  }

  it("records each mail's marks for its readers right after it went out", async () => {
    const io = ports();
    const out = await sendPlan(p, new Set(), [], TODAY, io);
    expect(out).toMatchObject({ checkpoint: false, failures: [], unrecorded: [], counts: { reminders: 1, escalations: 2, notices: 0 } });
    expect(io.log).toEqual([
      'send reminder:sweep-ledger:a:OPS-1:' + TODAY + ':r0',
      `record INC-1 OPS-1:${TODAY}:r0 to alice`,
      expect.stringMatching(/^send escalation:INC-7:boss$/),
      `record INC-7 OPS-2:${addDays(TODAY, -14)}:e8 to boss OPS-2:${addDays(TODAY, -14)}:t14 to boss`,
      expect.stringMatching(/^send escalation:INC-7:vp$/),
      `record INC-7 OPS-2:${addDays(TODAY, -14)}:t14 to vp`,
    ]);
  });

  it("a failed mail records nothing for its readers, and does not hold back another reader's mark of the same key", async () => {
    const io = ports((id) => id.endsWith(':vp') || id.startsWith('reminder:'));
    const out = await sendPlan(p, new Set(), [], TODAY, io);
    expect(out.failures.map((f) => f.notificationId)).toEqual([`reminder:sweep-ledger:a:OPS-1:${TODAY}:r0`, 'escalation:INC-7:vp']);
    expect(io.log.filter((l) => l.startsWith('record'))).toEqual([
      `record INC-1 OPS-1:${TODAY}:r0 failed`,
      `record INC-7 OPS-2:${addDays(TODAY, -14)}:e8 to boss OPS-2:${addDays(TODAY, -14)}:t14 to boss`,
    ]);
  });

  it('stops when a mark cannot be recorded after its mail went out; the continuation records it first and never sends it again', async () => {
    const io = ports(
      () => false,
      Infinity,
      (n) => n === 2,
    );
    const a = await sendPlan(p, new Set(), [], TODAY, io);
    expect(a).toMatchObject({ checkpoint: true, unrecorded: ['escalation:INC-7:boss'] });
    expect(a.sent).toHaveLength(2);
    const again = ports();
    const b = await sendPlan(p, new Set(a.sent), a.unrecorded, TODAY, again);
    expect(again.log[0]).toBe(`record INC-7 OPS-2:${addDays(TODAY, -14)}:e8 to boss OPS-2:${addDays(TODAY, -14)}:t14 to boss`);
    expect(again.log.filter((l) => l.startsWith('send'))).toEqual(['send escalation:INC-7:vp']);
    expect(b).toMatchObject({ checkpoint: false, unrecorded: [] });
  });

  it('checkpoints at the budget after at least one mail, and a continuation skips what was sent', async () => {
    const first = ports(() => false, 1);
    const a = await sendPlan(p, new Set(), [], TODAY, first);
    expect(a.checkpoint).toBe(true);
    expect(a.sent).toHaveLength(1);
    const zero = ports(() => false, 0);
    const b = await sendPlan(p, new Set(a.sent), [], TODAY, zero);
    expect(b.checkpoint).toBe(true);
    expect(b.sent).toHaveLength(1);
    const rest = ports();
    const c = await sendPlan(p, new Set([...a.sent, ...b.sent]), [], TODAY, rest);
    expect(c.checkpoint).toBe(false);
    expect([...a.sent, ...b.sent, ...c.sent].sort()).toEqual(p.notifications.map((n) => n.id).sort());
  });
});

describe('completion tickets', () => {
  it('hands out 1..n exactly once to concurrent takers, so exactly one sees the last', async () => {
    const taken = new Map<number, number>();
    const tick = () => new Promise<void>((r) => setImmediate(r));
    const take = (who: number) =>
      takeTicket(20, {
        taken: async (n) => {
          await tick();
          return taken.has(n);
        },
        take: async (n) => {
          await tick();
          if (taken.has(n)) return false;
          taken.set(n, who);
          return true;
        },
      });
    const tickets = await Promise.all(Array.from({ length: 20 }, (_, i) => take(i)));
    expect([...tickets].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('finds the next free ticket in a few reads', async () => {
    let reads = 0;
    const n = await takeTicket(1000, {
      taken: async (k) => {
        reads++;
        return k <= 700;
      },
      take: async () => true,
    });
    expect(n).toBe(701);
    expect(reads).toBeLessThanOrEqual(12);
  });
});

describe('counters', () => {
  it('adds partial counters', () => {
    expect(addCounts({ reminders: 1, failures: 2 }, { reminders: 2, productCalls: 5 })).toEqual({
      reminders: 3,
      failures: 2,
      productCalls: 5,
    });
  });
});

describe('scanning in segments', () => {
  const base = {
    runId: 'run-1',
    today: TODAY,
    siteUrl: 'https://acme.atlassian.net',
    projects: PROJECTS as Record<string, { leadAccountId: string | null }>,
  };

  function pages(n: number) {
    const requested: Array<string | undefined> = [];
    const page = async (token: string | undefined) => {
      requested.push(token);
      const i = token ? Number(token.slice(1)) : 0;
      return { issues: [hit(`OPS-${i + 1}`), hit(`OPS-${i + 101}`, { labels: [] })], ...(i + 1 < n ? { nextPageToken: `p${i + 1}` } : {}) };
    };
    return { requested, page };
  }

  it('pages to the end within the budget, keeping only subjects and the site URL', async () => {
    const { requested, page } = pages(3);
    const out = await scanPages(selection, undefined, { page, overBudget: () => false });
    expect(requested).toEqual([undefined, 'p1', 'p2']);
    expect(out).toMatchObject({ pages: 3, nextPageToken: undefined, siteUrl: 'https://acme.atlassian.net' });
    expect(out.subjects.items.map((i) => i.key)).toEqual(['OPS-1', 'OPS-2', 'OPS-3']);
  });

  it('stops after the page on which the budget ran out (at least one page), returning where to continue', async () => {
    const { requested, page } = pages(5);
    let calls = 0;
    const out = await scanPages(selection, 'p1', { page, overBudget: () => ++calls >= 2 });
    expect(requested).toEqual(['p1', 'p2']);
    expect(out.nextPageToken).toBe('p3');
    const zero = await scanPages(selection, 'p3', { page, overBudget: () => true });
    expect(zero).toMatchObject({ pages: 1, nextPageToken: 'p4' });
  });

  it('continues with a scan event numbered after the chunks pushed so far, or none when the search ended', () => {
    const current = { runId: 'run-1', today: TODAY, siteUrl: '', jql: 'labels = x', segment: 0, chunkBase: 0 };
    expect(nextScan(current, { nextPageToken: undefined, siteUrl: undefined }, 4)).toBeUndefined();
    const next = nextScan(current, { nextPageToken: 'p1', siteUrl: 'https://acme.atlassian.net' }, 4);
    expect(next).toEqual({
      kind: 'sweep-scan',
      runId: 'run-1',
      today: TODAY,
      siteUrl: 'https://acme.atlassian.net',
      jql: 'labels = x',
      nextPageToken: 'p1',
      segment: 1,
      chunkBase: 4,
    });
    expect(SweepEvent.parse(JSON.parse(JSON.stringify(next)))).toEqual(next);
    expect(nextScan({ ...current, segment: 1, chunkBase: 4 }, { nextPageToken: 'p2', siteUrl: undefined }, 3)).toMatchObject({
      segment: 2,
      chunkBase: 7,
    });
  });

  it("numbers a segment's chunks after the earlier ones; only the last segment's say the count is the total", () => {
    const items = [item({ key: 'OPS-1', incidentKey: 'INC-1' }), item({ key: 'OPS-2', incidentKey: 'INC-2' })];
    const middle = chunkEvents({ items, postmortems: [] }, base, 1, undefined, { chunkBase: 5, final: false });
    expect(middle.map((e) => [e.chunk, e.chunks, e.final])).toEqual([
      [5, 7, false],
      [6, 7, false],
    ]);
    const last = chunkEvents({ items, postmortems: [] }, base, 1, undefined, { chunkBase: 7, final: true });
    expect(last.map((e) => [e.chunk, e.chunks, e.final])).toEqual([
      [7, 9, undefined],
      [8, 9, undefined],
    ]);
    for (const e of [...middle, ...last]) expect(SweepEvent.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
  });

  it('the last ticket: known to a final chunk; an earlier segment needs the stored total, read only past its own count', () => {
    expect(isLastTicket(9, { chunks: 9 }, undefined)).toBe(true);
    expect(isLastTicket(8, { chunks: 9, final: true }, undefined)).toBe(false);
    expect(needsTotal(9, { chunks: 9 })).toBe(false);
    expect(needsTotal(6, { chunks: 7, final: false })).toBe(false);
    expect(needsTotal(7, { chunks: 7, final: false })).toBe(true);
    expect(isLastTicket(7, { chunks: 7, final: false }, undefined)).toBe(false);
    expect(isLastTicket(7, { chunks: 7, final: false }, { chunks: 9, segments: 2 })).toBe(false);
    expect(isLastTicket(9, { chunks: 7, final: false }, { chunks: 9, segments: 2 })).toBe(true);
  });

  it('takes tickets past the limit when later segments completed chunks first (galloping, few reads)', async () => {
    let reads = 0;
    const n = await takeTicket(10, {
      taken: async (k) => {
        reads++;
        return k <= 700;
      },
      take: async () => true,
    });
    expect(n).toBe(701);
    expect(reads).toBeLessThanOrEqual(20);
  });
});
