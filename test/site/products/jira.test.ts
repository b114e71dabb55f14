import { jql, keys, makeSite, U } from './site';

const J = '/rest/api/3';

describe('Jira issues', () => {
  it('creates, edits and assigns; reporter is the acting user; created comes from the clock', async () => {
    const s = makeSite();
    const c = await s.jira(
      'POST',
      `${J}/issue`,
      {
        fields: {
          project: { key: 'PAY' },
          issuetype: { name: 'Task' },
          summary: 'Write the runbook',
          labels: ['postmortem-action'],
          duedate: '2026-03-10',
        },
      },
      { as: U.marcus },
    );
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({ key: 'PAY-8', id: expect.stringMatching(/^\d+$/) });
    expect(
      (
        await s.jira(
          'PUT',
          `${J}/issue/PAY-8`,
          { fields: { duedate: '2026-03-12', summary: 'Write the payments runbook' }, update: { labels: [{ add: 'payments' }] } },
          { as: U.sofia },
        )
      ).status,
    ).toBe(204);
    expect((await s.jira('PUT', `${J}/issue/PAY-8/assignee`, { accountId: U.liam })).status).toBe(204);
    const g = await s.jira('GET', `${J}/issue/PAY-8?fields=summary,duedate,labels,assignee,reporter,created,status`);
    expect(g.json).toMatchObject({
      fields: {
        summary: 'Write the payments runbook',
        duedate: '2026-03-12',
        labels: ['postmortem-action', 'payments'],
        assignee: { accountId: U.liam },
        reporter: { accountId: U.marcus },
        created: '2026-03-04T09:00:00.000+0000',
        status: { statusCategory: { key: 'new' } },
      },
    });
  });

  it('refuses unknown fields, bad values and users who cannot be assigned, with Jira error bodies', async () => {
    const s = makeSite();
    const r = await s.jira('POST', `${J}/issue`, {
      fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'x', customfield_1: 'y', duedate: 'soon' },
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      errorMessages: [],
      errors: {
        customfield_1: "Field 'customfield_1' cannot be set. It is not on the appropriate screen, or unknown.",
        duedate: 'Error parsing date string: soon',
      },
    });
    const a = await s.jira('PUT', `${J}/issue/PAY-1/assignee`, { accountId: U.noah });
    expect(a.status).toBe(400);
    expect(a.json).toEqual({ errorMessages: [], errors: { assignee: "User 'Noah Fischer' cannot be assigned issues." } });
    const m = await s.jira('POST', `${J}/issue`, undefined, { raw: '{"fields": ' });
    expect(m.status).toBe(400);
    expect(m.json).toEqual({ errorMessages: [expect.stringMatching(/^Unexpected character/)], errors: {} });
    const e = await s.jira('PUT', `${J}/issue/PAY-1`, { fields: { status: { id: '10001' } } });
    expect(e.status).toBe(400);
    expect(e.json).toEqual({
      errorMessages: [],
      errors: { status: "Field 'status' cannot be set. It is not on the appropriate screen, or unknown." },
    });
  });

  it('unknown and invisible issues are 404 with the same body', async () => {
    const s = makeSite();
    const body = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };
    expect((await s.jira('GET', `${J}/issue/PAY-999`)).json).toEqual(body);
    const hidden = await s.jira('GET', `${J}/issue/PAY-1`, undefined, { as: U.noah });
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual(body);
    expect((await s.jira('GET', `${J}/issue/MOB-1`, undefined, { as: U.noah })).status).toBe(200);
  });

  it('bulk create reports partial failures like Jira and refuses more than 50', async () => {
    const s = makeSite();
    const ok = { fields: { project: { key: 'PLAT' }, issuetype: { name: 'Task' }, summary: 'ok' } };
    const r = await s.jira('POST', `${J}/issue/bulk`, {
      issueUpdates: [ok, { fields: { project: { key: 'PLAT' }, issuetype: { name: 'Task' } } }, ok],
    });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({
      issues: [expect.objectContaining({ key: 'PLAT-4' }), expect.objectContaining({ key: 'PLAT-5' })],
      errors: [
        {
          status: 400,
          failedElementNumber: 1,
          elementErrors: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } },
        },
      ],
    });
    const all = await s.jira('POST', `${J}/issue/bulk`, { issueUpdates: [{ fields: {} }] });
    expect(all.status).toBe(400);
    const many = await s.jira('POST', `${J}/issue/bulk`, { issueUpdates: Array.from({ length: 51 }, () => ok) });
    expect(many.status).toBe(400);
    expect(keys(await jql(s, 'project = PLAT'))).toHaveLength(5);
  });

  it('issue properties: set (201 then 200), list, get, delete; 32 KB limit', async () => {
    const s = makeSite();
    const path = `${J}/issue/PAY-2/properties/note`;
    expect((await s.jira('PUT', path, { a: 1 })).status).toBe(201);
    expect((await s.jira('PUT', path, { a: 2 })).status).toBe(200);
    expect((await s.jira('GET', path)).json).toEqual({ key: 'note', value: { a: 2 } });
    const list = (await s.jira('GET', `${J}/issue/PAY-2/properties`)).json as { keys: Array<{ key: string }> };
    expect(list.keys.map((k) => k.key)).toEqual(['note', 'postmortem-action']);
    expect((await s.jira('PUT', path, { big: 'x'.repeat(33_000) })).status).toBe(400);
    expect((await s.jira('DELETE', path)).status).toBe(204);
    expect((await s.jira('GET', path)).status).toBe(404);
    const viaSearch = await s.jira('POST', `${J}/search/jql`, { jql: 'key = PAY-2', properties: ['postmortem-action'] });
    expect(viaSearch.json).toMatchObject({ issues: [{ key: 'PAY-2', properties: { 'postmortem-action': { incidentKey: 'INC-3' } } }] });
  });

  it('remote links upsert by globalId and delete by globalId', async () => {
    const s = makeSite();
    const path = `${J}/issue/INC-4/remotelink`;
    const first = await s.jira('POST', path, { globalId: 'postmortem-page=1', object: { url: 'https://x/1', title: 'one' } });
    expect(first.status).toBe(201);
    const again = await s.jira('POST', path, { globalId: 'postmortem-page=1', object: { url: 'https://x/1', title: 'renamed' } });
    expect(again.status).toBe(200);
    expect((again.json as { id: number }).id).toBe((first.json as { id: number }).id);
    const list = (await s.jira('GET', path)).json as Array<{ object: { title: string } }>;
    expect(list.map((l) => l.object.title)).toEqual(['renamed']);
    expect((await s.jira('POST', path, { object: { url: 'https://x' } })).json).toEqual({
      errorMessages: [],
      errors: { title: 'Title is required.' },
    });
    expect((await s.jira('DELETE', `${path}?globalId=${encodeURIComponent('postmortem-page=1')}`)).status).toBe(204);
    expect((await s.jira('GET', path)).json).toEqual([]);
  });

  it('issue links show on both issues and feed linkedIssues()', async () => {
    const s = makeSite();
    expect(
      (await s.jira('POST', `${J}/issueLink`, { type: { name: 'Relates' }, inwardIssue: { key: 'INC-4' }, outwardIssue: { key: 'MOB-2' } }))
        .status,
    ).toBe(201);
    const inc = (await s.jira('GET', `${J}/issue/INC-4?fields=issuelinks`)).json as {
      fields: { issuelinks: Array<{ outwardIssue?: { key: string } }> };
    };
    expect(inc.fields.issuelinks.map((l) => l.outwardIssue?.key)).toEqual(['MOB-2']);
    expect(keys(await jql(s, 'issue in linkedIssues(INC-4)'))).toEqual(['MOB-2']);
  });

  it('search pages with nextPageToken until isLast', async () => {
    const s = makeSite();
    const seen: string[] = [];
    let token: string | undefined;
    for (let n = 0; n < 10; n++) {
      const r = await s.jira('POST', `${J}/search/jql`, {
        jql: 'labels = postmortem-action ORDER BY key',
        maxResults: 3,
        fields: ['key'],
        ...(token ? { nextPageToken: token } : {}),
      });
      const body = r.json as { issues: Array<{ key: string }>; isLast: boolean; nextPageToken?: string };
      seen.push(...body.issues.map((i) => i.key));
      if (body.isLast) {
        expect(body.nextPageToken).toBeUndefined();
        break;
      }
      token = body.nextPageToken;
    }
    // MOB-3 to MOB-7: the seed's earlier action items (local/products/SEED.md)
    expect(seen).toEqual(['MOB-3', 'MOB-4', 'MOB-5', 'MOB-6', 'MOB-7', 'PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5', 'PLAT-1', 'PLAT-2']);
    const bad = await s.jira('POST', `${J}/search/jql`, { jql: 'project = PAY', nextPageToken: 'garbage' });
    expect(bad.status).toBe(400);
    const unknown = await s.jira('POST', `${J}/search/jql`, { jql: 'project = PAY', startAt: 5 });
    expect(unknown.json).toEqual({ errorMessages: ['Unrecognized field "startAt".'], errors: {} });
    const def = (await s.jira('GET', `${J}/search/jql?jql=key%3DPAY-1`)).json as { issues: Array<Record<string, unknown>> };
    expect(def.issues[0]).not.toHaveProperty('fields'); // the enhanced search returns ids only by default
  });

  it('notify puts the resolved recipients into the outbox, at the clock time', async () => {
    const s = makeSite();
    s.clock.set(new Date('2026-03-05T07:30:00Z'));
    const r = await s.jira('POST', `${J}/issue/PAY-3/notify`, {
      subject: 'Overdue',
      textBody: 't',
      htmlBody: '<p>h</p>',
      to: { assignee: true, reporter: true, users: [{ accountId: U.grace }, { accountId: U.sofia }] },
    });
    expect(r.status).toBe(204);
    expect(s.products.outbox()).toEqual([
      {
        issueKey: 'PAY-3',
        to: [U.sofia, U.marcus, U.grace],
        subject: 'Overdue',
        textBody: 't',
        htmlBody: '<p>h</p>',
        at: '2026-03-05T07:30:00.000Z',
      },
    ]);
    // Inactive users get no mail: the outbox shows the mail with nobody mailed and Olivia dropped.
    await s.jira('POST', `${J}/issue/PAY-3/notify`, { subject: 'x', textBody: 't', to: { users: [{ accountId: U.olivia }] } });
    expect(s.products.outbox()[1]).toMatchObject({ to: [], dropped: [{ accountId: U.olivia, reason: 'inactive' }] });
  });

  it('permissions/check answers as @forge/api authorize() expects', async () => {
    const s = makeSite();
    const pay = (await s.jira('GET', `${J}/project/PAY`)).json as { id: string };
    const r = await s.jira(
      'POST',
      `${J}/permissions/check`,
      {
        accountId: U.noah,
        globalPermissions: ['ADMINISTER'],
        projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [Number(pay.id)] }],
      },
      { as: U.noah },
    );
    expect(r.json).toEqual({ globalPermissions: [], projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: [], issues: [] }] });
    const admin = await s.jira(
      'POST',
      `${J}/permissions/check`,
      { accountId: U.priya, globalPermissions: ['ADMINISTER'], projectPermissions: [{ permissions: ['EDIT_ISSUES'], projects: [pay.id] }] },
      { as: U.priya },
    );
    expect(admin.json).toEqual({
      globalPermissions: ['ADMINISTER'],
      projectPermissions: [{ permission: 'EDIT_ISSUES', projects: [Number(pay.id)], issues: [] }],
    });
    expect(
      (await s.jira('POST', `${J}/permissions/check`, { projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: ['PAY'] }] }))
        .status,
    ).toBe(400);
  });

  it('user lookup, assignable search and myself', async () => {
    const s = makeSite();
    expect((await s.jira('GET', `${J}/myself`, undefined, { as: U.tom })).json).toMatchObject({
      accountId: U.tom,
      displayName: 'Tom Becker',
    });
    expect((await s.jira('GET', `${J}/myself`)).json).toMatchObject({ accountType: 'app' });
    const assignable = (await s.jira('GET', `${J}/user/assignable/search?project=MOB`)).json as Array<{ displayName: string }>;
    expect(assignable.map((u) => u.displayName)).toEqual(['Daniel Kim', 'Elena Petrova', 'Noah Fischer', 'Priya Raman']);
    const found = (await s.jira('GET', `${J}/user/search?query=okaf`)).json as Array<{ accountId: string }>;
    expect(found.map((u) => u.accountId)).toEqual([U.grace]);
    expect((await s.jira('GET', `${J}/project/PAY`, undefined, { as: U.noah })).status).toBe(404);
  });
});
