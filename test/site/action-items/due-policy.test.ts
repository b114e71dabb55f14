/**
 * Due dates by policy through the local site: the table's form gets the policy, a High item due
 * later than 4 weeks is refused without a reason, and with one it is created and the reason is kept
 * in the item's `postmortem-action` property with the policy's date.
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
  site.setSettings({ actionItems: { projectKeys: ['PAY'], defaultProjectKey: 'PAY', issueType: 'Task' } });
  today = (await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' })).data!.today;
});

const draft = (over: Record<string, unknown>) => ({
  creationKey: creationKey(),
  summary: 'Replace the connection pool',
  description: '',
  kind: 'prevent',
  assigneeAccountId: U.sofia,
  priority: 'High',
  projectKey: 'PAY',
  ...over,
});
const create = (drafts: unknown[]) => site.macro<CreateActionItemsResult>('createActionItems', U.marcus, { incidentKey: 'INC-3', drafts });

test('the form gets the policy; later than it needs a reason, which is kept with the item', async () => {
  const list = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
  expect(list.data!.form.dueDatePolicy).toEqual({ weeksByPriority: { Highest: 4, High: 4 }, otherWeeks: 8 });

  const late = addDays(today, 40);
  const refused = await create([draft({ dueDate: late })]);
  expect(refused.data!.outcomes[0]).toMatchObject({
    outcome: 'failed',
    fields: { dueDateReason: `High items are due within 4 weeks (by ${addDays(today, 28)}); say why this one needs until ${late}.` },
  });

  const ok = await create([draft({ dueDate: late, dueDateReason: 'Waits for the vendor release.' })]);
  expect(ok.data!.outcomes[0]).toMatchObject({ outcome: 'created' });
  const key = ok.data!.outcomes[0]!.issueKey!;
  expect(site.db.issueByKey(key)!.properties['postmortem-action']).toMatchObject({
    lateDueDate: { policyDate: addDays(today, 28), reason: 'Waits for the vendor release.' },
  });

  // within the policy: no reason asked, none kept
  const inTime = await create([draft({ dueDate: addDays(today, 28), priority: 'High' })]);
  const k2 = inTime.data!.outcomes[0]!.issueKey!;
  expect(site.db.issueByKey(k2)!.properties['postmortem-action']).not.toHaveProperty('lateDueDate');
});
