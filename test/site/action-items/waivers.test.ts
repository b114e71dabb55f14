/**
 * "Won't do" through the local site: closing an action item without doing it needs a reason and the
 * approval of its manager (PAY's lead, Marcus, in the demo seed); until approved it counts as open,
 * also when someone resolves it as Won't Do in Jira directly, and the daily sweep still escalates
 * it. Only the item's manager decides (checked as the caller); a forged issue property approves
 * nothing, neither in the panel (its proof is the record in app storage) nor in the sweep (its proof
 * is the app's seal on the property, docs/decisions/0015-waiver-approvals-sealed.md).
 */
import { DEFAULT_SETTINGS } from '../../../src/contracts/settings';
import { PostmortemSite, U } from '../postmortem/support';
import { clockPastSendHour } from '../../support/send-hour';

jest.setTimeout(120_000);

interface View {
  state: string;
  canRequest: boolean;
  canDecide: boolean;
  managers: Array<{ accountId: string; displayName: string }>;
  request: { status: string; reason: string; note?: string } | null;
}

let site: PostmortemSite;
beforeAll(async () => {
  site = await PostmortemSite.start();
});
afterAll(async () => {
  await site?.stop();
});
beforeEach(async () => {
  await site.reset();
});

const waiver = (as: string, key: string) => site.panel<View>('getWaiver', as, key);
const ask = (as: string, key: string, reason: string) => site.panel<View>('requestWaiver', as, key, { reason });
const decide = (as: string, key: string, decision: 'approve' | 'decline', note?: string) =>
  site.panel<View>('decideWaiver', as, key, note === undefined ? { decision } : { decision, note });
const statusOf = (key: string) => {
  const i = site.db.issueByKey(key)!;
  return { resolved: i.resolutiondate !== null, resolutionId: i.resolutionId ?? null };
};

async function wontDoInJira(key: string, as: string): Promise<void> {
  expect(await site.wontDoInJira(key, as, '?expand=transitions.fields')).toBe(204);
}

async function sweepMails(): Promise<Array<{ issueKey: string; to: string[]; subject: string; textBody?: string }>> {
  const before = ((await site.rest('GET', '/__site/outbox', U.priya)).json as unknown[]).length;
  await clockPastSendHour(site.url); // the trigger starts the day's sweep at the send hour
  const r = await site.post('/__site/scheduled/postmortem-sweep', {});
  expect(r.status).toBe(200);
  const all = (await site.rest('GET', '/__site/outbox', U.priya)).json as Array<{
    issueKey: string;
    to: string[];
    subject: string;
    textBody?: string;
  }>;
  return all.slice(before);
}

describe("won't do", () => {
  test('needs a reason; the item stays open until its manager approves; then it is resolved as Won’t Do and recorded', async () => {
    expect(await waiver(U.liam, 'PAY-4')).toMatchObject({
      ok: true,
      data: { state: 'none', canRequest: true, canDecide: false, managers: [{ accountId: U.marcus, displayName: 'Marcus Chen' }] },
    });
    expect(await ask(U.liam, 'PAY-4', '   ')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const asked = await ask(U.liam, 'PAY-4', 'The old checkout path is removed next sprint.');
    expect(asked).toMatchObject({
      ok: true,
      data: { state: 'requested', request: { reason: 'The old checkout path is removed next sprint.' } },
    });
    expect(statusOf('PAY-4').resolved).toBe(false);

    // only the item's manager decides: not the asker, not another manager, not someone who cannot see it
    for (const who of [U.liam, U.sofia, U.grace, U.daniel]) {
      const r = await decide(who, 'PAY-4', 'approve');
      expect(r.ok).toBe(false);
    }
    expect((await decide(U.noah, 'PAY-4', 'approve')).error!.code).toBe('not-found');
    expect((await decide(U.liam, 'PAY-4', 'approve')).error!.message).toMatch(/Only a manager of PAY/);
    expect(await waiver(U.marcus, 'PAY-4')).toMatchObject({ ok: true, data: { state: 'requested', canDecide: true } });

    const approved = await decide(U.marcus, 'PAY-4', 'approve', 'Agreed: the path goes away.');
    expect(approved).toMatchObject({
      ok: true,
      data: { state: 'approved', request: { status: 'approved', note: 'Agreed: the path goes away.' } },
    });
    expect(statusOf('PAY-4')).toEqual({ resolved: true, resolutionId: '10001' });
    const stored = site.running.site.runtime.kvs.handle(
      '/api/v1/get',
      JSON.stringify({ key: `waiver:${site.db.issueByKey('PAY-4')!.id}` }),
    );
    expect(JSON.parse(stored.body)).toMatchObject({ value: { approvedBy: U.marcus } });
    expect(await site.jqlKeys('issue.property[postmortem-waiver].approvedAt IS NOT EMPTY', U.marcus)).toEqual(['PAY-4']);
  });

  test('a decline needs a note and keeps the item open', async () => {
    await ask(U.liam, 'PAY-4', 'Not worth it.');
    expect((await decide(U.marcus, 'PAY-4', 'decline')).error!.message).toMatch(/Say why the item must be done/);
    expect(await decide(U.marcus, 'PAY-4', 'decline', 'It caused the outage: do it.')).toMatchObject({
      ok: true,
      data: { state: 'declined', canRequest: true },
    });
    expect(statusOf('PAY-4').resolved).toBe(false);
  });

  test('resolved as Won’t Do in Jira directly, it still counts as open: the sweep escalates it; once approved it does not', async () => {
    site.setSettings({ ...DEFAULT_SETTINGS });
    await wontDoInJira('PAY-4', U.liam);
    expect(await site.jqlKeys('resolution = "Won\'t Do"', U.marcus)).toEqual(['PAY-4']);
    expect(await waiver(U.marcus, 'PAY-4')).toMatchObject({ ok: true, data: { state: 'unapproved-wont-do', canRequest: true } });
    const mails = await sweepMails();
    const escalation = mails.find((m) => m.to.includes(U.marcus) && /PAY-4/.test(m.textBody ?? ''));
    expect(escalation).toBeDefined();

    // A forged mirror approves nothing: the panel still counts it unapproved.
    const forged = await site.rest('PUT', '/rest/api/3/issue/PAY-4/properties/postmortem-waiver', U.liam, {
      status: 'approved',
      reason: 'x',
      requestedBy: U.liam,
      requestedAt: '2026-01-01T00:00:00.000Z',
      approvedAt: '2026-01-01T00:00:00.000Z',
      decidedBy: U.marcus,
    });
    expect(forged.status).toBeLessThan(300);
    expect(await waiver(U.marcus, 'PAY-4')).toMatchObject({ ok: true, data: { state: 'unapproved-wont-do' } });

    await ask(U.liam, 'PAY-4', 'Replaced by the new checkout.');
    expect((await decide(U.marcus, 'PAY-4', 'approve')).ok).toBe(true);
    // a week later (the escalation's repeat), the escalation lists the other overdue items but not PAY-4
    const now = ((await site.rest('GET', '/__site/clock', U.priya)).json as { now: string }).now;
    await site.rest('PUT', '/__site/clock', U.priya, { now: new Date(Date.parse(now) + 7 * 86_400_000).toISOString() });
    const later = await sweepMails();
    const again = later.filter((m) => m.to.includes(U.marcus) && /PAY-/.test(m.textBody ?? ''));
    expect(again.length).toBeGreaterThan(0);
    for (const m of again) expect(m.textBody).not.toMatch(/PAY-4\b/);
  });

  test('the assignee resolves Won’t Do and forges the approval on the issue property themselves: still reminded and escalated', async () => {
    site.setSettings({ ...DEFAULT_SETTINGS });
    // A genuine approval on PAY-3 first: its property carries the app's seal.
    await ask(U.sofia, 'PAY-3', 'Covered by the new retry policy.');
    expect((await decide(U.marcus, 'PAY-3', 'approve')).ok).toBe(true);
    const genuine = (await site.rest('GET', '/rest/api/3/issue/PAY-3/properties/postmortem-waiver', U.liam)).json as {
      value: Record<string, unknown>;
    };
    expect(genuine.value).toMatchObject({ status: 'approved', decidedBy: U.marcus, seal: expect.stringMatching(/^[\w-]{43}$/) });

    // Tom's item is due today (a reminder), Liam's overdue by weeks (an escalation to Marcus).
    await wontDoInJira('PLAT-1', U.tom);
    await wontDoInJira('PAY-4', U.liam);
    const claim = (requestedBy: string, decidedBy: string) => ({
      status: 'approved',
      reason: 'Not needed any more.',
      requestedBy,
      requestedAt: '2026-01-01T00:00:00.000Z',
      decidedBy,
      decidedAt: '2026-01-02T00:00:00.000Z',
      approvedAt: '2026-01-02T00:00:00.000Z',
      seal: 'A'.repeat(43),
    });
    for (const [key, as, value] of [
      ['PLAT-1', U.tom, claim(U.tom, U.priya)],
      // the genuine seal of another item, copied
      ['PAY-4', U.liam, { ...genuine.value }],
    ] as const) {
      const r = await site.rest('PUT', `/rest/api/3/issue/${key}/properties/postmortem-waiver`, as, value);
      expect(r.status).toBeLessThan(300);
    }
    // The JQL index believes the forgeries (that is why the sweep does not ask it).
    expect(await site.jqlKeys('issue.property[postmortem-waiver].approvedAt IS NOT EMPTY', U.priya)).toEqual(['PAY-3', 'PAY-4', 'PLAT-1']);

    const mails = await sweepMails();
    const toTom = mails.filter((m) => m.to.includes(U.tom) && /PLAT-1\b/.test(m.textBody ?? ''));
    expect(toTom.length).toBeGreaterThan(0);
    const toMarcus = mails.filter((m) => m.to.includes(U.marcus) && /PAY-4\b/.test(m.textBody ?? ''));
    expect(toMarcus.length).toBeGreaterThan(0);
    // The approved waiver is not chased.
    for (const m of mails) expect(m.textBody ?? '').not.toMatch(/PAY-3\b/);
    expect(await waiver(U.marcus, 'PAY-4')).toMatchObject({ ok: true, data: { state: 'unapproved-wont-do' } });
    expect(await waiver(U.marcus, 'PLAT-1')).toMatchObject({ ok: true, data: { state: 'unapproved-wont-do' } });
  });

  test('an approval whose property someone overwrote is written back from the app’s record when the panel is opened', async () => {
    site.setSettings({ ...DEFAULT_SETTINGS });
    await ask(U.liam, 'PAY-4', 'Replaced by the new checkout.');
    expect((await decide(U.marcus, 'PAY-4', 'approve')).ok).toBe(true);
    const sealed = (await site.rest('GET', '/rest/api/3/issue/PAY-4/properties/postmortem-waiver', U.liam)).json as { value: unknown };
    const put = await site.rest('PUT', '/rest/api/3/issue/PAY-4/properties/postmortem-waiver', U.liam, { broken: true });
    expect(put.status).toBeLessThan(300);
    expect(await waiver(U.liam, 'PAY-4')).toMatchObject({ ok: true, data: { state: 'approved' } });
    const back = (await site.rest('GET', '/rest/api/3/issue/PAY-4/properties/postmortem-waiver', U.liam)).json as { value: unknown };
    expect(back.value).toEqual(sealed.value);
    for (const m of await sweepMails()) expect(m.textBody ?? '').not.toMatch(/PAY-4\b/);
  });

  test('the panel, the issue context and the incident’s item list count an unapproved Won’t Do as open, also with a forged approval', async () => {
    type Item = { key: string; state: string; due: string };
    type Overview = { actionItems: { items: Item[]; counts: { done: number; overdue: number } } };
    const incident = async () => (await site.panel<Overview>('getOverview', U.priya, 'INC-3')).data!.actionItems;
    const own = async () =>
      (await site.panel<{ actionItem: { state: string; due: string } }>('getOverview', U.liam, 'PAY-4')).data!.actionItem;
    const status = async () =>
      (await site.panel<{ actionItem: { state: string; due: string } }>('getStatus', U.liam, 'PAY-4')).data!.actionItem;
    const before = await incident();
    expect(before.items.find((i) => i.key === 'PAY-4')).toMatchObject({ state: 'overdue' });

    await wontDoInJira('PAY-4', U.liam);
    await site.rest('PUT', '/rest/api/3/issue/PAY-4/properties/postmortem-waiver', U.liam, {
      status: 'approved',
      reason: 'x',
      requestedBy: U.liam,
      requestedAt: '2026-01-01T00:00:00.000Z',
      decidedBy: U.marcus,
      approvedAt: '2026-01-01T00:00:00.000Z',
      seal: 'C'.repeat(43),
    });
    const unapproved = await incident();
    expect(unapproved.items.find((i) => i.key === 'PAY-4')).toMatchObject({
      state: 'overdue',
      due: expect.stringMatching(/^won’t do, not approved: overdue by \d+ days$/),
    });
    expect(unapproved.counts).toEqual(before.counts);
    expect(await own()).toMatchObject({ state: 'overdue', due: expect.stringMatching(/^won’t do, not approved/) });
    expect(await status()).toMatchObject({ state: 'overdue' });

    await ask(U.liam, 'PAY-4', 'Replaced by the new checkout.');
    expect((await decide(U.marcus, 'PAY-4', 'approve')).ok).toBe(true);
    const approved = await incident();
    expect(approved.items.find((i) => i.key === 'PAY-4')).toMatchObject({ state: 'done', due: 'won’t do (approved)' });
    expect(approved.counts).toMatchObject({ done: before.counts.done + 1, overdue: before.counts.overdue - 1 });
    expect(await status()).toMatchObject({ state: 'done' });
  });

  test('a done item (resolution Done) cannot be waived; a non-item has nothing to waive', async () => {
    expect(await ask(U.sofia, 'PAY-1', 'x')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await waiver(U.grace, 'INC-3')).toMatchObject({ ok: true, data: { state: 'none', canRequest: false } });
    expect(await ask(U.grace, 'INC-3', 'x')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
