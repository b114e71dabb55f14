/**
 * Settings are checked against the site when saved, as the person saving (docs/platform.md, Jira
 * REST): a link type, project or issue type Jira does not have, a project whose create screen
 * cannot take a due date, a space or parent page Confluence does not have, are all refused at
 * once, each under its field, and nothing is saved.
 */
import type { AdminOverview, SaveSettingsResult } from '../../../src/contracts/admin';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/contracts/settings';
import { bootDemoSite, U, type Answer } from '../../support/demo-site';
import type { LocalProducts } from '../../../local/products';

jest.setTimeout(120_000);

let booted: Awaited<ReturnType<typeof bootDemoSite>>;
const db = () => (booted.running.site.products as LocalProducts).db;

beforeAll(async () => {
  booted = await bootDemoSite('admin-references-', { configureApp: false }); // newly installed: nothing saved yet
});
afterAll(async () => {
  await booted?.stop();
});

async function admin<T>(resolver: string, payload: unknown): Promise<Answer<T>> {
  const res = await fetch(`${booted.running.url}/__site/invoke/admin-resolver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: U.priya, resolver, payload, moduleKey: 'postmortem-settings' }),
  });
  return ((await res.json()) as { result: Answer<T> }).result;
}
const save = (settings: Settings) => admin<SaveSettingsResult>('admin.saveSettings', { settings });

function settings(patch: (s: Settings) => void): Settings {
  const s = structuredClone(DEFAULT_SETTINGS);
  patch(s);
  return s;
}

test('what a new user tried (Blocks-ish, ZZZ, Nonexistent type) is refused at once, each under its field', async () => {
  const r = await save(
    settings((s) => {
      s.linkType = 'Blocks-ish';
      s.actionItems = { projectKeys: ['PAY', 'ZZZ'], issueType: 'Nonexistent type' };
      s.incidentFilter.issueTypes = ['Incident', 'Outage'];
      s.confluence = { spaceKey: 'NOPE', parentPageId: '999999' };
    }),
  );
  expect(r.ok).toBe(false);
  expect(r.error?.code).toBe('invalid-input');
  expect(r.error?.fields).toMatchObject({
    linkType: 'Jira has no issue link type "Blocks-ish". Pick one of "Blocks", "Cloners", "Duplicate", "Relates".',
    'actionItems.projectKeys.1': 'Jira has no project ZZZ, or you cannot see it. Pick a project from the list.',
    'actionItems.issueType': expect.stringMatching(/^Project PAY has no issue type "Nonexistent type" \(it has .*"Task"/),
    'incidentFilter.issueTypes.1': expect.stringMatching(/^Jira has no issue type "Outage"/),
    'confluence.spaceKey': 'Confluence has no space NOPE, or you cannot see it.',
    'confluence.parentPageId': 'Confluence has no page 999999, or you cannot see it.',
  });
  const o = await admin<AdminOverview>('admin.getOverview', {});
  expect(o.data?.stored).toBe(false);
  expect(o.data?.settings.linkType).toBe('Relates');
});

test('a project whose create screen cannot take a due date is refused, with the reason', async () => {
  const pay = db().projectByKey('PAY')!;
  db().putProject({
    ...pay,
    createFields: (pay.createFields ?? ['summary', 'description', 'assignee', 'reporter', 'duedate', 'labels', 'priority']).filter(
      (f) => f !== 'duedate',
    ),
  });
  try {
    const r = await save(settings((s) => (s.actionItems = { projectKeys: ['PLAT', 'PAY'], issueType: 'Task' })));
    expect(r.error?.fields).toEqual({
      'actionItems.projectKeys.1':
        'Project PAY cannot take action items: its create screen for Task has no Due date field, which every action item needs. Ask a Jira admin to add it to the screen, or use another project.',
    });
  } finally {
    db().putProject(pay);
  }
});

test('references the site has are accepted (PLAT without Priority included), and the checks ran as the caller', async () => {
  const page = db()
    .pages()
    .find((p) => p.title === 'Postmortems');
  await fetch(`${booted.running.url}/__site/requests`, { method: 'DELETE' });
  const r = await save(
    settings((s) => {
      s.linkType = 'Blocks';
      s.actionItems = { projectKeys: ['PAY', 'PLAT'], defaultProjectKey: 'PLAT', issueType: 'task' };
      s.incidentFilter = { issueTypes: ['Incident'], projectKeys: ['INC'] };
      s.confluence = { spaceKey: 'PM', ...(page ? { parentPageId: page.id } : {}) };
    }),
  );
  expect(r.error).toBeUndefined();
  expect(r.data?.settings.actionItems.projectKeys).toEqual(['PAY', 'PLAT']);
  const log = (await (await fetch(`${booted.running.url}/__site/requests`)).json()) as Array<{
    path: string;
    actor: string;
    target: string;
  }>;
  const product = log.filter((c) => c.target === 'jira' || c.target === 'confluence');
  expect(product.some((c) => c.path.startsWith('/rest/api/3/issue/createmeta/PLAT/issuetypes'))).toBe(true);
  expect(product.every((c) => c.actor === 'user')).toBe(true);
});

test('the reviewers: a Jira group the site does not have, and a person Jira does not know, are refused under their fields', async () => {
  await fetch(`${booted.running.url}/__site/requests`, { method: 'DELETE' });
  const r = await save(settings((s) => (s.reviewers = { accountIds: [U.grace, 'no-such-account'], groupName: 'pm-reviewers' })));
  expect(r.ok).toBe(false);
  expect(r.error?.fields).toEqual({
    'reviewers.groupName':
      'Jira has no group "pm-reviewers", so nobody would be told through it. Check the name in Jira\'s user management (Groups), or leave the reviewer group empty and pick the reviewers in the Reviewers field.',
    'reviewers.accountIds.1':
      'Jira does not know reviewer no-such-account (or you cannot see them): remove them and pick the reviewers with the user picker.',
  });
  // The group was asked of Jira's group look-up, as the admin saving.
  const log = (await (await fetch(`${booted.running.url}/__site/requests`)).json()) as Array<{ path: string; actor: string }>;
  expect(log.filter((c) => c.path.startsWith('/rest/api/3/group/bulk')).map((c) => [c.path, c.actor])).toEqual([
    ['/rest/api/3/group/bulk?maxResults=50&groupName=pm-reviewers', 'user'],
  ]);
  const o = await admin<AdminOverview>('admin.getOverview', {});
  expect(o.data?.settings.reviewers).toEqual({ accountIds: [] });
});

test("the demo's reviewer group and people Jira knows are accepted", async () => {
  const r = await save(settings((s) => (s.reviewers = { accountIds: [U.grace], groupName: 'postmortem-reviewers' })));
  expect(r.error).toBeUndefined();
  expect(r.data?.settings.reviewers).toEqual({ accountIds: [U.grace], groupName: 'postmortem-reviewers' });
});

test('a deactivated account (Olivia Hart in the demo) is refused as a reviewer and as an escalation contact, by name, and nothing is saved', async () => {
  const r = await save(
    settings((s) => {
      s.reviewers = { accountIds: [U.grace, U.olivia] };
      s.escalationContacts = { PAY: { managers: [U.marcus], secondTier: [U.olivia] } };
    }),
  );
  expect(r.ok).toBe(false);
  expect(r.error?.fields).toEqual({
    'reviewers.accountIds.1':
      "Olivia Hart's account is deactivated, so no mail reaches them as a reviewer: remove them or pick someone else.",
    'escalationContacts.PAY.secondTier.0':
      "Olivia Hart's account is deactivated, so no mail reaches them as an escalation contact of PAY: remove them or pick someone else.",
  });
  const o = await admin<AdminOverview>('admin.getOverview', {});
  expect(o.data?.settings.reviewers.accountIds).not.toContain(U.olivia);
});
