/**
 * Action-item creation and the template append under faults (README, "Reliability"): no action item is created
 * twice or lost, whatever fails (429 bursts, 5xx, a bulk create slower than the resolver's limit,
 * an invocation killed at a random call), as long as the person retries with the same drafts (the
 * form keeps their creation keys); and no word a person wrote is lost when they save the page while
 * the app appends the template's missing sections, even when the app's save fails once.
 */
import { STALE_AFTER_MS } from '../../src/adapters/creation-claims';
import { addDays } from '../../src/domain/dates';
import { FaultSite, prng, U } from './support';

const LIMIT_MS = 1000;

interface Outcome {
  creationKey: string;
  outcome: 'created' | 'existing' | 'failed';
  issueKey?: string;
  message?: string;
}
interface Answer<T> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}

describe('action items and page edits under faults', () => {
  let site: FaultSite;
  let today = '';
  let run = 0;

  beforeAll(async () => {
    site = await FaultSite.start({ resolverMs: LIMIT_MS });
  });
  afterAll(async () => {
    await site.stop();
  });
  beforeEach(async () => {
    today = await site.reset();
    run += 1;
  });

  function demoPageId(): string {
    const page = site.db.pages().find((p) => p.title.startsWith('Postmortem: INC-3'));
    if (!page) throw new Error('no INC-3 page');
    return page.id;
  }
  function macroContext(pageId: string, config: unknown = { incidentKey: 'INC-3' }) {
    const space = site.db.spaceByKey('PM');
    return { extension: { type: 'macro', content: { id: pageId, type: 'page' }, space: { key: 'PM', id: space?.id }, config } };
  }
  async function macro<T>(
    resolver: string,
    as: string,
    payload: unknown,
    pageId = demoPageId(),
  ): Promise<{ status: number; answer?: Answer<T> }> {
    const r = await site.call('POST', '/__site/invoke/macro-resolver', { accountId: as, resolver, payload, context: macroContext(pageId) });
    return { status: r.status, ...(r.status === 200 ? { answer: (r.json as { result: Answer<T> }).result } : {}) };
  }
  function drafts(n: number) {
    return Array.from({ length: n }, (_, i) => ({
      creationKey: `fault-${run}-${i}-0123456789abcdef`,
      summary: `Fault drill item ${run}.${i}`,
      description: '',
      kind: 'prevent',
      assigneeAccountId: U.sofia,
      dueDate: addDays(today, 10 + i),
      priority: 'Medium',
      projectKey: 'INC',
    }));
  }
  /** Issues per creation key, as Jira holds them. */
  function issuesByKey(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const issue of site.db.issues()) {
      const prop = issue.properties['postmortem-action'] as { creationKey?: string } | undefined;
      if (!prop?.creationKey) continue;
      m.set(prop.creationKey, [...(m.get(prop.creationKey) ?? []), issue.key]);
    }
    return m;
  }
  /**
   * Sends the same drafts until every one is created or existing (at most 4 times), as a person
   * retrying a minute later: a claim left by a killed request is taken over once it is stale.
   */
  async function createUntilDone(d: ReturnType<typeof drafts>): Promise<void> {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const r = await macro<{ outcomes: Outcome[] }>('macro.createActionItems', U.marcus, { incidentKey: 'INC-3', drafts: d });
      await site.settle(LIMIT_MS + 700);
      if (r.answer?.ok && r.answer.data?.outcomes.every((o) => o.outcome !== 'failed')) return;
      const now = site.running.site.clock.now().getTime();
      await site.call('PUT', '/__site/clock', { now: new Date(now + STALE_AFTER_MS + 1000).toISOString() });
    }
  }
  function expectExactlyOnce(d: ReturnType<typeof drafts>): void {
    const byKey = issuesByKey();
    const mine = d.map((x) => ({ key: x.creationKey, issues: byKey.get(x.creationKey)?.length ?? 0 }));
    expect(mine).toEqual(d.map((x) => ({ key: x.creationKey, issues: 1 })));
  }

  test('the fault-free creation makes each item once (the premise)', async () => {
    const d = drafts(3);
    const r = await macro<{ outcomes: Outcome[] }>('macro.createActionItems', U.marcus, { incidentKey: 'INC-3', drafts: d });
    expect(r.answer?.data?.outcomes.map((o) => o.outcome)).toEqual(['created', 'created', 'created']);
    expectExactlyOnce(d);
  });

  test('429 bursts with Retry-After and 5xx on bulk create and search: retried by the person, each item once', async () => {
    await site.faults([
      { method: 'POST', pathPattern: '/rest/api/3/issue/bulk', status: 429, retryAfter: 2, count: 3 },
      { method: 'POST', pathPattern: '/rest/api/3/issue/bulk', status: 503, count: 1 },
      { method: 'POST', pathPattern: '/rest/api/3/search/jql', status: 500, count: 1 },
    ]);
    const d = drafts(3);
    await createUntilDone(d);
    expectExactlyOnce(d);
  });

  test('a bulk create slower than the resolver limit (Jira creates them after the app was killed): the retry finds them, none twice', async () => {
    await site.faults([{ method: 'POST', pathPattern: '/rest/api/3/issue/bulk', latencyMs: LIMIT_MS + 500, count: 1 }]);
    const d = drafts(3);
    const first = await macro<{ outcomes: Outcome[] }>('macro.createActionItems', U.marcus, { incidentKey: 'INC-3', drafts: d });
    expect(first.answer?.ok).not.toBe(true);
    await site.settle(LIMIT_MS + 700);
    await createUntilDone(d);
    expectExactlyOnce(d);
  });

  test.each([11, 22, 33, 44])(
    'an invocation killed at a random call of the creation (seed %i): after the retry each item exists once',
    async (seed) => {
      // The calls a creation makes, from a fault-free creation of other drafts.
      const probe = drafts(2).map((x) => ({ ...x, creationKey: x.creationKey.replace('fault-', 'probe-') }));
      const since = await site.lastSeq();
      await macro('macro.createActionItems', U.marcus, { incidentKey: 'INC-3', drafts: probe });
      const calls = (await site.requests(since)).filter((c) => c.target === 'jira' || c.target === 'kvs');
      const victim = calls[Math.floor(prng(seed)() * calls.length)];
      if (!victim) throw new Error('no calls');
      const d = drafts(2);
      const generic = victim.path.replace(/\d+$/, '*').replace(/probe-[^/?]*/g, '*');
      await site.faults([
        {
          method: victim.method,
          pathPattern: generic,
          target: victim.target,
          latencyMs: LIMIT_MS + 500,
          count: 1,
          ...(seed % 2 ? { status: 503 } : {}),
        },
      ]);
      await createUntilDone(d);
      const context = `${victim.method} ${victim.target} ${victim.path}`;
      expect({ context, counts: d.map((x) => issuesByKey().get(x.creationKey)?.length ?? 0) }).toEqual({ context, counts: [1, 1] });
    },
  );

  test('a person saves the page while the app appends sections, and the app’s save fails once: both the person’s words and the sections are there', async () => {
    const space = site.db.spaceByKey('PM');
    const body = (texts: string[]) => ({
      representation: 'atlas_doc_format',
      value: JSON.stringify({
        type: 'doc',
        version: 1,
        content: texts.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] })),
      }),
    });
    const created = await site.call(
      'POST',
      '/wiki/api/v2/pages',
      { spaceId: space?.id, status: 'current', title: 'Fault drill notes', body: body(['Written first by Tom.']) },
      U.tom,
    );
    expect(created.status).toBe(200);
    const pageId = String((created.json as { id: string }).id);
    await site.faults([
      { method: 'PUT', pathPattern: `/wiki/api/v2/pages/${pageId}`, target: 'confluence', latencyMs: 400, count: 1 },
      { method: 'PUT', pathPattern: `/wiki/api/v2/pages/${pageId}`, target: 'confluence', status: 503, count: 1 },
    ]);
    const pending = macro<{ added: string[]; attempts: number }>('macro.addMissingSections', U.tom, {}, pageId);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const page = site.db.page(pageId);
    const saved = await site.call(
      'PUT',
      `/wiki/api/v2/pages/${pageId}`,
      {
        id: pageId,
        status: 'current',
        title: 'Fault drill notes',
        body: body(['Written first by Tom.', 'Added meanwhile by Aiko.']),
        version: { number: (page?.versions.at(-1)?.number ?? 1) + 1 },
      },
      U.aiko,
    );
    expect(saved.status).toBe(200);
    let r = await pending;
    if (!r.answer?.ok) r = await macro('macro.addMissingSections', U.tom, {}, pageId); // the person clicks again
    expect(r.answer?.ok).toBe(true);
    const adf = site.db.page(pageId)?.adf ?? '';
    expect(adf).toContain('Written first by Tom.');
    expect(adf).toContain('Added meanwhile by Aiko.');
    expect(adf).toContain('Customer impact');
    expect(adf.split('Customer impact').length - 1).toBeGreaterThanOrEqual(1);
    // Adding again adds nothing: the sections are there once.
    const again = await macro<{ added: string[] }>('macro.addMissingSections', U.tom, {}, pageId);
    expect(again.answer?.data?.added).toEqual([]);
  });
});
