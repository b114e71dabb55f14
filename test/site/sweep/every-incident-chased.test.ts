/**
 * "Every incident chased", walked whole: a month of the local site from a fresh demo seed, on the
 * seed's own settings (the app installed 90 days ago, so incidents resolved since are tracked from
 * resolution; Priya every project's second tier: local/products/SEED.md), with people acting only
 * through the app's own calls, as its pages make them:
 *  - INC-1 and INC-2 (resolved 75 and 51 days ago, no page) are chased as late postmortems all month;
 *  - INC-4 (resolved 2 days ago, due in 5) is reminded before its due date, then escalated, until
 *    Elena creates its page, is stopped by the review gate on open findings and sends it with a
 *    reason; the configured reviewers hear; the review queue carries the reason and the findings;
 *    then nobody is chased about it, and its owner hears when it is reviewed;
 *  - PAY-4, resolved as Won't Do in Jira directly, is still escalated until its manager approves
 *    the waiver (another member cannot); from then on it is in no mail;
 *  - the weekly agenda page appears the first day and is updated in place each week on the agenda weekday,
 *    and the agenda macro on it lists for each reader what they may see.
 * Every day's mails are compared exactly with mails derived from the seed's dates and the sweep
 * policy (./support/expectations.ts), independently of the planner.
 */
import type { Agenda } from '../../../src/contracts/agenda-macro';
import type { AdminOverview, SaveSettingsResult } from '../../../src/contracts/admin';
import { agendaTitle, mondayOf } from '../../../src/domain/agenda';
import { addDays } from '../../../src/domain/dates';
import { PostmortemSite, U, type Answer } from '../postmortem/support';
import { DEMO_SECOND_TIER, Expectations, byKey, comparable, type ExpectedMail } from './support/expectations';

jest.setTimeout(240_000);

const REASON = 'Elena asked to be named: she restarted the service herself.';
const NAMING = 'Elena Petrova restarted the token service at 09:10 and logins recovered.';
const WRITTEN = (title: string) => `What we wrote for ${title}: the token service rejected valid sessions for 40 minutes.`;
const PAGE_TITLE = 'Postmortem: INC-4 Mobile app login failures after token-service deploy';

/** The days (from the seed's today) people act on. */
const WAIVER_ASKED = 1;
const WAIVER_APPROVED = 2;
const SENT_TO_REVIEW = 15;
const REVIEWED = 22;

let site: PostmortemSite;
beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});

async function invoke<T>(
  fn: 'admin-resolver' | 'agenda-resolver',
  moduleKey: string,
  resolver: string,
  as: string,
  payload: unknown,
  context?: unknown,
) {
  const r = await site.post(`/__site/invoke/${fn}`, { accountId: as, resolver, payload, moduleKey, ...(context ? { context } : {}) });
  if (r.status !== 200) throw new Error(`${resolver} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return (r.json as { result: Answer<T> }).result;
}
async function setClock(iso: string): Promise<void> {
  const r = await site.rest('PUT', '/__site/clock', U.priya, { now: iso });
  if (r.status !== 200) throw new Error(`clock answered ${r.status}`);
}
/** The hourly trigger, as Forge runs it; answers what the run did. */
async function trigger(): Promise<{ status: string; reason?: string }> {
  const r = await site.post('/__site/scheduled/postmortem-sweep', {});
  expect(r.status).toBe(200);
  return (r.json as { result: { status: string; reason?: string } }).result;
}
const agendaPages = () => site.db.pages().filter((p) => p.status === 'current' && p.title.startsWith('Postmortem review, week of'));
const agenda = async (as: string, pageId: string) => {
  const r = await invoke<Agenda>(
    'agenda-resolver',
    'postmortem-agenda',
    'agenda.getAgenda',
    as,
    {},
    {
      extension: { type: 'macro', content: { id: pageId, type: 'page' } },
    },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data!;
};

test('a month from a fresh demo seed: late postmortems chased, INC-4 until sent to review, a waiver needs its manager, the agenda page kept', async () => {
  const reset = await site.post('/__site/reset', { seed: 'demo' });
  const seedToday = String((reset.json as { now: string }).now).slice(0, 10);
  const expected = new Expectations(seedToday, DEMO_SECOND_TIER);

  // Priya names the reviewers on the settings page: the Jira group postmortem-reviewers (Grace and Priya).
  const overview = await invoke<AdminOverview>('admin-resolver', 'postmortem-settings', 'admin.getOverview', U.priya, {});
  const saved = await invoke<SaveSettingsResult>('admin-resolver', 'postmortem-settings', 'admin.saveSettings', U.priya, {
    settings: { ...overview.data!.settings, reviewers: { accountIds: [], groupName: 'postmortem-reviewers' } },
    version: overview.data!.version,
  });
  expect(saved.ok).toBe(true);

  // Liam closes PAY-4 (overdue 15 days) as Won't Do in Jira directly: it still counts as open.
  expect(await site.wontDoInJira('PAY-4', U.liam, '?expand=transitions.fields')).toBe(204);

  let pageId = '';
  let agendaPageId = '';
  const weeks = new Set<string>();
  const chased: Record<string, number> = {};
  for (let d = 0; d <= 30; d++) {
    const today = addDays(seedToday, d);
    const before = site.db.outbox().length;
    const also: ExpectedMail[] = [];
    await setClock(`${today}T08:30:00.000Z`);

    if (d === WAIVER_ASKED) {
      const asked = await site.panel<{ state: string }>('requestWaiver', U.liam, 'PAY-4', {
        reason: 'The old checkout path goes next sprint.',
      });
      expect(asked).toMatchObject({ ok: true, data: { state: 'requested' } });
      // Sofia, a member of PAY but not its manager, cannot approve it.
      const forced = await site.panel('decideWaiver', U.sofia, 'PAY-4', { decision: 'approve' });
      expect(forced).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    if (d === WAIVER_APPROVED) {
      expect(await site.panel('decideWaiver', U.marcus, 'PAY-4', { decision: 'approve', note: 'Agreed.' })).toMatchObject({
        ok: true,
        data: { state: 'approved' },
      });
      expected.stopChasing('PAY-4');
    }
    if (d === SENT_TO_REVIEW) {
      pageId = await site.createPostmortem(U.elena, 'INC-4');
      await site.fillSections(pageId, U.elena, (title) => (title === 'Summary' ? NAMING : WRITTEN(title)));
      const review = (payload: unknown) => site.macro<{ postmortem: { status: string } }>('reviewAction', U.elena, pageId, payload);
      // The gate: open findings stop the request until fixed or sent on with a reason.
      const stopped = await review({ action: 'request-review' });
      expect(stopped).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(stopped.error!.message).toMatch(/findings?\. Fix them, or go on with a reason/);
      expect(stopped.error!.details!.findings).toEqual([expect.objectContaining({ kind: 'person-name', text: 'Elena Petrova' })]);
      expect(await review({ action: 'request-review', reason: REASON })).toMatchObject({
        ok: true,
        data: { postmortem: { status: 'in-review' } },
      });
      also.push({ issueKey: 'INC-4', to: [U.grace, U.priya].sort(), subject: `Postmortem for INC-4 is ready for review: ${PAGE_TITLE}` });
      expected.stopChasing('INC-4');
    }
    if (d === REVIEWED) {
      const done = await site.macro('reviewAction', U.daniel, pageId, { action: 'mark-reviewed', note: 'Reviewed in the weekly meeting.' });
      expect(done).toMatchObject({ ok: true, data: { postmortem: { status: 'reviewed' } } });
      also.push({ issueKey: 'INC-4', to: [U.elena], subject: `Your postmortem for INC-4 was marked reviewed: ${PAGE_TITLE}` });
    }

    // The send hour starts the day's sweep; the next hour writes the agenda page on its weekday.
    await setClock(`${today}T09:00:00.000Z`);
    expect((await trigger()).status).toBe('started');
    await setClock(`${today}T10:00:00.000Z`);
    expect((await trigger()).status).toBe('skipped');

    const mails = site.db.outbox().slice(before);
    expect({ day: d, mails: mails.map(comparable).sort(byKey) }).toEqual({ day: d, mails: [...expected.day(today), ...also].sort(byKey) });
    for (const m of mails) chased[m.issueKey] = (chased[m.issueKey] ?? 0) + 1;
    if (d < WAIVER_APPROVED) expect(mails.some((m) => m.to.includes(U.marcus) && /^- PAY-4 /m.test(m.textBody ?? ''))).toBe(d === 0);
    if (d >= WAIVER_APPROVED) for (const m of mails) expect(m.textBody ?? '').not.toMatch(/\bPAY-4\b/);

    // The week's page is written the first day the app runs in it (the seed's today is any weekday),
    // then on each agenda weekday (Monday): always the same page, its next version.
    weeks.add(mondayOf(today));
    const pages = agendaPages();
    expect(pages).toHaveLength(1);
    agendaPageId ||= pages[0]!.id;
    expect(pages[0]).toMatchObject({ id: agendaPageId, title: agendaTitle(mondayOf(today)) });
    expect(pages[0]!.versions).toHaveLength(weeks.size);

    if (d === SENT_TO_REVIEW) {
      // The meeting's agenda, read on the week's page as each reader: the queue carries the reason and the findings.
      const priya = await agenda(U.priya, agendaPageId);
      expect(priya.reviewQueue.rows.map((r) => r.incidentKey)).toEqual(['INC-3', 'INC-4']);
      expect(priya.reviewQueue.rows[1]!.reviewRequest).toMatchObject({
        reason: REASON,
        findings: [expect.objectContaining({ kind: 'person-name' })],
      });
      expect(priya.late.rows.map((r) => r.incidentKey)).toEqual(['INC-1', 'INC-2']);
      expect(priya.late.rows.every((r) => r.noPage)).toBe(true);
      // Noah may not browse INC: the same page lists him none of it.
      const noah = await agenda(U.noah, agendaPageId);
      expect([...noah.reviewQueue.rows, ...noah.late.rows]).toEqual([]);
    }
  }

  // 31 days span five or six weeks: one page, with a version for each.
  expect(weeks.size).toBeGreaterThanOrEqual(5);
  expect(agendaPages()[0]!.versions).toHaveLength(weeks.size);
  // Chased all month: INC-1 and INC-2 weekly (lead, owner, second tier); INC-4 reminded twice, escalated until sent to review.
  expect(chased['INC-1']).toBeGreaterThanOrEqual(8);
  expect(chased['INC-2']).toBeGreaterThanOrEqual(8);
  const inc4 = site.db.outbox().filter((m) => m.issueKey === 'INC-4');
  expect(inc4.filter((m) => /^Postmortem for INC-4 is due/.test(m.subject))).toHaveLength(2);
  expect(inc4.filter((m) => /^(Escalation|Your postmortem for INC-4 is late)/.test(m.subject)).length).toBeGreaterThanOrEqual(4);
});
