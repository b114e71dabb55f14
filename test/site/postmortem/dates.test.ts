/**
 * Years 0000–0099 through the local site. Jira takes `0050-01-01` as a due date and anyone who may
 * edit an incident can write it into the `postmortem` issue property; the hand-rolled `Date.UTC`
 * arithmetic mapped such years to the 1900s and threw, taking down the panel and the macro's item
 * table. Stored, they are shown like any other date; typed into the app, they are refused with a
 * clear message.
 */
import { PostmortemSite, U } from './support';

jest.setTimeout(60_000);

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

interface Row {
  key: string;
  dueDate: string | null;
  due: string;
  state: string;
}

async function setDue(key: string, duedate: string): Promise<void> {
  const r = await site.rest('PUT', `/rest/api/3/issue/${key}`, U.priya, { fields: { duedate } });
  expect(r.status).toBeLessThan(300);
}

describe('a stored date in the years 0000–0099 never takes a surface down', () => {
  test('an action item due 0050-01-01: the macro’s item table and the panel show it as long overdue', async () => {
    await setDue('PAY-3', '0050-01-01');
    const items = await site.macro<{ items: Row[] }>('listActionItems', U.marcus, site.demoPageId(), { incidentKey: 'INC-3' });
    expect(items.error).toBeUndefined();
    const row = items.data!.items.find((i) => i.key === 'PAY-3');
    expect(row).toMatchObject({ dueDate: '0050-01-01', state: 'overdue', due: expect.stringMatching(/^overdue by \d+ days$/) });

    const panel = await site.panel<{ actionItems?: { items: Row[] } }>('getOverview', U.marcus, 'INC-3');
    expect(panel.error).toBeUndefined();
    expect(JSON.stringify(panel.data)).toContain('0050-01-01');
  });

  test('a postmortem whose stored due date is 0012-05-06: the macro and the panel answer', async () => {
    const pageId = site.demoPageId();
    const prop = site.pageProperty(pageId) as Record<string, unknown>;
    const res = await site.rest('GET', `/wiki/api/v2/pages/${pageId}/properties`, U.marcus);
    const stored = (res.json as { results: Array<{ id: string; key: string; version: { number: number } }> }).results.find(
      (p) => p.key === 'postmortem',
    )!;
    const put = await site.rest('PUT', `/wiki/api/v2/pages/${pageId}/properties/${stored.id}`, U.marcus, {
      key: 'postmortem',
      value: { ...prop, dueDate: '0012-05-06', incidentDate: '0012-04-29' },
      version: { number: stored.version.number + 1 },
    });
    expect(put.status).toBe(200);
    const issueProp = site.issueProperty('INC-3') as Record<string, unknown>;
    const put2 = await site.rest('PUT', '/rest/api/3/issue/INC-3/properties/postmortem', U.marcus, {
      ...issueProp,
      dueDate: '0012-05-06',
      incidentDate: '0012-04-29',
    });
    expect(put2.status).toBeLessThan(300);

    const macro = await site.macro<{ link: { due: string; postmortem: { dueDate: string } } }>('getOverview', U.marcus, pageId);
    expect(macro.error).toBeUndefined();
    expect(macro.data!.link).toMatchObject({
      postmortem: { dueDate: '0012-05-06' },
      due: expect.stringMatching(/^sent to review \d+ days late$/),
    });
    const panel = await site.panel('getOverview', U.marcus, 'INC-3');
    expect(panel.error).toBeUndefined();
  });
});

describe('a date in the years 0000–1899 typed into the app is refused with a clear message', () => {
  test('changing an action item’s due date to 0050-01-01', async () => {
    const r = await site.macro('updateActionItem', U.marcus, site.demoPageId(), {
      incidentKey: 'INC-3',
      issueKey: 'PAY-3',
      dueDate: '0050-01-01',
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: { dueDate: expect.stringMatching(/from the year 1900 on/) } },
    });
    expect(site.db.issueByKey('PAY-3')?.duedate).not.toBe('0050-01-01');
  });
});
