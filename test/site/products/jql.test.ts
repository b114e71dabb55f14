import { jql, keys, makeSite, U } from './site';

const site = makeSite('demo');
const search = async (q: string, as?: string) => {
  const r = await jql(site, q, { as });
  if (r.status !== 200) throw new Error(`${q} → ${r.status} ${r.text}`);
  return keys(r).sort();
};
const error = async (q: string) => {
  const r = await jql(site, q);
  expect(r.status).toBe(400);
  const body = r.json as { errorMessages: string[]; errors: Record<string, string> };
  expect(body.errors).toEqual({});
  expect(body.errorMessages).toHaveLength(1);
  return body.errorMessages[0];
};

const OPEN_ACTIONS = ['PAY-2', 'PAY-3', 'PAY-4', 'PAY-5', 'PLAT-1', 'PLAT-2'];
/** The seed's year of practice (local/products/SEED.md): earlier incidents with reviewed postmortems, and their items (done, in MOB). */
const EARLIER_INCIDENTS = ['INC-6', 'INC-7', 'INC-8'];
const EARLIER_ACTIONS = ['MOB-3', 'MOB-4', 'MOB-5', 'MOB-6', 'MOB-7'];

describe('JQL evaluation against the demo seed (today = 2026-03-04)', () => {
  it('project, issuetype, labels, statusCategory', async () => {
    expect(await search('project = INC AND issuetype = Incident')).toEqual([
      'INC-1',
      'INC-2',
      'INC-3',
      'INC-4',
      'INC-5',
      ...EARLIER_INCIDENTS,
    ]);
    expect(await search('labels = postmortem-action AND statusCategory != Done')).toEqual(OPEN_ACTIONS);
    expect(await search('labels = postmortem-action AND statusCategory = done')).toEqual([...EARLIER_ACTIONS, 'PAY-1']);
    expect(await search('project in (PLAT, MOB) AND type = Task')).toEqual(['MOB-1', ...EARLIER_ACTIONS, 'PLAT-1', 'PLAT-2', 'PLAT-3']);
    expect(await search('project not in (INC, PAY, PLAT)')).toEqual(['MOB-1', 'MOB-2', ...EARLIER_ACTIONS]);
    expect(await search('status = "In Progress"')).toEqual(['INC-5', 'MOB-2', 'PAY-7']);
  });

  it('due dates with startOfDay, endOfDay, offsets and relative periods', async () => {
    const open = 'labels = postmortem-action AND statusCategory != done';
    expect(await search(`${open} AND duedate < startOfDay()`)).toEqual(['PAY-3', 'PAY-4']);
    expect(await search(`${open} AND duedate >= startOfDay() AND duedate <= endOfDay()`)).toEqual(['PLAT-1']);
    expect(await search(`${open} AND duedate >= startOfDay() AND duedate <= endOfDay("+7d")`)).toEqual(['PAY-2', 'PLAT-1']);
    expect(await search(`${open} AND duedate < startOfDay("-7d")`)).toEqual(['PAY-4']);
    expect(await search(`${open} AND duedate <= "-3d"`)).toEqual(['PAY-3', 'PAY-4']);
    expect(await search(`${open} AND duedate = "2026-03-04"`)).toEqual(['PLAT-1']);
    expect(await search(`${open} AND duedate is EMPTY`)).toEqual(['PAY-5']);
    expect(await search(`${open} AND duedate < now()`)).toEqual(['PAY-3', 'PAY-4', 'PLAT-1']);
  });

  it('moves with the clock', async () => {
    const s = makeSite('demo');
    s.clock.set(new Date('2026-03-06T12:00:00Z'));
    const r = await jql(s, 'labels = postmortem-action AND statusCategory != done AND duedate < startOfDay()');
    expect(keys(r).sort()).toEqual(['PAY-3', 'PAY-4', 'PLAT-1']);
  });

  it('created and resolved', async () => {
    expect(await search('project = INC AND resolved >= "-7d"')).toEqual(['INC-4']);
    expect(await search('project = INC AND created > startOfDay()')).toEqual(['INC-5']);
    expect(await search('project = INC AND resolved is EMPTY')).toEqual(['INC-5']);
  });

  it('assignee, reporter, EMPTY, currentUser(), != excludes empty', async () => {
    expect(await search(`labels = postmortem-action AND assignee is EMPTY`)).toEqual(['PLAT-2']);
    expect(await search(`labels = postmortem-action AND assignee = "${U.liam}"`)).toEqual(['PAY-2', 'PAY-4']);
    expect(await search(`labels = postmortem-action AND assignee = currentUser()`, U.sofia)).toEqual(['PAY-1', 'PAY-3']);
    expect(await search(`labels = postmortem-action AND assignee != "${U.liam}"`)).toEqual([
      ...EARLIER_ACTIONS,
      'PAY-1',
      'PAY-3',
      'PAY-5',
      'PLAT-1',
    ]);
    expect(await search(`labels = postmortem-action AND assignee in (EMPTY, "${U.tom}")`)).toEqual(['PLAT-1', 'PLAT-2']);
    expect(await search(`project = INC AND reporter = "${U.elena}"`)).toEqual(['INC-2', 'INC-4', 'INC-8']);
  });

  it('issue property fields and the manifest search aliases', async () => {
    expect(await search('issue.property[postmortem].status = "in-review"')).toEqual(['INC-3']);
    expect(await search('postmortemStatus = "in-review"')).toEqual(['INC-3']);
    expect(await search('project = INC AND postmortemStatus is EMPTY')).toEqual(['INC-1', 'INC-2', 'INC-4', 'INC-5']);
    expect(await search('postmortemDueDate < startOfDay()')).toEqual(['INC-3', ...EARLIER_INCIDENTS]);
    expect(await search('postmortemFactor = "capacity"')).toEqual(['INC-6', 'INC-7']);
    expect(await search('postmortemIncident = INC-3 AND statusCategory != done')).toEqual(OPEN_ACTIONS);
    expect(await search('issue.property[postmortem-action].incidentKey = "INC-3" AND assignee is EMPTY')).toEqual(['PLAT-2']);
  });

  it('key, issuekey, linkedIssues, AND/OR/NOT and parentheses', async () => {
    expect(await search('key = INC-3')).toEqual(['INC-3']);
    expect(await search('issuekey in (INC-3, PAY-1)')).toEqual(['INC-3', 'PAY-1']);
    expect(await search('issue in linkedIssues("INC-3")')).toEqual(['PAY-1', ...OPEN_ACTIONS].sort());
    expect(
      await search('issue in linkedIssues(INC-3, "relates to") AND NOT (assignee is EMPTY OR duedate is EMPTY) AND statusCategory != done'),
    ).toEqual(['PAY-2', 'PAY-3', 'PAY-4', 'PLAT-1']);
    expect(await search('project = MOB OR (project = INC AND priority = Highest)')).toEqual([
      'INC-3',
      'MOB-1',
      'MOB-2',
      ...EARLIER_ACTIONS,
    ]);
  });

  it('ORDER BY duedate, key, created and priority', async () => {
    const r = await jql(site, 'labels = postmortem-action ORDER BY duedate ASC, key DESC');
    expect(keys(r)).toEqual([...EARLIER_ACTIONS, 'PAY-4', 'PAY-3', 'PLAT-1', 'PAY-1', 'PAY-2', 'PLAT-2', 'PAY-5']);
    const d = await jql(site, 'labels = postmortem-action ORDER BY duedate DESC');
    expect(keys(d)[0]).toBe('PAY-5'); // empty first when descending, as Jira
    const k = await jql(site, 'project in (PAY, PLAT) ORDER BY key');
    expect(keys(k).slice(0, 3)).toEqual(['PAY-1', 'PAY-2', 'PAY-3']);
    expect(keys(k)).toContain('PAY-7');
    expect(keys(k).indexOf('PAY-7')).toBeLessThan(keys(k).indexOf('PLAT-1'));
    const c = await jql(site, 'project = INC ORDER BY created DESC');
    expect(keys(c)).toEqual(['INC-5', 'INC-4', 'INC-3', 'INC-2', 'INC-1', 'INC-8', 'INC-7', 'INC-6']);
    const p = await jql(site, 'project = INC ORDER BY priority DESC, key ASC');
    expect(keys(p)).toEqual(['INC-3', 'INC-1', 'INC-4', 'INC-2', 'INC-5', ...EARLIER_INCIDENTS]);
  });

  it('answers 400 with Jira-like messages for what it does not support or cannot resolve', async () => {
    expect(await error('description ~ "pool"')).toMatch(/does not support searching on the field 'description'/);
    expect(await error('summary = "pool"')).toBe("The operator '=' is not supported by the 'summary' field. Use '~' or '!~'.");
    expect(await error('nosuchfield = 1')).toBe("Field 'nosuchfield' does not exist or you do not have permission to view it.");
    expect(await error('project = NOPE')).toBe("The value 'NOPE' does not exist for the field 'project'.");
    expect(await error('key = INC-999')).toBe("An issue with key 'INC-999' does not exist for field 'key'.");
    expect(await error('duedate < membersOf("x")')).toBe("Unable to find JQL function 'membersOf(x)'.");
    expect(await error('duedate < "tomorrow"')).toMatch(/^Date value 'tomorrow' for field 'duedate' is invalid/);
    expect(await error('labels > a')).toBe("The operator '>' is not supported by the 'labels' field.");
    expect(await error('project = INC AND')).toMatch(/^Error in the JQL Query:/);
    expect(await error('assignee was "x"')).toMatch(/not supported|WAS/);
    expect(await error('project = INC ORDER BY description')).toMatch(/ordering by 'description'/);
    expect(await error('ORDER BY key')).toBe('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
    expect(await error('issue.property[other].x = 1')).toMatch(/does not index issue property 'other'/);
  });

  it('summary ~ searches words as Jira does: any case, simple derivatives, all words unless OR, prefixes, phrases, !~', async () => {
    // Any case; "pool-size" is two words.
    expect(await search('summary ~ "POOL"')).toEqual(['INC-3', 'PAY-1', 'PAY-2']);
    // "alerting" finds "Alert" and "alert"; common words ("the", "to") are ignored.
    expect(await search('summary ~ "alerting"')).toEqual(['PAY-2', 'PAY-4']);
    expect(await search('summary ~ "the alerts to"')).toEqual(['PAY-2', 'PAY-4']);
    // Words are all required unless joined by OR.
    expect(await search('summary ~ "gateway runbook"')).toEqual([]);
    expect(await search('summary ~ "gateway OR runbook"')).toEqual(['INC-3', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5']);
    expect(await search('summary ~ "runbo*"')).toEqual(['PAY-4']);
    expect(await search('summary ~ "\\"connection pool\\""')).toEqual(['INC-3']);
    expect(await search('summary ~ "\\"pool connection\\""')).toEqual([]);
    expect(await search('labels = postmortem-action AND summary !~ "gateway"')).toEqual([
      ...EARLIER_ACTIONS,
      'PAY-1',
      'PAY-4',
      'PLAT-1',
      'PLAT-2',
    ]);
  });

  it('filters by what the user may browse, and treats an invisible project as unknown', async () => {
    // Noah sees the action items of MOB only (the earlier ones; nothing of INC or PAY)
    expect(await search('labels = postmortem-action', U.noah)).toEqual(EARLIER_ACTIONS);
    expect(await search('project = MOB', U.noah)).toEqual(['MOB-1', 'MOB-2', ...EARLIER_ACTIONS]);
    const r = await jql(site, 'project = INC', { as: U.noah });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ errorMessages: ["The value 'INC' does not exist for the field 'project'."], errors: {} });
  });
});
