/**
 * "Has this fix been proposed before?": drafting an action item like an earlier one shows the
 * earlier one with its incident and state, found with Jira's text search as the person.
 */
import { PostmortemSite, U } from '../postmortem/support';

jest.setTimeout(120_000);

type Similar = { items: Array<{ key: string; incidentKey: string | null; done: boolean; summary: string }> };

let site: PostmortemSite;
let pageId: string;
beforeAll(async () => {
  site = await PostmortemSite.start();
  await site.reset();
  // Drafting happens on the INC-4 postmortem (INC-3's own items are its incident's, never "earlier").
  const created = await site.panel<{ page: { pageId: string } }>('createPostmortem', U.grace, 'INC-4', { spaceKey: 'PM' });
  if (!created.ok || !created.data) throw new Error(JSON.stringify(created.error));
  pageId = created.data.page.pageId;
});
afterAll(async () => {
  await site?.stop();
});

const find = (as: string, incidentKey: string, summary: string) =>
  site.macro<Similar>('findSimilarActionItems', as, pageId, { incidentKey, summary });

test('an item like an earlier one shows the earlier one: its incident and whether it is still open', async () => {
  const since = (await site.requests()).at(-1)?.seq ?? 0;
  const r = await find(U.grace, 'INC-4', 'Alerting on token-service pool utilisation over 80%');
  expect(r).toMatchObject({ ok: true, data: { items: [{ key: 'PAY-2', incidentKey: 'INC-3', done: false }] } });
  const done = await find(U.grace, 'INC-4', 'Roll back the pool-size default');
  expect(done.data?.items[0]).toMatchObject({ key: 'PAY-1', incidentKey: 'INC-3', done: true });
  // Per draft: a count per word (at most six) and one search, as the person.
  const calls = (await site.requests(since)).filter((c) => c.target === 'jira');
  expect(calls.filter((c) => c.path.startsWith('/rest/api/3/search/jql'))).toHaveLength(2);
  expect(calls.length).toBeLessThanOrEqual(14);
  expect(calls.every((c) => c.actor === 'user')).toBe(true);
});

test('nothing alike, or the same incident’s own items: nothing shown', async () => {
  expect((await find(U.grace, 'INC-4', 'Translate the onboarding emails into German')).data).toEqual({ items: [] });
  const own = await site.macro<Similar>('findSimilarActionItems', U.sofia, site.demoPageId(), {
    incidentKey: 'INC-3',
    summary: 'Alerting on gateway pool utilisation',
  });
  expect(own.data).toEqual({ items: [] });
});

test('only items in projects the person may browse', async () => {
  // Noah may not see the page (nor INC): refused. Elena sees the page but not PAY: nothing. Grace (member of PAY) does.
  expect(await find(U.noah, 'INC-4', 'Alerting on gateway pool utilisation')).toMatchObject({ ok: false });
  expect((await find(U.elena, 'INC-4', 'Alerting on gateway pool utilisation')).data?.items ?? []).toEqual([]);
  expect((await find(U.grace, 'INC-4', 'Alerting on gateway pool utilisation')).data?.items.map((i) => i.key)).toEqual(['PAY-2']);
});
