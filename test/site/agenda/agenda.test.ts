/**
 * The review meeting's agenda macro (`postmortem-agenda`, `agenda.getAgenda`) through the local
 * site with the demo seed (local/products/SEED.md): the same agenda, read by people with different
 * rights, lists for each only what they may see (read as them); the review queue carries each
 * postmortem's open findings and its author's reason; late postmortems include incidents tracked
 * from resolution without a page; overdue action items come by team (a project and its manager);
 * every list is bounded, with its total and the report's address; Jira refusing the viewer
 * outright gives a clear state; and the calls follow projects and teams, not open items.
 */
import type { Agenda } from '../../../src/contracts/agenda-macro';
import { AGENDA_TEAM_ITEMS } from '../../../src/contracts/agenda-macro';
import { seedActionItems } from '../../../local/products';
import { PostmortemSite, U } from '../postmortem/support';

jest.setTimeout(180_000);

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

type Env<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** The agenda as `as` sees it, from the macro on a page of space PM (the page names nothing the agenda reads). */
async function agenda(as: string): Promise<Agenda> {
  const r = await site.post('/__site/invoke/agenda-resolver', {
    accountId: as,
    resolver: 'agenda.getAgenda',
    payload: {},
    moduleKey: 'postmortem-agenda',
    context: { extension: { type: 'macro', content: { id: site.demoPageId(), type: 'page' } } },
  });
  const env = (r.json as { result: Env<Agenda> }).result;
  if (!env.ok) throw new Error(`agenda answered ${JSON.stringify(env.error)}`);
  return env.data;
}

const incidents = (rows: ReadonlyArray<{ incidentKey: string }>) => rows.map((r) => r.incidentKey);
const teams = (a: Agenda) => a.overdue.teams.map((t) => t.projectKey);
const itemKeys = (a: Agenda) => a.overdue.teams.flatMap((t) => t.rows.map((r) => r.key));

/** Summaries of the issues in `projects`: text a viewer who may not browse them must never receive. */
function summariesIn(projects: string[]): string[] {
  return [...site.db.issues()]
    .filter((i) => projects.includes(site.db.project(i.projectId)?.key ?? ''))
    .map((i) => i.summary)
    .filter((t) => t.length >= 12);
}

test('Priya (every project) and Tom (INC and PLAT) read the same agenda and get different lists; nothing of PAY reaches Tom', async () => {
  const priya = await agenda(U.priya);
  expect(priya.access).toBe('jira');
  expect(incidents(priya.reviewQueue.rows)).toEqual(['INC-3']);
  expect(incidents(priya.late.rows)).toEqual(['INC-1', 'INC-2']); // most late first, tracked from resolution, no page
  expect(priya.late.rows.every((r) => r.noPage)).toBe(true);
  // Overdue by team: PAY (its lead Marcus Chen; the seed names no managers) with PAY-4 (15 days) before PAY-3 (3 days).
  expect(teams(priya)).toEqual(['PAY']);
  const pay = priya.overdue.teams[0]!;
  expect(pay).toMatchObject({ projectName: 'Payments', total: 2, managers: [{ accountId: U.marcus, displayName: 'Marcus Chen' }] });
  expect(pay.rows.map((r) => [r.key, r.assignee?.displayName, r.daysOverdue])).toEqual([
    ['PAY-4', "Liam O'Connor", 15],
    ['PAY-3', 'Sofia Alvarez', 3],
  ]);
  expect(pay.rows[0]!.itemUrl).toMatch(/\/browse\/PAY-4$/);
  expect(priya.overdue.total).toBe(2);

  const tom = await agenda(U.tom);
  expect(tom.access).toBe('jira');
  expect(incidents(tom.reviewQueue.rows)).toEqual(['INC-3']);
  expect(incidents(tom.late.rows)).toEqual(['INC-1', 'INC-2']);
  expect(tom.overdue).toMatchObject({ total: 0, teams: [], moreTeams: 0 });
  const text = JSON.stringify(tom);
  expect(text).not.toMatch(/PAY-\d/);
  for (const summary of summariesIn(['PAY'])) expect(text).not.toContain(summary);
});

test('Noah (MOB only, not in space PM) sees his team’s overdue items and nothing of INC, PAY, PLAT or the PM space; Priya sees both teams', async () => {
  seedActionItems(site.db, {
    projectKey: 'MOB',
    incidentKey: 'INC-4',
    count: 12,
    assignees: [U.elena, U.noah],
    reporter: U.daniel,
    now: new Date(),
    spreadDays: 5, // due from 5 days ago to 5 days ahead: half of them overdue
  });
  const noah = await agenda(U.noah);
  expect(noah.projectsBrowsed).toBe(1);
  expect(noah.reviewQueue).toMatchObject({ total: 0, rows: [] });
  expect(noah.late).toMatchObject({ total: 0, rows: [] });
  expect(teams(noah)).toEqual(['MOB']);
  const mob = noah.overdue.teams[0]!;
  expect(mob.managers).toEqual([{ accountId: U.daniel, displayName: 'Daniel Kim' }]);
  expect(mob.total).toBeGreaterThan(0);
  expect(mob.rows.length).toBe(Math.min(mob.total, AGENDA_TEAM_ITEMS));
  expect(mob.rows.every((r) => r.key.startsWith('MOB-') && (r.daysOverdue ?? 0) >= 1)).toBe(true);
  const days = mob.rows.map((r) => r.daysOverdue ?? 0);
  expect(days).toEqual([...days].sort((a, b) => b - a)); // most overdue first
  const text = JSON.stringify(noah);
  for (const hidden of [...summariesIn(['INC', 'PAY', 'PLAT']), ...[...site.db.pages()].map((p) => p.title)].filter((t) => t.length >= 12))
    expect(text).not.toContain(hidden);
  expect(text).not.toMatch(/PAY-\d|PLAT-\d/);

  const priya = await agenda(U.priya);
  expect(teams(priya).sort()).toEqual(['MOB', 'PAY']);
  expect(priya.overdue.total).toBe(mob.total + 2);
  // The same team's list is the same for both (both may browse all of MOB).
  expect(itemKeys(priya).filter((k) => k.startsWith('MOB-'))).toEqual(mob.rows.map((r) => r.key));
});

test('the review queue carries the findings open when it was sent and the author’s reason; the week, time zone and as-of are given', async () => {
  const pageId = site.demoPageId();
  const written = await site.patchPageProperty(pageId, U.priya, {
    reviewRequest: {
      requestedBy: U.marcus,
      reason: 'The names are in the timeline only; the meeting decides.',
      findings: [{ kind: 'mention', section: 'Timeline', text: '@Tom Becker', occurrences: 2 }],
      findingsTotal: 1,
    },
  });
  expect(written).toBeLessThan(300);
  const before = new Date().toISOString();
  const a = await agenda(U.hannah); // browses INC and reads space PM, no action-item project
  const inc3 = a.reviewQueue.rows[0]!;
  expect(inc3).toMatchObject({
    incidentKey: 'INC-3',
    pageId,
    status: 'in-review',
    reviewRequest: {
      reason: 'The names are in the timeline only; the meeting decides.',
      findings: [{ kind: 'mention', section: 'Timeline', text: '@Tom Becker', occurrences: 2 }],
      findingsTotal: 1,
    },
  });
  expect(inc3.pageUrl).toMatch(new RegExp(`[/=]${pageId}$`));
  expect(a.people[inc3.ownerAccountId]).toBe('Marcus Chen');
  expect(a.overdue.teams).toEqual([]);
  // The week in the site's time zone (UTC in the seed), Monday to Sunday, around today.
  expect(a.timeZone).toBe('UTC');
  expect(new Date(`${a.week.start}T00:00:00Z`).getUTCDay()).toBe(1);
  expect(a.week.start <= a.today && a.today <= a.week.end).toBe(true);
  // As of: the oldest answer, not before the call.
  expect(a.asOf >= before.slice(0, 10)).toBe(true);
  expect([a.reviewQueue.asOf, a.late.asOf, a.overdue.asOf].every((t) => t >= a.asOf)).toBe(true);
  // Where the lists continue: Jira's address of the app's global page, which the local site serves.
  expect(a.reportUrl).toMatch(/\/jira\/apps\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
  const page = await fetch(a.reportUrl, { headers: { cookie: `local_site_user=${U.priya}` } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('forge-frame-postmortem-report');
});

test('a viewer Jira refuses outright (no Jira access) gets a clear state, no list and no error', async () => {
  await site.faults([{ pathPattern: '^/rest/api/3/project/search', target: 'jira', status: 403 }]);
  const a = await agenda(U.hannah);
  expect(a).toMatchObject({
    access: 'no-jira',
    projectsBrowsed: 0,
    reviewQueue: { total: 0, rows: [] },
    late: { total: 0, rows: [] },
    overdue: { total: 0, teams: [] },
  });
});

test('the calls follow projects and teams on screen, not the open items: 20 and 1,020 overdue-or-not items cost the same', async () => {
  const seedMob = (count: number) =>
    seedActionItems(site.db, {
      projectKey: 'MOB',
      incidentKey: 'INC-4',
      count,
      assignees: [U.elena, null],
      reporter: U.daniel,
      now: new Date(),
    });
  const calls = async () => {
    await fetch(`${site.url}/__site/requests`, { method: 'DELETE' });
    const a = await agenda(U.daniel);
    const log = await site.requests();
    const productCalls = log.filter((x) => x.path.startsWith('/rest/') || x.path.startsWith('/wiki/')).length;
    expect(a.productCalls).toBe(productCalls);
    return { a, productCalls };
  };
  seedMob(20);
  const small = await calls();
  seedMob(1_000);
  const large = await calls();
  expect(large.a.overdue.total).toBeGreaterThan(small.a.overdue.total + 300);
  expect(large.a.overdue.teams.every((t) => t.rows.length <= AGENDA_TEAM_ITEMS)).toBe(true);
  expect(large.productCalls).toBe(small.productCalls);
});
