/**
 * Action items through the local site: the macro's action-item table, creation (validation, partial
 * failure, idempotency), edits, permissions and the product-call budget, all as real people of the
 * demo seed, counted in the site's request log.
 */
import { seedActionItems } from '../../../local/products';
import type { ActionItemList, CreateActionItemsResult, UpdateActionItemResult } from '../../../src/contracts/macro-actions';
import type { PanelOverview } from '../../../src/contracts/panel';
import { addDays, creationKey, startDemoSite, U, type DemoSite } from './support';

let site: DemoSite;
let today: string;

const SETTINGS = { actionItems: { projectKeys: ['PAY', 'PLAT'], defaultProjectKey: 'PAY', issueType: 'Task' } };

beforeAll(async () => {
  site = await startDemoSite();
});
afterAll(async () => {
  await site.stop();
});
beforeEach(async () => {
  await site.reset();
  site.setSettings(SETTINGS);
  const list = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
  today = list.data?.today ?? '';
});

function draft(over: Record<string, unknown> = {}) {
  return {
    creationKey: creationKey(),
    summary: 'Add a circuit breaker to the gateway client',
    description: 'So a slow gateway cannot exhaust the pool.',
    kind: 'prevent',
    assigneeAccountId: U.sofia,
    dueDate: addDays(today, 14),
    priority: 'High',
    projectKey: 'PAY',
    ...over,
  };
}

async function create(drafts: unknown[], as = U.marcus) {
  return site.macro<CreateActionItemsResult>('createActionItems', as, { incidentKey: 'INC-3', drafts });
}

function issuesWithCreationKey(key: string) {
  return [...site.db.issues()].filter(
    (i) => (i.properties['postmortem-action'] as { creationKey?: string } | undefined)?.creationKey === key,
  );
}

/** Product calls (Jira and Confluence, not app storage) logged after `since`. */
async function productCalls(since: number) {
  return (await site.requests(since)).filter((r) => r.target === 'jira' || r.target === 'confluence');
}

describe('the action-item table', () => {
  it('lists the incident’s items live from Jira with status, assignee, due state and priority, in at most 3 product calls', async () => {
    const since = await site.lastSeq();
    const list = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
    expect(list.ok).toBe(true);
    const data = list.data!;
    expect(data.items.map((i) => i.key).sort()).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5', 'PLAT-1', 'PLAT-2'].sort());
    const byKey = Object.fromEntries(data.items.map((i) => [i.key, i]));
    expect(byKey['PAY-1']).toMatchObject({ state: 'done', status: 'Done' });
    expect(byKey['PAY-3']).toMatchObject({
      state: 'overdue',
      due: 'overdue by 3 days',
      assignee: { displayName: 'Sofia Alvarez' },
      priority: 'High',
    });
    expect(byKey['PLAT-1']).toMatchObject({ state: 'due-today', due: 'due today' });
    expect(byKey['PAY-2']).toMatchObject({ state: 'due', due: 'due in 4 days' });
    expect(byKey['PAY-5']).toMatchObject({ state: 'no-due-date', due: 'needs a due date', dueDate: null });
    expect(byKey['PLAT-2']?.assignee).toBeNull();
    expect(data.counts).toEqual({ total: 7, done: 1, overdue: 2, needsDueDate: 1 });
    expect(data.form).toEqual({
      projectKeys: ['PAY', 'PLAT'],
      defaultProjectKey: 'PAY',
      issueType: 'Task',
      dueDatePolicy: { weeksByPriority: { Highest: 4, High: 4 }, otherWeeks: 8 },
    });
    const calls = await productCalls(since);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(calls.every((c) => c.actor === 'user')).toBe(true);
  });

  it('reads 100 items in at most 3 product calls (one search, no call per item)', async () => {
    seedActionItems(site.db, {
      projectKey: 'PAY',
      incidentKey: 'INC-3',
      count: 93,
      assignees: [U.sofia, U.liam, null],
      reporter: U.marcus,
      now: new Date(`${today}T09:00:00Z`),
    });
    const since = await site.lastSeq();
    const list = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
    expect(list.data?.items).toHaveLength(100);
    expect(list.data?.truncated).toBe(false);
    expect(list.data?.counts.total).toBe(100);
    const calls = await productCalls(since);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(calls.filter((c) => c.path.startsWith('/rest/api/3/search/jql'))).toHaveLength(1);

    const panelSince = await site.lastSeq();
    const panel = await site.panel(U.marcus, 'INC-3');
    expect((panel.data as { actionItems: { counts: { total: number } } }).actionItems.counts.total).toBe(100);
    // the issue, one search, and the postmortem check as the caller (its page’s record, its title)
    expect((await productCalls(panelSince)).length).toBeLessThanOrEqual(4);
  });

  it('shows a person only the items they may browse in Jira', async () => {
    // Tom is in INC and PLAT, not PAY.
    const list = await site.macro<ActionItemList>('listActionItems', U.tom, { incidentKey: 'INC-3' });
    expect(list.data?.items.map((i) => i.key).sort()).toEqual(['PLAT-1', 'PLAT-2']);
  });

  it('shows nothing to someone who cannot see the page, and says why', async () => {
    const list = await site.macro<ActionItemList>('listActionItems', U.noah, { incidentKey: 'INC-3' });
    expect(list.ok).toBe(false);
    expect(list.error?.code).toBe('not-found');
    expect(list.error?.message).toMatch(/cannot see it/);
    expect(JSON.stringify(list)).not.toMatch(/PAY-\d/);
  });

  it('hides the items from someone who sees the page but not the incident', async () => {
    // Take Tom out of INC: he still sees the page (space PM) and PLAT.
    const inc = site.db.projectByKey('INC')!;
    site.db.putProject({ ...inc, members: inc.members.filter((m) => m !== U.tom) });
    const list = await site.macro<ActionItemList>('listActionItems', U.tom, { incidentKey: 'INC-3' });
    expect(list.ok).toBe(true);
    expect(list.data).toMatchObject({ incidentVisible: false, items: [], counts: { total: 0 } });
  });

  it('refuses an incident key the page is not linked to, and malformed keys', async () => {
    const other = await site.macro('listActionItems', U.marcus, { incidentKey: 'INC-1' });
    expect(other.error?.code).toBe('conflict');
    expect(other.error?.message).toMatch(/linked to INC-3, not INC-1/);
    const hostile = await site.macro('listActionItems', U.marcus, { incidentKey: 'INC-3" OR project = PAY' });
    expect(hostile.error?.code).toBe('invalid-input');
    expect(hostile.error?.fields?.incidentKey).toMatch(/issue key/);
  });

  it('counts hand-made items (labelled and linked in Jira) and flags one without a due date', async () => {
    const made = await site.jira('POST', '/rest/api/3/issue', U.marcus, {
      fields: {
        project: { key: 'PAY' },
        issuetype: { name: 'Task' },
        summary: 'Hand-made: rotate gateway credentials',
        labels: ['postmortem-action'],
      },
    });
    expect(made.status).toBe(201);
    const key = (made.json as { key: string }).key;
    const link = await site.jira('POST', '/rest/api/3/issueLink', U.marcus, {
      type: { name: 'Relates' },
      inwardIssue: { key },
      outwardIssue: { key: 'INC-3' },
    });
    expect(link.status).toBe(201);
    // Labelled but not linked: not this incident's item.
    await site.jira('POST', '/rest/api/3/issue', U.marcus, {
      fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'Some other action', labels: ['postmortem-action'] },
    });

    const list = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
    const row = list.data?.items.find((i) => i.key === key);
    expect(row).toMatchObject({ handMade: true, state: 'no-due-date', due: 'needs a due date', kind: null });
    expect(list.data?.counts).toMatchObject({ total: 8, needsDueDate: 2 });

    const panel = await site.panel(U.marcus, key);
    expect(panel.data).toMatchObject({
      role: 'action-item',
      actionItem: { incidentKey: 'INC-3', handMade: true, due: 'needs a due date', incident: { key: 'INC-3' } },
    });
  });
});

describe('creating action items', () => {
  it('creates each valid draft as the user with label, due date, assignee, priority, property, incident link and page link; keeps the failing one', async () => {
    const a = draft({ summary: 'Alert on gateway pool saturation', kind: 'detect', priority: 'Highest' });
    const b = draft({
      summary: 'Document the pool-size change process',
      kind: 'process',
      projectKey: 'PLAT',
      assigneeAccountId: U.tom,
      description: '',
    });
    const past = draft({ summary: 'This one is late already', dueDate: addDays(today, -1) });
    const since = await site.lastSeq();
    const res = await create([a, past, b]);
    expect(res.ok).toBe(true);
    const [oa, op, ob] = res.data!.outcomes;
    expect(oa).toMatchObject({ creationKey: a.creationKey, outcome: 'created' });
    expect(ob).toMatchObject({ creationKey: b.creationKey, outcome: 'created' });
    expect(op).toMatchObject({ creationKey: past.creationKey, outcome: 'failed' });
    expect(op?.fields?.dueDate).toMatch(/in the past/);
    expect(oa?.warnings).toBeUndefined();
    expect(issuesWithCreationKey(past.creationKey)).toHaveLength(0);

    const issue = site.db.issueByKey(oa!.issueKey!)!;
    expect(issue).toMatchObject({
      summary: 'Alert on gateway pool saturation',
      duedate: a.dueDate,
      assignee: U.sofia,
      reporter: U.marcus,
      labels: ['postmortem-action'],
    });
    expect(site.db.project(issue.projectId)?.key).toBe('PAY');
    expect(issue.priorityId).toBe('1');
    expect(issue.properties['postmortem-action']).toEqual({
      incidentKey: 'INC-3',
      pageId: site.pageId,
      creationKey: a.creationKey,
      kind: 'detect',
    });
    const inc = site.db.issueByKey('INC-3')!;
    expect(site.db.linksOf(issue.id).some((l) => [l.inwardIssueId, l.outwardIssueId].includes(inc.id) && l.typeId === '10003')).toBe(true);
    const remote = site.db.remoteLinksOf(issue.id);
    expect(remote).toHaveLength(1);
    expect(remote[0]?.object.url).toContain(`/pages/${site.pageId}/`);
    // The page is titled "Postmortem: INC-3 ...", but the link carries a neutral title.
    const pageTitle = site.db.page(site.pageId)!.title;
    expect(pageTitle).toMatch(/^Postmortem: INC-3 /);
    // a neutral title: whoever may browse the item may not be allowed to open the page
    expect(remote[0]?.object.title).toBe('Postmortem for INC-3');
    expect(site.db.issueByKey(ob!.issueKey!)?.key).toMatch(/^PLAT-/);

    const calls = await site.requests(since);
    const bulk = calls.filter((c) => c.path === '/rest/api/3/issue/bulk');
    expect(bulk).toHaveLength(1);
    expect(bulk[0]?.actor).toBe('user');
    expect(calls.filter((c) => c.target === 'jira').every((c) => c.actor === 'user')).toBe(true);

    // The new items show in the table.
    const list = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
    expect(list.data?.items.map((i) => i.key)).toEqual(expect.arrayContaining([oa!.issueKey, ob!.issueKey]));
  });

  it('never makes a second issue for a retry or a double submit, even concurrent ones', async () => {
    const a = draft();
    const b = draft({ summary: 'Second item' });
    const first = await create([a, b]);
    expect(first.data?.outcomes.map((o) => o.outcome)).toEqual(['created', 'created']);
    const again = await create([a, b]);
    expect(again.data?.outcomes.map((o) => o.outcome)).toEqual(['existing', 'existing']);
    expect(again.data?.outcomes.map((o) => o.issueKey)).toEqual(first.data?.outcomes.map((o) => o.issueKey));
    expect(issuesWithCreationKey(a.creationKey)).toHaveLength(1);
    expect(issuesWithCreationKey(b.creationKey)).toHaveLength(1);

    const c = draft({ summary: 'Double-clicked item' });
    const [x, y] = await Promise.all([create([c]), create([c])]);
    expect(issuesWithCreationKey(c.creationKey)).toHaveLength(1);
    const outcomes = [x.data?.outcomes[0]?.outcome, y.data?.outcomes[0]?.outcome];
    expect(outcomes).toContain('created');
    // The other request either saw it created or was told it is being created right now.
    const other = x.data?.outcomes[0]?.outcome === 'created' ? y.data?.outcomes[0] : x.data?.outcomes[0];
    if (other?.outcome === 'failed') expect(other.message).toMatch(/another request is creating/);
    else expect(other?.outcome).toBe('existing');
  });

  it('a draft refused by Jira can be corrected and sent again with the same creation key', async () => {
    const a = draft({ assigneeAccountId: U.noah });
    const first = await create([a]);
    expect(first.data?.outcomes[0]?.outcome).toBe('failed');
    const fixed = await create([{ ...a, assigneeAccountId: U.liam }]);
    expect(fixed.data?.outcomes[0]?.outcome).toBe('created');
    expect(issuesWithCreationKey(a.creationKey)).toHaveLength(1);
  });

  it('gives a clear message per field for empty and over-long summaries, bad dates, and disallowed projects', async () => {
    const drafts = [
      draft({ summary: '   ' }),
      draft({ summary: 'x'.repeat(256) }),
      draft({ dueDate: '' }),
      draft({ dueDate: '2026-02-30' }),
      draft({ dueDate: 'next friday' }),
      draft({ dueDate: addDays(today, -30) }),
      draft({ projectKey: 'MOB' }),
      draft({ assigneeAccountId: '' }),
      draft({ kind: 'blame' }),
    ];
    const before = [...site.db.issues()].length;
    const res = await create(drafts);
    expect(res.ok).toBe(true);
    const out = res.data!.outcomes;
    expect(out.every((o) => o.outcome === 'failed')).toBe(true);
    expect(out[0]?.fields?.summary).toMatch(/Enter a summary/);
    expect(out[1]?.fields?.summary).toMatch(/255 characters or fewer \(it has 256\)/);
    expect(out[2]?.fields?.dueDate).toMatch(/Set a due date/);
    expect(out[3]?.fields?.dueDate).toMatch(/not a date/);
    expect(out[4]?.fields?.dueDate).toMatch(/not a date/);
    expect(out[5]?.fields?.dueDate).toMatch(/in the past/);
    expect(out[6]?.fields?.projectKey).toMatch(/cannot be created in project "MOB".*PAY, PLAT/);
    expect(out[7]?.fields?.assigneeAccountId).toMatch(/Choose who owns/);
    expect(out[8]?.fields?.kind).toMatch(/prevent, detect, mitigate or process/);
    expect([...site.db.issues()].length).toBe(before);
  });

  it('reports unknown and unassignable assignees and missing create permission from Jira, per item, and creates the rest', async () => {
    site.setSettings({ actionItems: { projectKeys: ['PAY', 'PLAT', 'MOB'], defaultProjectKey: 'PAY', issueType: 'Task' } });
    const ok = draft({ summary: 'This one is fine' });
    const unknown = draft({ assigneeAccountId: '712020:no-such-person' });
    const unassignable = draft({ assigneeAccountId: U.noah }); // Noah is not in PAY
    const noPermission = draft({ projectKey: 'MOB', assigneeAccountId: U.daniel }); // Marcus is not in MOB
    const res = await create([unknown, ok, unassignable, noPermission]);
    const [ou, ook, ouna, onp] = res.data!.outcomes;
    expect(ook).toMatchObject({ outcome: 'created' });
    expect(ou?.outcome).toBe('failed');
    expect(ou?.fields?.assigneeAccountId).toMatch(/will not assign/);
    expect(ouna?.fields?.assigneeAccountId).toMatch(/cannot be assigned/);
    expect(onp?.fields?.projectKey).toMatch(/You cannot create issues in project MOB/);
    expect(onp?.message).toMatch(/^Not created: .*Fix it and create it again/);
    expect(issuesWithCreationKey(ok.creationKey)).toHaveLength(1);
    for (const d of [unknown, unassignable, noPermission]) expect(issuesWithCreationKey(d.creationKey)).toHaveLength(0);
  });

  it('on an item whose postmortem Noah may not open, his panel says one exists, without its title', async () => {
    site.setSettings({ actionItems: { projectKeys: ['PAY', 'PLAT', 'MOB'], defaultProjectKey: 'PAY', issueType: 'Task' } });
    const mine = draft({ projectKey: 'MOB', assigneeAccountId: U.noah, summary: 'Retry token refresh with backoff' });
    const res = await create([mine], U.priya); // Priya is in MOB and may edit the INC-3 postmortem
    const key = res.data!.outcomes[0]!.issueKey!;
    expect(key).toMatch(/^MOB-\d+$/);
    const title = site.db.page(site.pageId)!.title;

    const noah = await site.panel<PanelOverview>(U.noah, key);
    expect(noah.ok).toBe(true);
    expect(noah.data!.actionItem).toMatchObject({ incidentKey: 'INC-3', incident: null, postmortem: null, postmortemHidden: true });
    expect(JSON.stringify(noah)).not.toContain(title);

    const priya = await site.panel<PanelOverview>(U.priya, key);
    expect(priya.data!.actionItem).toMatchObject({ postmortem: expect.objectContaining({ pageTitle: title }), postmortemHidden: false });
  });

  it('creates more than 50 drafts in bulk batches of at most 50', async () => {
    const drafts = Array.from({ length: 60 }, (_, i) => draft({ summary: `Bulk item ${i + 1}` }));
    const since = await site.lastSeq();
    const res = await create(drafts);
    expect(res.data?.outcomes.filter((o) => o.outcome === 'created')).toHaveLength(60);
    const bulk = (await site.requests(since)).filter((c) => c.path === '/rest/api/3/issue/bulk');
    expect(bulk).toHaveLength(2);
  });

  it('keeps everything when Jira fails, says so, and a retry creates each item once', async () => {
    await fetch(`${site.url}/__site/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ method: 'POST', pathPattern: '/rest/api/3/issue/bulk', status: 503, count: 10 }] }),
    });
    const a = draft();
    const failed = await create([a]);
    await fetch(`${site.url}/__site/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [] }),
    });
    expect(failed.ok).toBe(true);
    expect(failed.data?.outcomes[0]).toMatchObject({ outcome: 'failed' });
    expect(failed.data?.outcomes[0]?.message).toMatch(/Jira is not answering properly.*Try again/);
    expect(issuesWithCreationKey(a.creationKey)).toHaveLength(0);
    const retry = await create([a]);
    expect(retry.data?.outcomes[0]?.outcome).toBe('created');
    expect(issuesWithCreationKey(a.creationKey)).toHaveLength(1);
  });

  it('refuses malformed payloads as a whole with a clear message', async () => {
    const notArray = await site.macro('createActionItems', U.marcus, { incidentKey: 'INC-3', drafts: 'lots' });
    expect(notArray.error?.code).toBe('invalid-input');
    const extra = await site.macro('createActionItems', U.marcus, { incidentKey: 'INC-3', drafts: [{ ...draft(), reporter: U.priya }] });
    expect(extra.error?.code).toBe('invalid-input');
    const badKey = await site.macro('createActionItems', U.marcus, { incidentKey: 'INC-3', drafts: [draft({ creationKey: 'x' })] });
    expect(badKey.error?.fields?.['drafts.0.creationKey']).toBeDefined();
    const none = await site.macro('createActionItems', U.marcus, { incidentKey: 'INC-3', drafts: [] });
    expect(none.error?.fields?.drafts).toMatch(/at least one/);
  });

  it('keeps hostile text as text', async () => {
    const hostile = '<img src=x onerror=alert(1)> "quoted" & more';
    const res = await create([draft({ summary: hostile })]);
    const key = res.data?.outcomes[0]?.issueKey;
    expect(site.db.issueByKey(key!)?.summary).toBe(hostile);
    const list = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
    expect(list.data?.items.find((i) => i.key === key)?.summary).toBe(hostile);
  });
});

describe('editing from the macro', () => {
  it('changes the due date and the assignee in Jira as the user', async () => {
    const due = addDays(today, 21);
    const res = await site.macro<UpdateActionItemResult>('updateActionItem', U.marcus, {
      incidentKey: 'INC-3',
      issueKey: 'PAY-2',
      dueDate: due,
    });
    expect(res.ok).toBe(true);
    expect(res.data?.item).toMatchObject({ key: 'PAY-2', dueDate: due, due: 'due in 21 days' });
    expect(site.db.issueByKey('PAY-2')?.duedate).toBe(due);
    const who = await site.macro<UpdateActionItemResult>('updateActionItem', U.marcus, {
      incidentKey: 'INC-3',
      issueKey: 'PAY-5',
      assigneeAccountId: U.sofia,
      dueDate: addDays(today, 5),
    });
    expect(who.data?.item).toMatchObject({ assignee: { accountId: U.sofia }, state: 'due' });
    expect(site.db.issueByKey('PAY-5')).toMatchObject({ assignee: U.sofia, duedate: addDays(today, 5) });
  });

  it('shows changes made in Jira', async () => {
    const due = addDays(today, 30);
    expect((await site.jira('PUT', '/rest/api/3/issue/PAY-2', U.liam, { fields: { duedate: due } })).status).toBe(204);
    const list = await site.macro<ActionItemList>('listActionItems', U.marcus, { incidentKey: 'INC-3' });
    expect(list.data?.items.find((i) => i.key === 'PAY-2')?.dueDate).toBe(due);
  });

  it('refuses past or invalid due dates, unassignable people, other issues and people without access, changing nothing', async () => {
    const past = await site.macro('updateActionItem', U.marcus, { incidentKey: 'INC-3', issueKey: 'PAY-2', dueDate: addDays(today, -1) });
    expect(past.error).toMatchObject({ code: 'invalid-input', fields: { dueDate: expect.stringMatching(/in the past/) } });
    const junk = await site.macro('updateActionItem', U.marcus, { incidentKey: 'INC-3', issueKey: 'PAY-2', dueDate: '31/12/2026' });
    expect(junk.error?.fields?.dueDate).toMatch(/not a date/);
    const noah = await site.macro('updateActionItem', U.marcus, { incidentKey: 'INC-3', issueKey: 'PAY-2', assigneeAccountId: U.noah });
    expect(noah.error?.fields?.assigneeAccountId).toMatch(/will not assign PAY-2/);
    const notItem = await site.macro('updateActionItem', U.marcus, { incidentKey: 'INC-3', issueKey: 'PAY-6', dueDate: addDays(today, 3) });
    expect(notItem.error).toMatchObject({ code: 'forbidden' });
    expect(notItem.error?.message).toMatch(/not an action item of INC-3/);
    const tom = await site.macro('updateActionItem', U.tom, { incidentKey: 'INC-3', issueKey: 'PAY-2', dueDate: addDays(today, 3) });
    expect(tom.error?.code).toBe('not-found');
    const outsider = await site.macro('updateActionItem', U.noah, { incidentKey: 'INC-3', issueKey: 'PAY-2', dueDate: addDays(today, 3) });
    expect(outsider.ok).toBe(false);
    expect(site.db.issueByKey('PAY-2')?.duedate).toBe(addDays(today, 4));
    expect(site.db.issueByKey('PAY-2')?.assignee).toBe(U.liam);
  });

  it('finds assignable people only in allowed projects', async () => {
    const pay = await site.macro<{ users: Array<{ displayName: string }> }>('findAssignees', U.marcus, {
      incidentKey: 'INC-3',
      projectKey: 'PAY',
      query: '',
    });
    expect(pay.data?.users.map((u) => u.displayName)).toEqual(expect.arrayContaining(['Sofia Alvarez', "Liam O'Connor"]));
    expect(pay.data?.users.map((u) => u.displayName)).not.toContain('Noah Fischer');
    const mob = await site.macro('findAssignees', U.marcus, { incidentKey: 'INC-3', projectKey: 'MOB', query: '' });
    expect(mob.error?.code).toBe('invalid-input');
    const forIssue = await site.macro<{ users: Array<{ displayName: string }> }>('findAssignees', U.marcus, {
      incidentKey: 'INC-3',
      issueKey: 'PLAT-2',
      query: 'to',
    });
    expect(forIssue.data?.users.map((u) => u.displayName)).toEqual(['Tom Becker']);
  });
});
