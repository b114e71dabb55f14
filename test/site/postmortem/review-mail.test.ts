/**
 * People hear about the review, through the local site: the reviewers (people and a Jira group, the
 * settings' `reviewers`) get one mail when a postmortem enters the review queue, with the page, the
 * incident, the open findings (by section and kind, no page text) and the author's reason; the owner
 * gets one when it is marked reviewed or reopened. Once per transition, even when Jira's notify
 * has to be retried; the transition stands when the mail cannot go out, and the person is told.
 */
import type { Settings } from '../../../src/contracts/settings';
import { PostmortemSite, U } from './support';

jest.setTimeout(60_000);

let site: PostmortemSite;
let pageId: string;

beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});

const WRITTEN = (title: string) => `What we wrote for ${title}: the token service rejected valid sessions for 40 minutes.`;
const NAMING = 'Elena Petrova restarted db01 at 09:10 and logins recovered.';
const REASON = 'Elena asked to be named; db01 is on the public status page.';

type ReviewAnswer = { postmortem: { status: string }; told?: string };
const review = (as: string, payload: unknown) => site.macro<ReviewAnswer>('reviewAction', as, pageId, payload);
const mails = () => site.db.outbox().filter((m) => m.issueKey === 'INC-4');

async function start(reviewers: Settings['reviewers'] | undefined): Promise<void> {
  await site.reset();
  site.setSettings({
    confluence: { spaceKey: 'PM' },
    glossary: [{ term: 'db01', description: 'primary database' }],
    ...(reviewers ? { reviewers } : {}),
  });
  pageId = await site.createPostmortem(U.elena, 'INC-4', { spaceKey: 'PM' });
  await site.fillSections(pageId, U.elena, (title) => (title === 'Summary' ? NAMING : WRITTEN(title)));
}

describe('the reviewers hear when a postmortem enters the review queue', () => {
  test('one mail to the named reviewers and the group’s members (never the sender), with the page, the incident, the findings and the reason', async () => {
    // Elena (the sender) and Noah (who may not browse INC) are named too.
    await start({ accountIds: [U.daniel, U.elena, U.noah], groupName: 'postmortem-reviewers' });
    const before = mails().length;
    const sent = await review(U.elena, { action: 'request-review', reason: REASON });
    expect(sent).toMatchObject({ ok: true, data: { postmortem: { status: 'in-review' }, told: 'The reviewers were told by mail.' } });

    const got = mails().slice(before);
    expect(got).toHaveLength(1);
    const mail = got[0]!;
    // the group postmortem-reviewers is Grace and Priya (SEED.md); Jira drops Noah, who cannot browse INC-4
    expect([...mail.to].sort()).toEqual([U.daniel, U.grace, U.priya].sort());
    expect(mail.to).not.toContain(U.elena);
    expect(mail.dropped).toEqual([{ accountId: U.noah, reason: 'cannot-browse' }]);
    expect(mail.subject).toBe(
      'Postmortem for INC-4 is ready for review: Postmortem: INC-4 Mobile app login failures after token-service deploy',
    );
    expect(mail.textBody).toContain('Elena Petrova sent the postmortem');
    expect(mail.textBody).toContain('It went with 2 blameless or plain-language findings open.');
    expect(mail.textBody).toContain('- “Summary”: a person’s name to reword (blameless)');
    expect(mail.textBody).toContain('- “Summary”: an internal name to explain (plain language)');
    expect(mail.textBody).toContain(`Their reason to go on with them: ${REASON}`);
    expect(mail.textBody).toMatch(new RegExp(`Postmortem: http://127\\.0\\.0\\.1:\\d+/wiki/spaces/PM/pages/${pageId}/`));
    expect(mail.textBody).toMatch(
      /Incident: INC-4 Mobile app login failures after token-service deploy http:\/\/127\.0\.0\.1:\d+\/browse\/INC-4/,
    );
    expect(mail.htmlBody).toContain(`/wiki/spaces/PM/pages/${pageId}/`);
    // the words found on the page stay on the page (a reader of the incident may not read the page);
    // the reason carries them here only because the author wrote it for the meeting
    expect(mail.textBody.replace(REASON, '')).not.toMatch(/db01|restarted/);
  });

  test('a notify Jira answers 503 once is retried: still one mail; a repeated send is refused and mails nobody', async () => {
    await start({ accountIds: [U.grace] });
    await site.faults([{ method: 'POST', pathPattern: '/rest/api/3/issue/INC-4/notify', status: 503, count: 1 }]);
    const before = mails().length;
    const seqBefore = (await site.requests()).at(-1)?.seq ?? 0;
    expect(await review(U.elena, { action: 'request-review', reason: REASON })).toMatchObject({ ok: true });
    const notifies = (await site.requests(seqBefore)).filter((c) => c.method === 'POST' && c.path.endsWith('/INC-4/notify'));
    expect(notifies.map((c) => c.status)).toEqual([503, 204]);
    expect(mails().slice(before)).toHaveLength(1);

    const again = await review(U.elena, { action: 'request-review', reason: REASON });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(mails().slice(before)).toHaveLength(1);
  });

  test('a transition whose mail was already claimed (an earlier attempt of the same call) mails nobody again', async () => {
    await start({ accountIds: [U.grace] });
    // The transition writes the next version of the page's postmortem record; its mail key names it.
    const record = site.db.contentPropsOf(pageId).find((p) => p.key === 'postmortem')!;
    const key = `review-mail:${pageId}:${record.version.number + 1}:request-review`;
    const stored = site.running.site.runtime.kvs.handle(
      '/api/v1/set',
      JSON.stringify({ key, value: { accountId: U.elena, at: '2026-01-01T00:00:00.000Z' } }),
    );
    expect(stored.status).toBeLessThan(300);
    const before = mails().length;
    const sent = await review(U.elena, { action: 'request-review', reason: REASON });
    expect(sent).toMatchObject({ ok: true, data: { postmortem: { status: 'in-review' } } });
    expect(sent.data!.told).toBeUndefined();
    expect(mails().slice(before)).toHaveLength(0);
    // the next transition has its own key, and its mail goes out
    expect(await review(U.daniel, { action: 'mark-reviewed' })).toMatchObject({ ok: true, data: { told: 'The owner was told by mail.' } });
    expect(
      mails()
        .slice(before)
        .map((m) => m.to),
    ).toEqual([[U.elena]]);
  });

  test('with no reviewers set nobody is mailed, and the sender is told how to name them', async () => {
    await start(undefined);
    const before = mails().length;
    const sent = await review(U.elena, { action: 'request-review', reason: REASON });
    expect(sent).toMatchObject({ ok: true, data: { postmortem: { status: 'in-review' } } });
    expect(sent.data!.told).toMatch(/^No reviewers are set in the app’s settings, so nobody was mailed/);
    expect(mails().slice(before)).toHaveLength(0);
  });

  test('a reviewer group Jira does not know: the postmortem is in review all the same, and the sender hears the mail did not go', async () => {
    await start({ accountIds: [U.grace], groupName: 'no-such-group' });
    const before = mails().length;
    const sent = await review(U.elena, { action: 'request-review', reason: REASON });
    expect(sent).toMatchObject({ ok: true, data: { postmortem: { status: 'in-review' } } });
    expect(sent.data!.told).toMatch(/^Jira did not send the mail about it \(.*no-such-group.*\); tell them yourself\.$/);
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'in-review' });
    expect(mails().slice(before)).toHaveLength(0);
  });
});

describe('the owner hears when the postmortem is reviewed or reopened', () => {
  test('marked reviewed (with the note) and reopened by a reviewer: one mail each to the owner; reopened by the owner: none', async () => {
    await start({ accountIds: [U.grace] });
    expect((await review(U.elena, { action: 'request-review', reason: REASON })).ok).toBe(true);
    let before = mails().length;

    const reviewed = await review(U.daniel, { action: 'mark-reviewed', note: 'Reviewed in the Tuesday meeting.' });
    expect(reviewed).toMatchObject({ ok: true, data: { postmortem: { status: 'reviewed' }, told: 'The owner was told by mail.' } });
    let got = mails().slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.to).toEqual([U.elena]);
    expect(got[0]!.subject).toBe(
      'Your postmortem for INC-4 was marked reviewed: Postmortem: INC-4 Mobile app login failures after token-service deploy',
    );
    expect(got[0]!.textBody).toContain('Daniel Kim marked your postmortem');
    expect(got[0]!.textBody).toContain('Their note: Reviewed in the Tuesday meeting.');
    expect(got[0]!.textBody).toMatch(/Postmortem: http:\/\/127\.0\.0\.1:\d+\/wiki\/spaces\/PM\/pages\//);

    before = mails().length;
    const reopened = await review(U.daniel, { action: 'reopen' });
    expect(reopened).toMatchObject({ ok: true, data: { postmortem: { status: 'draft' }, told: 'The owner was told by mail.' } });
    got = mails().slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.to).toEqual([U.elena]);
    expect(got[0]!.subject).toMatch(/^Your postmortem for INC-4 was reopened: /);
    expect(got[0]!.textBody).toContain('Daniel Kim reopened your postmortem');

    // The owner sends it again and takes it back herself: the reviewers hear of the new request, she gets nothing.
    before = mails().length;
    expect((await review(U.elena, { action: 'request-review', reason: REASON })).ok).toBe(true);
    const own = await review(U.elena, { action: 'reopen' });
    expect(own).toMatchObject({ ok: true, data: { postmortem: { status: 'draft' } } });
    expect(own.data!.told).toBeUndefined();
    got = mails().slice(before);
    expect(got.map((m) => m.to)).toEqual([[U.grace]]);
  });
});
