/**
 * Jira's search is eventually consistent (docs/platform.md, Jira REST): with the local site's
 * search lag on (PUT /__site/search-lag), items just created are not in a plain search, yet the
 * macro's table shows them, because it asks search to reconcile the ids it was given.
 */
import type { ActionItemList, CreateActionItemsResult } from '../../../src/contracts/macro-actions';
import { addDays, creationKey, startDemoSite, U, type DemoSite } from './support';

let site: DemoSite;

beforeAll(async () => {
  site = await startDemoSite();
  site.setSettings({ actionItems: { projectKeys: ['PAY'], defaultProjectKey: 'PAY', issueType: 'Task' } });
  const lag = await fetch(`${site.url}/__site/search-lag`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms: 600_000 }),
  });
  expect(await lag.json()).toEqual({ ms: 600_000 });
});
afterAll(async () => {
  await site.stop();
});

test('right after Create, the new items are in the table although search has not caught up', async () => {
  const today = (await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' })).data?.today ?? '';
  const drafts = ['Cap pool size per pod', 'Alert on pool saturation'].map((summary) => ({
    creationKey: creationKey(),
    summary,
    description: '',
    kind: 'prevent',
    assigneeAccountId: U.sofia,
    dueDate: addDays(today, 10),
    priority: 'High',
    projectKey: 'PAY',
  }));
  const created = await site.macro<CreateActionItemsResult>('createActionItems', U.marcus, { incidentKey: 'INC-3', drafts });
  const outcomes = created.data?.outcomes ?? [];
  expect(outcomes.map((o) => o.outcome)).toEqual(['created', 'created']);
  const ids = outcomes.map((o) => o.issueId ?? '');
  const keys = outcomes.map((o) => o.issueKey ?? '');
  expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);

  // The premise: Jira's search does not show them yet.
  const plain = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
  expect(plain.data?.items.map((i) => i.key)).not.toEqual(expect.arrayContaining([keys[0]]));

  const table = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3', reconcile: ids });
  expect(table.data?.items.map((i) => i.key)).toEqual(expect.arrayContaining(keys));
  expect(table.data?.counts.total).toBe(9);
  const since = await site.lastSeq();
  await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3', reconcile: ids });
  expect((await site.requests(since)).filter((r) => r.path.startsWith('/rest/api/3/search/jql'))).toHaveLength(1);
});

test('reconcile takes Jira issue ids only, at most 50', async () => {
  const r = await site.macro('listActionItems', U.marcus, { incidentKey: 'INC-3', reconcile: ['PAY-1'] });
  expect(r.error?.code).toBe('invalid-input');
  const many = await site.macro('listActionItems', U.marcus, {
    incidentKey: 'INC-3',
    reconcile: Array.from({ length: 51 }, (_, i) => String(10_000 + i)),
  });
  expect(many.error?.code).toBe('invalid-input');
});
