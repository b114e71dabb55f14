/**
 * "Has this fix been proposed before?", kept: an action item created while the form showed an
 * earlier one as similar records that it repeats it (its `postmortem-action` record, indexed as
 * `postmortemRepeats`), only where the creator may see the earlier item and decision 0013's
 * similarity confirms it; the report's review queue shows how many of a postmortem's items repeat
 * earlier ones.
 */
import { addDays } from '../../../src/domain/dates';
import { PostmortemSite, U } from '../postmortem/support';

jest.setTimeout(120_000);

let site: PostmortemSite;
let pageId: string;
let today: string;

beforeAll(async () => {
  site = await PostmortemSite.start();
  site.setSettings({ confluence: { spaceKey: 'PM' }, actionItems: { projectKeys: ['PAY', 'PLAT', 'MOB'], issueType: 'Task' } });
  const created = await site.panel<{ page: { pageId: string } }>('createPostmortem', U.elena, 'INC-4', { spaceKey: 'PM' });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  pageId = created.data!.page.pageId;
  today = new Date().toISOString().slice(0, 10);
});
afterAll(async () => {
  await site?.stop();
});

let n = 0;
const draft = (summary: string, similarTo: string[], projectKey = 'PLAT', assignee = U.tom) => ({
  creationKey: `repeat-test-${++n}-0123456789`,
  summary,
  description: '',
  kind: 'detect',
  assigneeAccountId: assignee,
  dueDate: addDays(today, 14),
  priority: 'Medium',
  projectKey,
  similarTo,
});
type Created = { outcomes: Array<{ outcome: string; issueKey?: string; message?: string }> };
const repeatsOf = (key: string) => (site.db.issueByKey(key)?.properties['postmortem-action'] as { repeats?: string[] }).repeats;

test('an item created with an earlier one shown as similar records it; a dissimilar or hidden claim is dropped', async () => {
  const r = await site.macro<Created>('createActionItems', U.grace, pageId, {
    incidentKey: 'INC-4',
    drafts: [
      draft('Alerting on token-service pool utilisation over 80%', ['PAY-2']),
      draft('Translate the onboarding emails into German', ['PAY-1']), // not alike: the claim is dropped
      draft('Alert when the token-service pool utilisation is high', ['INC-1']), // not an action item
    ],
  });
  expect(r.ok).toBe(true);
  const keys = r.data!.outcomes.map((o) => o.issueKey!);
  expect(r.data!.outcomes.every((o) => o.outcome === 'created')).toBe(true);
  expect(repeatsOf(keys[0]!)).toEqual(['PAY-2']);
  expect(repeatsOf(keys[1]!)).toBeUndefined();
  expect(repeatsOf(keys[2]!)).toBeUndefined();
  expect(await site.jqlKeys('postmortemRepeats = "PAY-2"', U.priya)).toEqual([keys[0]]);

  // Elena may not browse PAY: her claim that her item repeats PAY-2 is not kept
  const elena = await site.macro<Created>('createActionItems', U.elena, pageId, {
    incidentKey: 'INC-4',
    drafts: [draft('Alerting on token-service pool utilisation above 80%', ['PAY-2'], 'MOB', U.elena)],
  });
  expect(elena.data!.outcomes[0]).toMatchObject({ outcome: 'created' });
  expect(repeatsOf(elena.data!.outcomes[0]!.issueKey!)).toBeUndefined();
});

test('the review queue shows how many of a postmortem’s items repeat earlier ones', async () => {
  await site.fillSections(pageId, U.elena, (t) => `What we wrote for ${t}: the token service rejected valid sessions for 40 minutes.`);
  expect((await site.macro('reviewAction', U.elena, pageId, { action: 'request-review' })).ok).toBe(true);
  const res = await site.post('/__site/invoke/report-resolver', {
    accountId: U.priya,
    resolver: 'report.getReport',
    payload: { filters: {} },
    moduleKey: 'postmortem-report',
  });
  const report = (
    res.json as { result: { ok: boolean; data: { sections: Array<{ section: string; rows: Array<Record<string, unknown>> }> } } }
  ).result;
  expect(report.ok).toBe(true);
  const queue = report.data.sections.find((s) => s.section === 'review-queue')!;
  expect(queue.rows.map((r) => [r.incidentKey, r.repeatedItems])).toEqual([
    ['INC-3', 0],
    ['INC-4', 1],
  ]);
});
