/**
 * Who Jira really mails (docs/platform.md, Jira): only active users who may browse the issue.
 * The local Jira answers `GET /rest/api/3/user/viewissue/search` as documented, drops other
 * recipients of `notify` without an error and shows them as dropped in the outbox; the control
 * API deactivates and reactivates a user.
 */
import { bootDemoSite } from '../../support/demo-site';
import { siteRequest } from '../../support/site-http';
import { makeSite, U } from './site';

const J = '/rest/api/3';
const ids = (r: { json: unknown }) => (r.json as Array<{ accountId: string }>).map((u) => u.accountId).sort();

describe('mail reach in the local Jira', () => {
  it('viewissue/search answers the active users who may browse the issue or project', async () => {
    const s = makeSite();
    const onPay = await s.jira('GET', `${J}/user/viewissue/search?issueKey=PAY-3&maxResults=100`);
    expect(onPay.status).toBe(200);
    expect(ids(onPay)).toContain(U.sofia);
    expect(ids(onPay)).not.toContain(U.noah); // not a member of PAY
    expect(ids(onPay)).not.toContain(U.olivia); // inactive
    // The browse-only role browses (Hannah in INC) and so receives mail through an incident.
    expect(ids(await s.jira('GET', `${J}/user/viewissue/search?issueKey=INC-3&accountId=${encodeURIComponent(U.hannah)}`))).toEqual([
      U.hannah,
    ]);
    const one = await s.jira('GET', `${J}/user/viewissue/search?issueKey=MOB-1&accountId=${encodeURIComponent(U.noah)}`);
    expect(ids(one)).toEqual([U.noah]);
    const none = await s.jira('GET', `${J}/user/viewissue/search?projectKey=PAY&accountId=${encodeURIComponent(U.noah)}`);
    expect(ids(none)).toEqual([]);
    expect((await s.jira('GET', `${J}/user/viewissue/search?accountId=${encodeURIComponent(U.noah)}`)).status).toBe(400);
    // The caller must see the issue itself.
    expect((await s.jira('GET', `${J}/user/viewissue/search?issueKey=PAY-3`, undefined, { as: U.noah })).status).toBe(404);
    // A deactivated user is no longer answered.
    s.products.setUserActive(U.sofia, false);
    expect(ids(await s.jira('GET', `${J}/user/viewissue/search?issueKey=PAY-3&accountId=${encodeURIComponent(U.sofia)}`))).toEqual([]);
  });

  it('notify drops inactive users and those who may not browse the issue, and the outbox says so', async () => {
    const s = makeSite();
    const body = {
      subject: 'Hello',
      textBody: 'x',
      htmlBody: '<p>x</p>',
      to: { users: [{ accountId: U.sofia }, { accountId: U.noah }, { accountId: U.olivia }] },
    };
    expect((await s.jira('POST', `${J}/issue/PAY-3/notify`, body)).status).toBe(204);
    const [mail] = s.products.outbox().slice(-1);
    expect(mail).toMatchObject({
      issueKey: 'PAY-3',
      to: [U.sofia],
      dropped: [
        { accountId: U.noah, reason: 'cannot-browse' },
        { accountId: U.olivia, reason: 'inactive' },
      ],
    });
  });

  it('the control API deactivates and reactivates a user; the outbox page shows who was dropped', async () => {
    const site = await bootDemoSite('mail-reach-');
    try {
      const url = site.running.url;
      const off = await siteRequest(url, 'PUT', `/__site/users/${encodeURIComponent(U.liam)}`, { active: false });
      expect(off.status).toBe(200);
      expect(off.json).toMatchObject({ accountId: U.liam, active: false });
      expect(site.running.site.products.users().find((u) => u.accountId === U.liam)?.active).toBe(false);
      const mail = { subject: 'Reach', textBody: 'x', to: { users: [{ accountId: U.liam }] } };
      const sent = await fetch(`${url}/rest/api/3/issue/PAY-4/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-local-account-id': U.marcus },
        body: JSON.stringify(mail),
      });
      expect(sent.status).toBe(204);
      const outbox = (await siteRequest(url, 'GET', '/__site/outbox')).json as Array<{
        subject: string;
        to: string[];
        dropped?: unknown[];
      }>;
      expect(outbox.at(-1)).toMatchObject({ subject: 'Reach', to: [], dropped: [{ accountId: U.liam, reason: 'inactive' }] });
      const page = await (await fetch(`${url}/outbox`)).text();
      expect(page).toContain('Dropped by Jira: Liam O&#39;Connor (inactive account)');

      const on = await siteRequest(url, 'PUT', `/__site/users/${encodeURIComponent(U.liam)}`, { active: true });
      expect(on.json).toMatchObject({ accountId: U.liam, active: true });
      expect((await siteRequest(url, 'PUT', '/__site/users/nobody', { active: true })).status).toBe(404);
      expect((await siteRequest(url, 'PUT', `/__site/users/${encodeURIComponent(U.liam)}`, { active: 'no' })).status).toBe(400);
    } finally {
      await site.stop();
    }
  });
});
