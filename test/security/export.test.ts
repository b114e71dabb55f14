/**
 * The macro's PDF/Word export (`adfExport`) shows only what its reader may see: it reads as the
 * reader (the invocation's principal), shows no Jira data without one, and never follows a page
 * property that the incident it names does not confirm.
 */
import { SecuritySite, U } from './support';
import { siteRequest } from '../support/site-http';

describe('the macro export', () => {
  let site: SecuritySite;
  let pageId = '';
  /** Text of the INC-3 action items (keys, summaries, assignees) that Hannah may not see. */
  let itemTexts: string[] = [];

  beforeAll(async () => {
    site = await SecuritySite.start();
  });
  afterAll(async () => {
    await site.stop();
  });
  beforeEach(async () => {
    await site.reset();
    pageId = site.demoPageId();
    itemTexts = [];
    for (const issue of site.db.issues()) {
      const prop = issue.properties['postmortem-action'] as { incidentKey?: string } | undefined;
      if (prop?.incidentKey === 'INC-3') itemTexts.push(issue.key, issue.summary);
    }
    itemTexts.push('Sofia Alvarez', 'Liam O');
  });

  async function exportAs(accountId: string | undefined, id = pageId): Promise<string> {
    const r = await site.control('POST', '/__site/invoke/macro-export', {
      ...(accountId ? { accountId } : {}),
      payload: { context: { extension: { content: { id } } } },
    });
    expect(r.status).toBe(200);
    return JSON.stringify((r.json as { result: unknown }).result);
  }

  test('Hannah (reads the page and INC, cannot browse PAY or PLAT) gets the incident but none of the action items', async () => {
    const text = await exportAs(U.hannah);
    expect(text).toContain('Postmortem for INC-3');
    expect(text).toContain(site.db.issueByKey('INC-3')?.summary ?? '?');
    for (const t of itemTexts) expect(text).not.toContain(t);
    expect(text).toContain('No action items yet');
  });

  test('the control: Marcus, who may browse them, gets the action items', async () => {
    const text = await exportAs(U.marcus);
    for (const key of ['PAY-3', 'PLAT-1']) expect(text).toContain(key);
  });

  test('without a reader the export shows no Jira data', async () => {
    const text = await exportAs(undefined);
    expect(text).not.toContain(site.db.issueByKey('INC-3')?.summary ?? '?');
    for (const t of itemTexts) expect(text).not.toContain(t);
    expect(text).toContain('signed-in');
  });

  test('a page property edited by hand to name another issue exports nothing of that issue', async () => {
    // Marcus may edit the page and browse PAY: he points the page's record at PAY-6, which names no postmortem.
    const props = await siteRequest(site.url, 'GET', `/wiki/api/v2/pages/${pageId}/properties?key=postmortem`, undefined, U.marcus);
    const current = (props.json as { results: Array<{ id: string; value: Record<string, unknown>; version: { number: number } }> })
      .results[0];
    if (!current) throw new Error('the demo page has no postmortem property');
    const put = await siteRequest(
      site.url,
      'PUT',
      `/wiki/api/v2/pages/${pageId}/properties/${current.id}`,
      { key: 'postmortem', value: { ...current.value, incidentKey: 'PAY-6' }, version: { number: current.version.number + 1 } },
      U.marcus,
    );
    expect(put.status).toBe(200);
    const pay6 = site.db.issueByKey('PAY-6')?.summary ?? '?';
    for (const who of [U.marcus, U.hannah]) {
      const text = await exportAs(who);
      expect(text).not.toContain(pay6);
      expect(text).toContain('could not be confirmed');
    }
  });
});
