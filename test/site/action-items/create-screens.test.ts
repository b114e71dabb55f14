/**
 * Creating action items sends only what each project's create screen accepts (read from Jira's
 * create metadata as the caller; docs/platform.md, Jira REST): PLAT's screen has no Priority, so
 * its items are created without one; a project whose screen has no Due date takes no items, and
 * says why, before anything is written.
 */
import type { ActionItemList, CreateActionItemsResult } from '../../../src/contracts/macro-actions';
import { addDays, creationKey, startDemoSite, U, type DemoSite } from './support';

let site: DemoSite;
let today: string;

beforeAll(async () => {
  site = await startDemoSite();
});
afterAll(async () => {
  await site.stop();
});
beforeEach(async () => {
  await site.reset();
  site.setSettings({ actionItems: { projectKeys: ['PAY', 'PLAT'], defaultProjectKey: 'PAY', issueType: 'Task' } });
  today = (await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' })).data?.today ?? '';
});

function draft(projectKey: string) {
  return {
    creationKey: creationKey(),
    summary: `Pin the pool size in ${projectKey}`,
    description: '',
    kind: 'prevent',
    assigneeAccountId: U.marcus,
    dueDate: addDays(today, 14),
    priority: 'High',
    projectKey,
  };
}

const create = (drafts: unknown[]) => site.macro<CreateActionItemsResult>('createActionItems', U.marcus, { incidentKey: 'INC-3', drafts });

test('an item in PLAT (no Priority on its create screen) is created without a priority, and the person is told', async () => {
  const r = await create([draft('PLAT'), draft('PAY')]);
  expect(r.ok).toBe(true);
  const [plat, pay] = r.data?.outcomes ?? [];
  expect(plat).toMatchObject({ outcome: 'created', issueKey: expect.stringMatching(/^PLAT-/) });
  expect(plat?.warnings).toEqual([expect.stringMatching(/has no priority: project PLAT’s create screen has no Priority field/)]);
  expect(pay).toMatchObject({ outcome: 'created', issueKey: expect.stringMatching(/^PAY-/) });
  expect(pay?.warnings ?? []).toEqual([]);
  expect(site.db.issueByKey(pay?.issueKey ?? '')?.priorityId).toBe('2'); // High
  expect(site.db.issueByKey(plat?.issueKey ?? '')?.duedate).toBe(addDays(today, 14));
});

test('a project whose create screen has no Due date takes no items: a clear reason, and nothing is created', async () => {
  const pay = site.db.projectByKey('PAY')!;
  site.db.putProject({ ...pay, createFields: ['summary', 'description', 'assignee', 'reporter', 'labels', 'priority'] });
  const before = [...site.db.issues()].length;
  const since = await site.lastSeq();
  const r = await create([draft('PAY')]);
  const [o] = r.data?.outcomes ?? [];
  expect(o?.outcome).toBe('failed');
  expect(o?.message).toMatch(/^Not created: Project PAY cannot take action items: its create screen for Task has no Due date field/);
  expect(o?.fields?.projectKey).toMatch(/Ask a Jira admin to add it to the screen/);
  expect([...site.db.issues()].length).toBe(before);
  const calls = await site.requests(since);
  expect(calls.some((c) => c.path.startsWith('/rest/api/3/issue/bulk'))).toBe(false);
  expect(calls.filter((c) => c.path.startsWith('/rest/api/3/issue/createmeta/PAY/issuetypes')).every((c) => c.actor === 'user')).toBe(true);
});
