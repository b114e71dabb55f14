/**
 * Who really gets the sweep's mail, through the local site (docs/platform.md, Jira): Jira mails
 * only active users who may browse the issue, so the sweep checks each reader before sending. An
 * inactive assignee's reminder goes, at the reminder stage, to the item's manager, saying why; an
 * escalation whose manager may not browse the incident goes to the project lead; both show in the
 * run summary. A reader who may not browse an item's incident is never told its key or links.
 */
import { DEFAULT_SETTINGS } from '../../../src/contracts/settings';
import { addDays } from '../../../src/domain/dates';
import { MARCUS, U } from './support/expectations';
import { startSweepSite, type SweepSite } from './support/site';

const LIAM = U(6);
const NOAH = U(10);

describe('mail reach in the sweep', () => {
  let site: SweepSite;
  let today = '';
  beforeAll(async () => {
    site = await startSweepSite();
  });
  afterAll(async () => {
    await site.stop();
  });
  beforeEach(async () => {
    today = await site.resetSeedToday();
    await site.setClock(`${today}T09:00:00.000Z`);
  });

  function latestRun(): { rerouted: number; unreachable: number; reachSamples: Array<{ issueKey: string; message: string }> } {
    const [id] = site.stored('sweep-runs:index') as string[];
    return site.stored(`sweep-run:${id ?? ''}`) as ReturnType<typeof latestRun>;
  }

  test('an inactive assignee’s reminder goes to the item’s manager at the reminder stage, saying why; the run summary lists it', async () => {
    expect((await site.call('PUT', `/__site/users/${encodeURIComponent(LIAM)}`, { active: false })).status).toBe(200);
    await site.sweep();
    const outbox = await site.outbox();
    // PAY-2 (Liam's, due in 4 days) is reminded now, to Marcus (PAY's lead), not to Liam.
    const pay2 = outbox.filter((m) => m.issueKey === 'PAY-2');
    expect(pay2.map((m) => m.to)).toEqual([[MARCUS]]);
    expect(pay2[0]?.subject).toMatch(/^\[Could not reach the owner\] PAY-2 is due in 4 days/);
    expect(pay2[0]?.textBody).toContain("meant for Liam O'Connor (their account is inactive)");
    // Jira dropped nobody: the sweep never named a reader Jira would not mail.
    expect(outbox.filter((m) => m.dropped)).toEqual([]);
    expect(outbox.every((m) => !m.to.includes(LIAM))).toBe(true);
    const run = latestRun();
    expect(run.rerouted).toBeGreaterThanOrEqual(1);
    expect(run.reachSamples).toContainEqual({ issueKey: 'PAY-2', message: expect.stringContaining('went to the manager of PAY instead') });

    // Reactivated, Liam gets his own next reminder (the 1-day stage).
    await site.call('PUT', `/__site/users/${encodeURIComponent(LIAM)}`, { active: true });
    await site.setClock(`${addDays(today, 3)}T09:00:00.000Z`);
    const before = (await site.outbox()).length;
    await site.sweep();
    expect(
      (await site.outbox())
        .slice(before)
        .filter((m) => m.issueKey === 'PAY-2')
        .map((m) => m.to),
    ).toEqual([[LIAM]]);
  });

  test('an escalation whose manager may not browse the incident goes to the project lead instead', async () => {
    const settings = { ...DEFAULT_SETTINGS, escalationContacts: { PAY: { managers: [NOAH], secondTier: [] } } };
    site.running.site.runtime.kvs.handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value: settings }));
    await site.sweep();
    const escalations = (await site.outbox()).filter((m) => m.subject.includes('Escalation for INC-3'));
    expect(escalations.map((m) => m.to)).toEqual([[MARCUS]]);
    expect(escalations[0]?.textBody).toContain(`${NOAH} (they may not browse INC-3)`);
    expect((await site.outbox()).filter((m) => m.dropped)).toEqual([]);
    expect(latestRun().reachSamples).toContainEqual({ issueKey: 'PAY-3', message: expect.stringContaining('lead of PAY') });
  });

  test('someone who tags their own issue as an action item of an incident they may not browse gets no word of that incident', async () => {
    const asNoah = (method: string, path: string, body: unknown) =>
      fetch(`${site.running.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-local-account-id': NOAH },
        body: JSON.stringify(body),
      });
    expect(
      (await asNoah('PUT', '/rest/api/3/issue/MOB-1', { fields: { labels: ['postmortem-action'], duedate: addDays(today, 1) } })).status,
    ).toBe(204);
    expect((await asNoah('PUT', '/rest/api/3/issue/MOB-1/properties/postmortem-action', { incidentKey: 'INC-3' })).status).toBeLessThan(
      300,
    );
    await site.sweep();
    const mob1 = (await site.outbox()).filter((m) => m.issueKey === 'MOB-1');
    expect(mob1.map((m) => [m.to, m.subject])).toEqual([[[NOAH], expect.stringMatching(/^MOB-1 is due in 1 day/)]]);
    for (const text of [mob1[0]?.subject, mob1[0]?.textBody, mob1[0]?.htmlBody]) {
      expect(text).not.toContain('INC-3');
      expect(text).not.toContain('/wiki/');
    }
  });
});
