/**
 * Site-wide figures and admin records. The report's counts and trends are built only from the
 * issues the viewer may browse (Jira's counts as the viewer, never the sweep's site-wide counts), and every call of the settings page is
 * for Jira admins only, checked as the caller: a non-admin calling it directly gets neither the
 * settings, their change history, nor the sweep's run records and failure details.
 */
import { allResolvers, samples, SecuritySite, U, writes } from './support';
import { clockPastSendHour } from '../support/send-hour';

describe('site-wide figures reach only those who may see them', () => {
  let site: SecuritySite;
  let today = '';

  beforeAll(async () => {
    site = await SecuritySite.start();
    today = await site.reset();
    await clockPastSendHour(site.url); // the trigger starts the day's sweep at the send hour
    // A sweep run records the site-wide overdue count (INC-3's PAY and PLAT items among them).
    const run = await site.control('POST', '/__site/scheduled/postmortem-sweep');
    expect(run.status).toBe(200);
  });
  afterAll(async () => {
    await site.stop();
  });

  const ref = (name: string) => {
    const r = allResolvers().find((x) => x.name === name);
    if (!r) throw new Error(`no resolver ${name}`);
    return r;
  };

  test('Noah (MOB only) sees no overdue figure built from projects he cannot browse; Priya sees hers', async () => {
    type Trends = { trends: { overdueOverTime: Array<{ at: string; overdueCount: number }> } };
    const noah = await site.invoke(ref('report.getReport'), U.noah, { filters: {} }, { kind: 'page' });
    expect(noah.answer?.ok).toBe(true);
    const noahPoints = (noah.answer?.data as Trends).trends.overdueOverTime;
    expect(noahPoints.length).toBeGreaterThan(0);
    expect(noahPoints.every((p) => p.overdueCount === 0)).toBe(true); // MOB has no postmortem action items

    const priya = await site.invoke(ref('report.getReport'), U.priya, { filters: {} }, { kind: 'page' });
    const last = (priya.answer?.data as Trends).trends.overdueOverTime.at(-1);
    expect(last).toEqual({ at: `${today}T12:00:00.000Z`, overdueCount: 2 }); // PAY-3 and PAY-4
  });

  test('every count Noah (MOB only) sees is zero, where the same counts for Priya include PAY and PLAT items', async () => {
    type Overview = {
      buckets: Record<string, number>;
      sections: Array<{ section: string; total: number }>;
      groups: { byProject: Array<{ key: string; count: number }>; byManager: unknown[]; byAssignee: unknown[]; otherAssignees: number };
    };
    const figures = (o: Overview) => [
      ...Object.values(o.buckets),
      ...o.sections.filter((s) => ['overdue', 'due-soon', 'no-due-date', 'unassigned'].includes(s.section)).map((s) => s.total),
      o.groups.otherAssignees,
    ];
    const priya = (await site.invoke(ref('report.getReport'), U.priya, { filters: {} }, { kind: 'page' })).answer?.data as Overview;
    expect(figures(priya).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(priya.groups.byProject.map((g) => g.key)).toEqual(expect.arrayContaining(['PAY']));

    const noah = (await site.invoke(ref('report.getReport'), U.noah, { filters: {} }, { kind: 'page' })).answer?.data as Overview;
    expect(figures(noah).every((n) => n === 0)).toBe(true);
    expect(noah.groups.byProject).toEqual([]);
    expect(noah.groups.byManager).toEqual([]);
    expect(noah.groups.byAssignee).toEqual([]);
    // Naming a hidden project in the filter is refused rather than counted.
    const filtered = await site.invoke(ref('report.getReport'), U.noah, { filters: { projectKeys: ['PAY'] } }, { kind: 'page' });
    expect(filtered.answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const groups = await site.invoke(ref('report.getAssigneeGroups'), U.noah, { filters: {}, exclude: [] }, { kind: 'page' });
    expect(groups.answer).toMatchObject({ ok: true, data: { groups: [], otherAssignees: 0 } });
  });

  test.each(['admin.getOverview', 'admin.saveSettings', 'admin.searchUsers', 'admin.searchProjects'])(
    '%s: a non-admin calling it directly is refused and gets no admin record; nothing is written',
    async (name) => {
      const sample = samples(site, today)[name];
      if (!sample) throw new Error(`no sample for ${name}`);
      for (const who of [U.marcus, U.grace, U.noah]) {
        const before = await site.lastSeq();
        const r = await site.invoke(ref(name), who, sample.payload, sample.where);
        expect(r.answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        const text = JSON.stringify(r.answer);
        for (const leak of ['reminderOffsets', 'history', 'sweepRuns', 'INC-3', 'Marcus', 'Liam', 'Payments'])
          expect(text).not.toContain(leak);
        expect(writes(await site.requests(before))).toEqual([]);
      }
    },
  );

  test('the control: Priya, the Jira admin, gets the settings and the sweep runs', async () => {
    const r = await site.invoke(ref('admin.getOverview'), U.priya, {}, { kind: 'page' });
    expect(r.answer?.ok).toBe(true);
    expect(JSON.stringify(r.answer)).toContain('reminderOffsets');
    expect((r.answer?.data as { sweepRuns: unknown[] }).sweepRuns.length).toBeGreaterThan(0);
  });
});
