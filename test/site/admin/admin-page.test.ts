/**
 * Who may use the Postmortem settings (a jira:adminPage), through the local site with the demo seed:
 * the host serves the page, and the bridge invokes its resolver, only for Jira admins, as Jira does;
 * the resolver asks whether the caller is a Jira admin as the caller about themselves
 * (docs/platform.md, Jira REST and Custom UI).
 */
import type { AdminOverview } from '../../../src/contracts/admin';
import { bootDemoSite, U, type Answer, type LoggedCall } from '../../support/demo-site';

jest.setTimeout(120_000);

let booted: Awaited<ReturnType<typeof bootDemoSite>>;
let url: string;

beforeAll(async () => {
  booted = await bootDemoSite('admin-page-');
  url = booted.running.url;
});
afterAll(async () => {
  await booted?.stop();
});

const PAGE = '/jira/settings/apps/postmortem-settings';
const as = (accountId: string) => ({ cookie: `local_site_user=${encodeURIComponent(accountId)}` });

async function bridgeInvoke(accountId: string) {
  const res = await fetch(`${url}/__host/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...as(accountId) },
    body: JSON.stringify({
      moduleKey: 'postmortem-settings',
      localId: 'postmortem-settings-page',
      target: { type: 'jira:adminPage' },
      resolver: 'admin.getOverview',
      payload: {},
    }),
  });
  return { status: res.status, body: (await res.json()) as { result?: Answer<AdminOverview>; error?: { message: string } } };
}

test('the admin page is served to a Jira admin and refused (403, no app frame) to everyone else', async () => {
  const priya = await fetch(url + PAGE, { headers: as(U.priya) });
  expect(priya.status).toBe(200);
  expect(await priya.text()).toContain('data-testid="forge-frame-postmortem-settings"');
  for (const who of [U.marcus, U.tom, U.hannah]) {
    const res = await fetch(url + PAGE, { headers: as(who) });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('data-testid="admin-only"');
    expect(html).not.toContain('forge-frame-postmortem-settings');
  }
});

test('the bridge invokes the admin page resolver for a Jira admin only', async () => {
  const priya = await bridgeInvoke(U.priya);
  expect(priya.status).toBe(200);
  expect(priya.body.result).toMatchObject({ ok: true, data: { canEdit: true } });
  const marcus = await bridgeInvoke(U.marcus);
  expect(marcus.status).toBe(403);
  expect(marcus.body.error?.message).toMatch(/Only Jira administrators/);
});

test('the resolver asks whether the caller is a Jira admin as the caller, which Jira allows without Administer Jira', async () => {
  await fetch(`${url}/__site/requests`, { method: 'DELETE' });
  const invoke = async (accountId: string) => {
    const res = await fetch(`${url}/__site/invoke/admin-resolver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId, resolver: 'admin.getOverview', payload: {}, moduleKey: 'postmortem-settings' }),
    });
    return ((await res.json()) as { result: Answer<AdminOverview> }).result;
  };
  expect(await invoke(U.tom)).toMatchObject({ ok: false, error: { code: 'forbidden' } }); // the settings calls are for admins only
  expect(await invoke(U.priya)).toMatchObject({ ok: true, data: { canEdit: true } });
  const log = (await (await fetch(`${url}/__site/requests`)).json()) as LoggedCall[];
  const checks = log.filter((c) => c.path.startsWith('/rest/api/3/permissions/check'));
  expect(checks).toHaveLength(2);
  expect(checks.every((c) => c.actor === 'user' && c.status === 200)).toBe(true);
});

test('the demo seed configured the app as SEED.md says: space PM, Priya every project’s second tier, saved by her', async () => {
  const priya = await bridgeInvoke(U.priya);
  const o = priya.body.result!.data!;
  expect(o.stored).toBe(true);
  expect(o.settings.confluence.spaceKey).toBe('PM');
  expect(o.settings.escalationContacts).toEqual(
    Object.fromEntries(['INC', 'MOB', 'PAY', 'PLAT'].map((k) => [k, { managers: [], secondTier: [U.priya] }])),
  );
  expect(o.people[U.priya]).toBe('Priya Raman');
  expect(o.history).toHaveLength(1);
  expect(o.history[0]).toMatchObject({ accountId: U.priya, displayName: 'Priya Raman' });
});
