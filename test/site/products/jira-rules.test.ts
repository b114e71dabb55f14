/**
 * The local Jira enforces the permission, create-screen and workflow rules listed in
 * docs/platform.md (Jira REST) as Jira documents them.
 */
import { jql, keys, makeSite, U } from './site';

const J = '/rest/api/3';

describe('permissions/check: about yourself freely, about others only with Administer Jira', () => {
  it('a user without Administer Jira may not ask about another account (403), but may ask about themselves', async () => {
    const s = makeSite();
    const other = await s.jira(
      'POST',
      `${J}/permissions/check`,
      { accountId: U.priya, globalPermissions: ['ADMINISTER'] },
      { as: U.sofia },
    );
    expect(other.status).toBe(403);
    expect(other.json).toEqual({ errorMessages: [expect.stringMatching(/Administer Jira/)], errors: {} });
    const self = await s.jira('POST', `${J}/permissions/check`, { globalPermissions: ['ADMINISTER'] }, { as: U.sofia });
    expect(self.json).toEqual({ globalPermissions: [], projectPermissions: [] });
    const named = await s.jira(
      'POST',
      `${J}/permissions/check`,
      { accountId: U.sofia, globalPermissions: ['ADMINISTER'] },
      { as: U.sofia },
    );
    expect(named.status).toBe(200);
  });

  it('a Forge app (asApp) may not ask about an account: the exception is for Connect apps only', async () => {
    const s = makeSite();
    const r = await s.jira('POST', `${J}/permissions/check`, { accountId: U.priya, globalPermissions: ['ADMINISTER'] });
    expect(r.status).toBe(403);
  });

  it('a Jira admin may ask about others; the admin asking about themselves sees ADMINISTER', async () => {
    const s = makeSite();
    expect(
      (await s.jira('POST', `${J}/permissions/check`, { accountId: U.tom, globalPermissions: ['ADMINISTER'] }, { as: U.priya })).json,
    ).toEqual({ globalPermissions: [], projectPermissions: [] });
    expect((await s.jira('POST', `${J}/permissions/check`, { globalPermissions: ['ADMINISTER'] }, { as: U.priya })).json).toEqual({
      globalPermissions: ['ADMINISTER'],
      projectPermissions: [],
    });
  });
});

describe('the browse-only role (Hannah in INC)', () => {
  it('sees the project and its issues', async () => {
    const s = makeSite();
    expect((await s.jira('GET', `${J}/issue/INC-3`, undefined, { as: U.hannah })).status).toBe(200);
    expect(keys(await jql(s, 'project = INC ORDER BY key', { as: U.hannah }))).toEqual([
      'INC-1',
      'INC-2',
      'INC-3',
      'INC-4',
      'INC-5',
      'INC-6',
      'INC-7',
      'INC-8',
    ]);
    const inc = (await s.jira('GET', `${J}/project/INC`)).json as { id: string };
    const check = await s.jira(
      'POST',
      `${J}/permissions/check`,
      { projectPermissions: [{ permissions: ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'TRANSITION_ISSUES'], projects: [inc.id] }] },
      { as: U.hannah },
    );
    expect(check.json).toEqual({
      globalPermissions: [],
      projectPermissions: [
        { permission: 'BROWSE_PROJECTS', projects: [Number(inc.id)], issues: [] },
        { permission: 'EDIT_ISSUES', projects: [], issues: [] },
        { permission: 'TRANSITION_ISSUES', projects: [], issues: [] },
      ],
    });
  });

  it('may not create, edit, assign, set properties, link or transition, and is not assignable; nothing changes', async () => {
    const s = makeSite();
    const as = { as: U.hannah };
    const before = (await s.jira('GET', `${J}/issue/INC-4?fields=summary,assignee,status&properties=*all`)).json;
    const create = await s.jira(
      'POST',
      `${J}/issue`,
      { fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'x' } },
      as,
    );
    expect(create.status).toBe(400);
    expect(create.json).toEqual({ errorMessages: [], errors: { project: 'You do not have permission to create issues in this project.' } });
    const edit = await s.jira('PUT', `${J}/issue/INC-4`, { fields: { summary: 'renamed' } }, as);
    expect(edit.status).toBe(400);
    expect(edit.json).toEqual({
      errorMessages: [],
      errors: { summary: "Field 'summary' cannot be set. It is not on the appropriate screen, or unknown." },
    });
    expect((await s.jira('PUT', `${J}/issue/INC-4/assignee`, { accountId: U.hannah }, as)).status).toBe(403);
    expect((await s.jira('PUT', `${J}/issue/INC-4/properties/postmortem`, { status: 'x' }, as)).status).toBe(403);
    expect((await s.jira('POST', `${J}/issue/INC-4/remotelink`, { object: { url: 'https://example.com', title: 'x' } }, as)).status).toBe(
      403,
    );
    expect(
      (
        await s.jira(
          'POST',
          `${J}/issueLink`,
          { type: { name: 'Relates' }, inwardIssue: { key: 'INC-4' }, outwardIssue: { key: 'INC-3' } },
          as,
        )
      ).status,
    ).toBe(404);
    expect((await s.jira('GET', `${J}/issue/INC-4/transitions`, undefined, as)).json).toEqual({ expand: 'transitions', transitions: [] });
    const t = await s.jira('POST', `${J}/issue/INC-5/transitions`, { transition: { id: '31' } }, as);
    expect(t.status).toBe(400);
    expect((await s.jira('GET', `${J}/user/assignable/search?project=INC&query=hannah`)).json).toEqual([]);
    expect((await s.jira('GET', `${J}/issue/INC-4?fields=summary,assignee,status&properties=*all`)).json).toEqual(before);
  });
});

describe('create screens: a project takes only the fields on its create screen', () => {
  it('createmeta lists the fields; PLAT has no Priority, PAY has', async () => {
    const s = makeSite();
    const types = await s.jira('GET', `${J}/issue/createmeta/PLAT/issuetypes`, undefined, { as: U.tom });
    expect(types.status).toBe(200);
    const task = (types.json as { issueTypes: Array<{ id: string; name: string }> }).issueTypes.find((t) => t.name === 'Task');
    expect(task).toBeDefined();
    const ids = async (project: string) =>
      (
        (await s.jira('GET', `${J}/issue/createmeta/${project}/issuetypes/${task?.id ?? ''}`, undefined, { as: U.priya })).json as {
          fields: Array<{ fieldId: string }>;
        }
      ).fields.map((f) => f.fieldId);
    expect(await ids('PLAT')).not.toContain('priority');
    expect(await ids('PLAT')).toEqual(expect.arrayContaining(['project', 'issuetype', 'summary', 'duedate', 'assignee', 'labels']));
    expect(await ids('PAY')).toContain('priority');
  });

  it('creating in PLAT with a priority answers 400 as Jira does; without it, 201', async () => {
    const s = makeSite();
    const fields = { project: { key: 'PLAT' }, issuetype: { name: 'Task' }, summary: 'Pin the pool size', duedate: '2026-03-20' };
    const refused = await s.jira('POST', `${J}/issue`, { fields: { ...fields, priority: { name: 'High' } } }, { as: U.tom });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      errorMessages: [],
      errors: { priority: "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown." },
    });
    expect((await s.jira('POST', `${J}/issue`, { fields }, { as: U.tom })).status).toBe(201);
  });

  it('createmeta needs Create issues: 400 for the browse-only role, 404 for a project the caller cannot see', async () => {
    const s = makeSite();
    expect((await s.jira('GET', `${J}/issue/createmeta/INC/issuetypes`, undefined, { as: U.hannah })).status).toBe(400);
    expect((await s.jira('GET', `${J}/issue/createmeta/PAY/issuetypes`, undefined, { as: U.noah })).status).toBe(404);
  });
});

describe('transitions set status and resolution as Jira does', () => {
  const fields = 'status,resolution,resolutiondate';
  type F = {
    fields: {
      status: { name: string; statusCategory: { key: string } };
      resolution: { name: string } | null;
      resolutiondate: string | null;
    };
  };

  it('lists the transitions out of the current status, with the resolution field on Done', async () => {
    const s = makeSite();
    const r = await s.jira('GET', `${J}/issue/PAY-2/transitions?expand=transitions.fields`, undefined, { as: U.liam });
    const list = (r.json as { transitions: Array<{ id: string; name: string; fields: Record<string, unknown> }> }).transitions;
    expect(list.map((t) => t.name)).toEqual(['In Progress', 'Done']);
    expect(Object.keys(list[1]?.fields ?? {})).toEqual(['resolution']);
  });

  it("Done sets resolution Done and the resolved date; reopening clears both; Won't Do is a resolution", async () => {
    const s = makeSite();
    const get = async () => ((await s.jira('GET', `${J}/issue/PAY-2?fields=${fields}`)).json as F).fields;
    expect((await s.jira('POST', `${J}/issue/PAY-2/transitions`, { transition: { id: '31' } }, { as: U.liam })).status).toBe(204);
    expect(await get()).toMatchObject({
      status: { name: 'Done', statusCategory: { key: 'done' } },
      resolution: { name: 'Done' },
      resolutiondate: '2026-03-04T09:00:00.000+0000',
    });
    expect(keys(await jql(s, 'key = PAY-2 AND statusCategory = Done'))).toEqual(['PAY-2']);
    expect((await s.jira('POST', `${J}/issue/PAY-2/transitions`, { transition: { id: '11' } }, { as: U.liam })).status).toBe(204);
    expect(await get()).toMatchObject({ status: { name: 'To Do' }, resolution: null, resolutiondate: null });
    expect(
      (
        await s.jira(
          'POST',
          `${J}/issue/PAY-2/transitions`,
          { transition: { id: '31' }, fields: { resolution: { name: "Won't Do" } } },
          { as: U.liam },
        )
      ).status,
    ).toBe(204);
    expect(await get()).toMatchObject({ status: { name: 'Done' }, resolution: { name: "Won't Do" } });
  });

  it('refuses what Jira refuses: no transition, one not available from the status, a field not on its screen', async () => {
    const s = makeSite();
    const as = { as: U.liam };
    expect((await s.jira('POST', `${J}/issue/PAY-2/transitions`, {}, as)).status).toBe(400);
    expect((await s.jira('POST', `${J}/issue/PAY-2/transitions`, { transition: { id: '11' } }, as)).status).toBe(400);
    const wrong = await s.jira(
      'POST',
      `${J}/issue/PAY-2/transitions`,
      { transition: { id: '21' }, fields: { resolution: { name: 'Done' } } },
      as,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({
      errorMessages: [],
      errors: { resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." },
    });
    expect(
      (await s.jira('POST', `${J}/issue/PAY-2/transitions`, { transition: { id: '31' }, fields: { resolution: { name: 'Nope' } } }, as))
        .status,
    ).toBe(400);
    expect((await s.jira('POST', `${J}/issue/PAY-2/transitions`, { transition: { id: '31' } }, { as: U.noah })).status).toBe(404);
    expect(((await s.jira('GET', `${J}/issue/PAY-2?fields=status`)).json as F).fields.status.name).toBe('To Do');
  });
});

describe('search lags writes unless reconciled', () => {
  it('a new issue is missing and a changed one shows its old state until the lag ends or it is reconciled', async () => {
    const s = makeSite();
    s.products.db.searchLag.ms = 600_000;
    const made = (
      await s.jira(
        'POST',
        `${J}/issue`,
        { fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Fresh task', labels: ['fresh'] } },
        { as: U.marcus },
      )
    ).json as { id: string; key: string };
    expect((await s.jira('PUT', `${J}/issue/PAY-2`, { fields: { labels: ['fresh'] } }, { as: U.marcus })).status).toBe(204);
    const q = { jql: 'labels = fresh ORDER BY key', fields: ['labels'] };
    expect(keys(await s.jira('POST', `${J}/search/jql`, q, { as: U.marcus }))).toEqual([]);
    expect(keys(await s.jira('GET', `${J}/search/jql?jql=${encodeURIComponent(q.jql)}`, undefined, { as: U.marcus }))).toEqual([]);
    const pay2 = s.products.db.issueByKey('PAY-2')!;
    const reconciled = await s.jira(
      'POST',
      `${J}/search/jql`,
      { ...q, reconcileIssues: [Number(made.id), Number(pay2.id)] },
      { as: U.marcus },
    );
    expect(keys(reconciled)).toEqual(['PAY-2', made.key]);
    expect(
      keys(await s.jira('GET', `${J}/search/jql?jql=${encodeURIComponent(q.jql)}&reconcileIssues=${made.id}`, undefined, { as: U.marcus })),
    ).toEqual([made.key]);
    expect((await s.jira('POST', `${J}/search/jql`, { ...q, reconcileIssues: Array.from({ length: 51 }, (_, i) => i + 1) })).status).toBe(
      400,
    );
    // Reading an issue by key is not a search: it is current at once.
    expect((await s.jira('GET', `${J}/issue/${made.key}`, undefined, { as: U.marcus })).status).toBe(200);
    s.products.db.searchLag.ms = 0;
    expect(keys(await s.jira('POST', `${J}/search/jql`, q, { as: U.marcus }))).toEqual(['PAY-2', made.key]);
  });
});
