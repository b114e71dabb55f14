/**
 * The Postmortem issue context (jira:issueContext, docs/platform.md "Custom UI"): on every issue,
 * the postmortem's state as the viewer may see it; and the local issue view behaving like Jira's:
 * the context always there, the panel only once someone opens it from the app button.
 */
import type { IssueContextStatus } from '../../../src/contracts/issue-context';
import { resolverName } from '../../../src/contracts/names';
import { startDemoSite, U, type Answer, type DemoSite } from '../action-items/support';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite();
});
afterAll(async () => {
  await site.stop();
});

async function status(as: string, key: string) {
  const since = await site.lastSeq();
  const issue = site.db.issueByKey(key);
  const project = issue ? site.db.project(issue.projectId) : undefined;
  const answer = (await site.running.site.runtime.invokeResolver({
    functionKey: 'panel-resolver',
    moduleKey: 'postmortem-context',
    resolver: resolverName('panel-resolver', 'getStatus'),
    accountId: as,
    target: {
      type: 'jira:issueContext',
      issue: { key, id: issue?.id ?? '1', type: 'Task' },
      project: { key: project?.key ?? 'X', id: project?.id ?? '1' },
    },
  })) as Answer<IssueContextStatus>;
  const calls = (await site.requests(since)).filter((r) => r.target === 'jira' || r.target === 'confluence');
  return { answer, data: answer.data, calls };
}

/** The issue view as a person sees it (the host page), and the app button's form post. */
async function issueView(as: string, key: string): Promise<string> {
  const res = await fetch(`${site.url}/jira/browse/${key}`, { headers: { cookie: `local_site_user=${as}` } });
  expect(res.status).toBe(200);
  return res.text();
}
async function openPanel(as: string, key: string): Promise<Response> {
  return fetch(`${site.url}/__host/issue-panel`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `local_site_user=${as}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ issueKey: key, moduleKey: 'postmortem-panel' }).toString(),
  });
}

describe('the Postmortem issue context', () => {
  it('on an incident without a postmortem: says so, in one product call, as the viewer', async () => {
    const { data, calls } = await status(U.elena, 'INC-4');
    expect(data).toEqual({ issueKey: 'INC-4', role: 'incident', postmortem: null, actionItem: null });
    expect(calls.length).toBe(1);
    expect(calls.every((c) => c.actor === 'user' && c.method === 'GET')).toBe(true);
  });

  it('on an incident with a postmortem: its review state, due state and page', async () => {
    const { data } = await status(U.marcus, 'INC-3');
    expect(data?.role).toBe('incident');
    expect(data?.postmortem).toMatchObject({ status: 'in-review', due: 'sent to review on time' });
    expect(data?.postmortem?.pageTitle).toMatch(/^Postmortem: INC-3/);
  });

  it('on an action item: its incident, its own due state and the incident’s postmortem', async () => {
    const { data, calls } = await status(U.liam, 'PAY-2');
    expect(data).toMatchObject({
      role: 'action-item',
      actionItem: { incidentKey: 'INC-3', due: 'due in 4 days', state: 'due' },
      postmortem: { status: 'in-review' },
    });
    // the item, its incident, and the page that confirms the incident's postmortem (2 reads)
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(calls.every((c) => c.actor === 'user' && c.method === 'GET')).toBe(true);
  });

  it('on any other issue: a role of other', async () => {
    const { data } = await status(U.marcus, 'PAY-6');
    expect(data).toEqual({ issueKey: 'PAY-6', role: 'other', postmortem: null, actionItem: null });
  });

  it('tells someone who cannot browse the issue that it is not visible, and shows nothing of it', async () => {
    const { answer } = await status(U.noah, 'INC-3');
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('not-found');
    expect(JSON.stringify(answer)).not.toMatch(/Checkout|in-review/);
  });
});

describe('the local issue view, as Jira shows these modules', () => {
  it('always shows the issue context; shows the panel only once someone opens it from the app button, then to everyone', async () => {
    const before = await issueView(U.elena, 'INC-4');
    expect(before).toContain('data-testid="issue-context-postmortem-context"');
    expect(before).toContain('data-testid="forge-frame-postmortem-context"');
    expect(before).toContain('data-testid="app-button-postmortem-panel"');
    expect(before).not.toContain('data-testid="forge-frame-postmortem-panel"');

    const opened = await openPanel(U.elena, 'INC-4');
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toMatch(/^\/jira\/browse\/INC-4\?added=postmortem-panel/);

    for (const who of [U.elena, U.grace]) {
      const after = await issueView(who, 'INC-4');
      expect(after).toContain('data-testid="forge-frame-postmortem-panel"');
      expect(after).not.toContain('data-testid="app-button-postmortem-panel"');
      expect(after).toContain('data-testid="issue-context-postmortem-context"');
    }
    // another issue still has no panel
    expect(await issueView(U.elena, 'INC-2')).not.toContain('data-testid="forge-frame-postmortem-panel"');
  });

  it('refuses to add a panel for someone who cannot see the issue, or a module that is not an issue panel', async () => {
    const hidden = await openPanel(U.noah, 'INC-1');
    expect(hidden.status).toBe(404);
    expect(await issueView(U.grace, 'INC-1')).not.toContain('data-testid="forge-frame-postmortem-panel"');
    const wrong = await fetch(`${site.url}/__host/issue-panel`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: `local_site_user=${U.grace}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ issueKey: 'INC-1', moduleKey: 'postmortem-context' }).toString(),
    });
    expect(wrong.status).toBe(404);
  });
});
