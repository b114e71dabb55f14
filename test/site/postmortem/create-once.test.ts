/**
 * One incident, one postmortem page, whatever the timing: two "Create postmortem" at once (with
 * realistic product latency), or "Create" pressed again after the incident-side link failed, leave
 * exactly one page, linked both ways.
 */
import { PostmortemSite, U } from './support';

jest.setTimeout(120_000);

type Created = { incidentKey: string; page: { pageId: string; title: string } };

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

const TITLE = 'Postmortem: INC-4 Mobile app login failures after token-service deploy';
const inc4Pages = () => site.db.pages().filter((p) => p.title.startsWith('Postmortem: INC-4'));

function expectLinkedOnce(pageId: string) {
  expect(inc4Pages().map((p) => p.id)).toEqual([pageId]);
  expect(site.pageProperty(pageId)).toMatchObject({ incidentKey: 'INC-4' });
  expect(site.issueProperty('INC-4')).toMatchObject({ pageId });
}

test('two "Create postmortem" at once, with 40 ms per product call: one page; the other person is told', async () => {
  await site.faults([
    { target: 'jira', pathPattern: '*', latencyMs: 40 },
    { target: 'confluence', pathPattern: '*', latencyMs: 40 },
  ]);
  const [a, b] = await Promise.all([
    site.panel<Created>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' }),
    site.panel<Created>('createPostmortem', U.grace, 'INC-4', { spaceKey: 'PM' }),
  ]);
  const winner = a.ok ? a : b;
  const other = a.ok ? b : a;
  expect(winner.ok).toBe(true);
  expect(winner.data?.page.title).toBe(TITLE);
  expectLinkedOnce(winner.data!.page.pageId);
  // The other one either found the page already linked or was told someone is creating it.
  if (other.ok) expect(other.data?.page.pageId).toBe(winner.data?.page.pageId);
  else {
    expect(other.error?.code).toBe('conflict');
    expect(other.error?.message).toMatch(/INC-4/);
  }
});

test('five at once: still one page', async () => {
  await site.faults([{ target: 'confluence', pathPattern: '*', latencyMs: 40 }]);
  const all = await Promise.all(
    [U.elena, U.grace, U.marcus, U.elena, U.grace].map((who) => site.panel<Created>('createPostmortem', who, 'INC-4', { spaceKey: 'PM' })),
  );
  const ok = all.filter((r) => r.ok);
  expect(ok.length).toBeGreaterThanOrEqual(1);
  expect(new Set(ok.map((r) => r.data?.page.pageId)).size).toBe(1);
  expectLinkedOnce(ok[0]!.data!.page.pageId);
});

test('after a failed incident-side link, "Create" again links the page already made instead of making "... (2)"', async () => {
  await site.faults([
    { target: 'jira', method: 'PUT', pathPattern: '/rest/api/3/issue/INC-4/properties/postmortem', status: 500, count: 4 },
  ]);
  const failed = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' });
  expect(failed.ok).toBe(false);
  expect(inc4Pages()).toHaveLength(1);
  expect(site.issueProperty('INC-4')).toBeUndefined();

  await site.faults([]);
  const again = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' });
  expect(again.error).toBeUndefined();
  expect(again.data?.page.title).toBe(TITLE);
  expectLinkedOnce(again.data!.page.pageId);
});

test("a page with the same title that is not this incident's postmortem is left alone", async () => {
  const foreign = await site.createPage(U.elena, TITLE);
  const r = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' });
  expect(r.ok).toBe(true);
  expect(r.data?.page.pageId).not.toBe(foreign);
  expect(r.data?.page.title).toBe(`${TITLE} (2)`);
  expect(site.pageProperty(foreign)).toBeUndefined();
});

test('a creation claim left by a request that died is taken over once stale; a fresh one is respected', async () => {
  const kvs = site.running.site.runtime.kvs;
  const now = site.running.site.clock.now().getTime();
  kvs.handle(
    '/api/v1/set',
    JSON.stringify({
      key: 'postmortem-create:INC-4',
      value: { accountId: U.grace, claimedAt: now },
      options: { ttl: { value: 600, unit: 'SECONDS' } },
    }),
  );
  const busy = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' });
  expect(busy.error).toMatchObject({
    code: 'conflict',
    message: expect.stringContaining('Someone is creating the postmortem of INC-4 right now'),
  });
  expect(inc4Pages()).toHaveLength(0);

  kvs.handle(
    '/api/v1/set',
    JSON.stringify({
      key: 'postmortem-create:INC-4',
      value: { accountId: U.grace, claimedAt: now - 120_000 },
      options: { ttl: { value: 600, unit: 'SECONDS' } },
    }),
  );
  const r = await site.panel<Created>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' });
  expect(r.ok).toBe(true);
  expectLinkedOnce(r.data!.page.pageId);
  expect(kvs.handle('/api/v1/get', JSON.stringify({ key: 'postmortem-create:INC-4' })).status).toBe(404); // given back
});
