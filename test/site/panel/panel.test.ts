/** The Postmortem panel through the local site: incident, action item and other issues, as real people. */
import type { PanelOverview } from '../../../src/contracts/panel';
import { startDemoSite, U, type DemoSite } from '../action-items/support';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite();
});
afterAll(async () => {
  await site.stop();
});

async function panel(as: string, key: string) {
  const since = await site.lastSeq();
  const answer = await site.panel<PanelOverview>(as, key);
  const calls = (await site.requests(since)).filter((r) => r.target === 'jira' || r.target === 'confluence');
  return { answer, data: answer.data, calls };
}

describe('the Postmortem panel', () => {
  it('on an incident: its postmortem and its action items with states and counts, in at most 4 product calls, writing nothing', async () => {
    const { data, calls } = await panel(U.marcus, 'INC-3');
    expect(data?.role).toBe('incident');
    expect(data?.postmortem).toMatchObject({
      status: 'in-review',
      due: 'sent to review on time',
      dueState: { kind: 'sent-on-time', days: 0 },
    });
    expect(data?.postmortem?.pageTitle).toMatch(/^Postmortem: INC-3/);
    expect(data?.actionItems?.counts).toEqual({ total: 7, done: 1, overdue: 2, needsDueDate: 1 });
    expect(data?.actionItems?.items.find((i) => i.key === 'PAY-5')?.due).toBe('needs a due date');
    // the issue, one search, and the postmortem confirmed by its page (the page's record and title)
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(calls.every((c) => c.actor === 'user' && (c.method === 'GET' || c.path.startsWith('/rest/api/3/search/jql')))).toBe(true);
  });

  it('on an incident without a postmortem: none, and no items', async () => {
    const { data } = await panel(U.elena, 'INC-4');
    expect(data).toMatchObject({ role: 'incident', postmortem: null, actionItems: { items: [], counts: { total: 0 } } });
  });

  it('shows only the items the viewer may browse', async () => {
    const { data } = await panel(U.tom, 'INC-3');
    expect(data?.actionItems?.items.map((i) => i.key).sort()).toEqual(['PLAT-1', 'PLAT-2']);
  });

  it('on an action item: its incident, its postmortem and its own due state', async () => {
    const { data, calls } = await panel(U.liam, 'PAY-2');
    expect(data).toMatchObject({
      role: 'action-item',
      actionItem: {
        incidentKey: 'INC-3',
        incident: { key: 'INC-3' },
        postmortem: { status: 'in-review' },
        due: 'due in 4 days',
        state: 'due',
        handMade: false,
      },
      actionItems: null,
      postmortem: null,
    });
    expect(calls.length).toBeLessThanOrEqual(5); // the item, its incident, and the postmortem confirmed by its page
    const done = await panel(U.sofia, 'PAY-1');
    expect(done.data?.actionItem).toMatchObject({ state: 'done', due: 'done' });
  });

  it('on any other issue: a role of other and nothing else', async () => {
    const { data, calls } = await panel(U.marcus, 'PAY-6');
    expect(data).toMatchObject({ role: 'other', postmortem: null, actionItems: null, actionItem: null });
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('tells someone who cannot browse the issue that it is not visible, and shows nothing of it', async () => {
    const { answer } = await panel(U.noah, 'INC-3');
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('not-found');
    expect(answer.error?.message).toMatch(/do not have permission/);
    expect(JSON.stringify(answer)).not.toMatch(/Checkout/);
  });
});
