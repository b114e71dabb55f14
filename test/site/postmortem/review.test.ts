/**
 * The review workflow through the local site: draft → in review (refused while required sections
 * are missing or hold only guidance) → reviewed (not by the owner) → draft when reopened; each
 * status written to both properties, so JQL on the incident's property sees it. Also the
 * blameless and plain-language findings the macro shows, and fixing them.
 */
import { PostmortemSite, U, type Answer, type CheckedOverview } from './support';

jest.setTimeout(60_000);

type Overview = CheckedOverview;

let site: PostmortemSite;
let pageId: string;

beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});
beforeEach(async () => {
  await site.reset();
  pageId = await site.createPostmortem(U.elena, 'INC-4', { spaceKey: 'PM' });
});

const overview = async (as: string) => {
  const r = await site.macro<Overview>('getOverview', as, pageId);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data!;
};
const review = (as: string, payload: unknown) => site.macro<{ postmortem: { status: string } }>('reviewAction', as, pageId, payload);
const statusJql = (status: string) => site.jqlKeys(`issue.property[postmortem].status = "${status}"`, U.priya);

/** The demo seed's earlier incidents with reviewed postmortems (local/products/SEED.md, "A year of practice"). */
const SEEDED_REVIEWED = ['INC-6', 'INC-7', 'INC-8'];

const WRITTEN = (title: string) => `What we wrote for ${title}: the token service rejected valid sessions for 40 minutes.`;

describe('review workflow', () => {
  test('request review is refused with the reasons while required sections hold only guidance', async () => {
    const r = await review(U.elena, { action: 'request-review' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: { problems: expect.arrayContaining([expect.objectContaining({ sectionId: 'summary' })]) } },
    });
    expect(r.error!.message).toMatch(/Fix them, or go on with a reason the review meeting will see/);
    expect(r.error!.message).toMatch(/"Summary" still holds only the template's guidance/);
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'draft' });
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'draft' });
  });

  test('draft → in review → reviewed (by someone other than the owner) → draft, each status on both sides and in JQL', async () => {
    await site.fillSections(pageId, U.elena, WRITTEN);
    expect((await overview(U.elena)).link.templateCheck.ok).toBe(true);
    expect(await statusJql('draft')).toContain('INC-4');

    const requested = await review(U.elena, { action: 'request-review' });
    expect(requested).toMatchObject({ ok: true, data: { postmortem: { status: 'in-review' } } });
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'in-review', requestedReviewAt: expect.any(String) });
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'in-review', pageId });
    expect(await statusJql('in-review')).toEqual(expect.arrayContaining(['INC-3', 'INC-4']));
    expect(await statusJql('draft')).not.toContain('INC-4');

    // the owner cannot record the review
    const own = await review(U.elena, { action: 'mark-reviewed', note: 'Looks good to me' });
    expect(own).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(own.error!.message).toMatch(/owner cannot mark it reviewed/);
    expect((await overview(U.elena)).link.actions).toMatchObject({ markReviewed: false, reopen: true });
    expect((await overview(U.daniel)).link.actions).toMatchObject({ markReviewed: true });

    const reviewed = await review(U.daniel, { action: 'mark-reviewed', note: 'Reviewed in the Tuesday meeting.' });
    expect(reviewed).toMatchObject({ ok: true, data: { postmortem: { status: 'reviewed' } } });
    expect(site.pageProperty(pageId)).toMatchObject({
      status: 'reviewed',
      review: { reviewedBy: U.daniel, note: 'Reviewed in the Tuesday meeting.', reviewedAt: expect.any(String) },
    });
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'reviewed', reviewedAt: expect.any(String) });
    expect(await statusJql('reviewed')).toEqual(['INC-4', ...SEEDED_REVIEWED]);
    const seen = await overview(U.elena);
    expect(seen.link.reviewer).toEqual({ accountId: U.daniel, displayName: 'Daniel Kim' });

    const reopened = await review(U.elena, { action: 'reopen' });
    expect(reopened).toMatchObject({ ok: true, data: { postmortem: { status: 'draft' } } });
    expect(site.pageProperty(pageId)).not.toHaveProperty('review');
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'draft' });
    expect(site.issueProperty('INC-4')).not.toHaveProperty('reviewedAt');
    expect(await statusJql('draft')).toContain('INC-4');
    expect(await statusJql('reviewed')).toEqual(SEEDED_REVIEWED);
  });

  test('actions out of order and bad payloads are refused clearly', async () => {
    const early = await review(U.daniel, { action: 'mark-reviewed' });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(early.error!.message).toMatch(/only one in review can be marked reviewed/);
    const reopen = await review(U.elena, { action: 'reopen' });
    expect(reopen).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const unknown = await review(U.elena, { action: 'approve' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const longNote = await review(U.daniel, { action: 'mark-reviewed', note: 'x'.repeat(2001) });
    expect(longNote).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: { note: expect.stringMatching(/2000/) } } });
  });

  test('when the incident side cannot be written, the page keeps its status', async () => {
    await site.fillSections(pageId, U.elena, WRITTEN);
    await site.faults([{ method: 'PUT', pathPattern: '/rest/api/3/issue/INC-4/properties/postmortem', status: 500 }]);
    const r = await review(U.elena, { action: 'request-review' });
    expect(r.ok).toBe(false);
    expect(r.error!.message).toMatch(/nothing was changed/i);
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'draft' });
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'draft' });
    await site.faults([]);
    expect((await review(U.elena, { action: 'request-review' })).ok).toBe(true);
  });
});

describe('the review gate', () => {
  const NAMING = 'Elena Petrova restarted db01 at 09:10 and logins recovered.';

  test('open findings: refused without a reason, listed; with a reason both travel into the queue; recomputed from the page, never the payload', async () => {
    site.setSettings({ confluence: { spaceKey: 'PM' }, glossary: [{ term: 'db01', description: 'primary database' }] });
    await site.fillSections(pageId, U.elena, (title) => (title === 'Summary' ? NAMING : WRITTEN(title)));

    const refused = await review(U.elena, { action: 'request-review' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(refused.error!.message).toMatch(/^It has 2 blameless or plain-language findings\. Fix them, or go on with a reason/);
    expect(refused.error!.details!.findings).toEqual([
      expect.objectContaining({ kind: 'person-name', section: 'Summary', text: 'Elena Petrova' }),
      expect.objectContaining({ kind: 'internal-name', section: 'Summary', text: 'db01' }),
    ]);
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'draft' });

    // A payload cannot claim the page is clean: the findings are not a field of the call.
    const forged = await review(U.elena, { action: 'request-review', findings: [] });
    expect(forged).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(site.pageProperty(pageId)).toMatchObject({ status: 'draft' });

    const sent = await review(U.elena, { action: 'request-review', reason: 'Elena asked to be named; db01 is in the public status page.' });
    expect(sent).toMatchObject({ ok: true, data: { postmortem: { status: 'in-review' } } });
    expect(site.pageProperty(pageId)).toMatchObject({
      status: 'in-review',
      reviewRequest: {
        requestedBy: U.elena,
        reason: 'Elena asked to be named; db01 is in the public status page.',
        findingsTotal: 2,
        findings: [expect.objectContaining({ text: 'Elena Petrova' }), expect.objectContaining({ text: 'db01' })],
      },
    });
    // the incident's record (readable by anyone who may browse it) carries only the count
    expect(site.issueProperty('INC-4')).toMatchObject({ status: 'in-review', openFindings: 2 });
    expect(JSON.stringify(site.issueProperty('INC-4'))).not.toMatch(/Elena|db01/);
  });

  test('marking reviewed with findings required settled: refused, then accepted with a note; the owner never reviews', async () => {
    site.setSettings({
      confluence: { spaceKey: 'PM' },
      glossary: [{ term: 'db01', description: 'primary database' }],
      review: { requireSettledFindings: true },
    });
    await site.fillSections(pageId, U.elena, (title) => (title === 'Summary' ? NAMING : WRITTEN(title)));
    expect((await review(U.elena, { action: 'request-review', reason: 'Discuss in the meeting.' })).ok).toBe(true);
    expect((await overview(U.daniel)).link).toMatchObject({ requireSettledFindings: true });

    const plain = await review(U.daniel, { action: 'mark-reviewed', note: 'Fine.' });
    expect(plain).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(plain.error!.message).toMatch(/still has 2 blameless or plain-language findings/);
    const noNote = await review(U.daniel, { action: 'mark-reviewed', acceptFindings: true });
    expect(noNote.error!.message).toMatch(/Say in the review note why the 2 open findings are accepted/);
    const own = await review(U.elena, { action: 'mark-reviewed', acceptFindings: true, note: 'Mine.' });
    expect(own).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const ok = await review(U.daniel, { action: 'mark-reviewed', acceptFindings: true, note: 'Agreed in the meeting.' });
    expect(ok).toMatchObject({ ok: true, data: { postmortem: { status: 'reviewed' } } });
    expect(site.pageProperty(pageId)).toMatchObject({
      review: { reviewedBy: U.daniel, acceptedFindings: 2, note: 'Agreed in the meeting.' },
    });
  });

  test('fixed on the page before the review: nothing to accept', async () => {
    site.setSettings({ confluence: { spaceKey: 'PM' }, review: { requireSettledFindings: true } });
    await site.fillSections(pageId, U.elena, (title) => (title === 'Summary' ? 'Elena Petrova restarted the service.' : WRITTEN(title)));
    expect((await review(U.elena, { action: 'request-review', reason: 'Will fix before the meeting.' })).ok).toBe(true);
    const adf = JSON.parse(
      JSON.stringify(site.pageAdf(pageId)).replace('Elena Petrova restarted', 'The on-call engineer restarted'),
    ) as unknown;
    await site.savePage(pageId, U.elena, adf);
    expect((await review(U.daniel, { action: 'mark-reviewed' })).ok).toBe(true);
  });
});

describe('blameless and plain-language findings', () => {
  test('a sentence naming an engineer and mentioning db01 gets findings with section, excerpt and suggestion; fixing them clears them', async () => {
    site.setSettings({ confluence: { spaceKey: 'PM' }, glossary: [{ term: 'db01', description: 'primary database' }] });
    await site.fillSections(pageId, U.elena, (title) =>
      title === 'Summary' ? 'Elena Petrova restarted db01 at 09:10 and logins recovered.' : WRITTEN(title),
    );
    const before = await overview(U.elena);
    const person = before.link.languageCheck.findings.find((f) => f.kind === 'person-name');
    const host = before.link.languageCheck.findings.find((f) => f.kind === 'internal-name');
    expect(person).toMatchObject({
      sectionTitle: 'Summary',
      match: 'Elena Petrova',
      excerpt: expect.stringContaining('Elena Petrova restarted db01'),
    });
    expect(person!.suggestion).toMatch(/role/i);
    expect(host).toMatchObject({ sectionTitle: 'Summary', match: 'db01' });
    expect(host!.suggestion).toMatch(/primary database/);

    const adf = site.pageAdf(pageId);
    const cleaned = JSON.parse(
      JSON.stringify(adf).replace(
        'Elena Petrova restarted db01 at 09:10 and logins recovered.',
        'The on-call engineer restarted the primary database at 09:10.',
      ),
    ) as unknown;
    await site.savePage(pageId, U.elena, cleaned);
    const after = await overview(U.elena);
    expect(after.link.languageCheck.findings).toEqual([]);
  });

  test('the owner name in the macro header is not a finding, and people outside the incident are not flagged', async () => {
    const o = await overview(U.elena);
    expect(o.link.owner.displayName).toBe('Elena Petrova');
    expect(o.link.languageCheck.findings).toEqual([]);
  });
});

describe('due date', () => {
  test('is the incident date + 7 days (the default deadline), with due-in and late-by wording', async () => {
    const o = await site.macro<Overview & { today: string; link: { postmortem: { incidentDate: string; dueDate: string } } }>(
      'getOverview',
      U.elena,
      pageId,
    );
    const { incidentDate, dueDate } = o.data!.link.postmortem;
    expect(addDays(incidentDate, 7)).toBe(dueDate);
    const days = Math.round((Date.parse(dueDate) - Date.parse(o.data!.today)) / 86_400_000);
    expect(o.data!.link.due).toBe(days === 0 ? 'due today' : `due in ${days} day${days === 1 ? '' : 's'}`);
    const late: Answer<Overview> = await site.macro('getOverview', U.marcus, site.demoPageId());
    // The demo's INC-3 postmortem was due today−17 and sent to review today−19: on time, by the one rule.
    expect(late.data!.link.due).toBe('sent to review on time');
    expect(late.data!.link.dueState).toEqual({ kind: 'sent-on-time', days: 0 });
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('a reader who may not edit the page', () => {
  test('sees the postmortem but cannot change its status, its link or its sections', async () => {
    await site.fillSections(pageId, U.elena, WRITTEN);
    const seen = await overview(U.hannah);
    expect(seen.link.postmortem.incidentKey).toBe('INC-4');
    const before = { page: site.pageProperty(pageId), issue: site.issueProperty('INC-4') };

    const asked = await review(U.hannah, { action: 'request-review' });
    expect(asked).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const unlinked = await site.macro('unlinkIncident', U.hannah, pageId, {});
    expect(unlinked).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const appended = await site.macro('addMissingSections', U.hannah, pageId, {});
    expect(appended.ok).toBe(false);

    expect(site.pageProperty(pageId)).toEqual(before.page);
    expect(site.issueProperty('INC-4')).toEqual(before.issue);
  });
});
