/**
 * The report's resolver through the local site with the demo seed (local/products/SEED.md):
 * what each person sees (read as that user), filters, sort, groups, paging, CSV export whose rows
 * match the screen and cannot become formulas, figures stamped with the time they are true as of,
 * product calls that do not grow with the number of open items, and CSV in parts that join to the
 * whole section.
 */
import type { RunningSite } from '../../../local/main';
import { DEMO, seedActionItems, type LocalProducts } from '../../../local/products';
import type { ReportOverview, SectionPage, CsvExport } from '../../../src/contracts/report';
import { invokeReport, reportData, startReportSite } from '../../support/report-site';

jest.setTimeout(180_000);

const U = DEMO.users;
let site: RunningSite;
let products: LocalProducts;

const invoke = <T>(accountId: string, resolver: string, payload: unknown) => invokeReport<T>(site.url, accountId, resolver, payload);
const ok = <T>(accountId: string, resolver: string, payload: unknown) => reportData<T>(site.url, accountId, resolver, payload);

const report = (who: string, filters: Record<string, unknown> = {}) => ok<ReportOverview>(who, 'report.getReport', { filters });
const keysOf = (r: ReportOverview, section: string) => {
  const s = r.sections.find((x) => x.section === section);
  return s ? (s.kind === 'postmortems' ? s.rows.map((x) => x.incidentKey) : s.rows.map((x) => x.key)) : [];
};
const allItemKeys = (r: ReportOverview) => ['overdue', 'due-soon', 'no-due-date', 'unassigned'].flatMap((s) => keysOf(r, s));

async function rest(accountId: string, method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(site.url + p, {
    method,
    headers: { 'x-local-account-id': accountId, 'content-type': 'application/json', accept: 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

function isoDaysFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  ({ site, products } = await startReportSite('report-site-'));
});

afterAll(async () => {
  await site?.stop();
});

describe('what each person sees (read as the viewing user)', () => {
  test('Priya (member of every project) sees the demo items in their sections and the review queue', async () => {
    const r = await report(U.priya.accountId);
    expect(keysOf(r, 'overdue')).toEqual(['PAY-4', 'PAY-3']); // most overdue first
    expect(keysOf(r, 'due-soon')).toEqual(expect.arrayContaining(['PLAT-1', 'PAY-2']));
    expect(keysOf(r, 'no-due-date')).toEqual(['PAY-5']);
    expect(keysOf(r, 'unassigned')).toEqual(['PLAT-2']);
    expect(keysOf(r, 'review-queue')).toEqual(['INC-3']);
    expect(r.buckets).toEqual({ '1-7': 1, '8-30': 1, 'over-30': 0 });
    const byManager = r.groups.byManager.find((g) => g.key === U.marcus.accountId);
    expect(byManager).toMatchObject({ label: 'Marcus Chen', count: 2 });
    const overdue = r.sections.find((s) => s.section === 'overdue');
    if (overdue?.kind !== 'items') throw new Error('overdue is an item section');
    expect(overdue.rows[0]).toMatchObject({ key: 'PAY-4', incidentKey: 'INC-3', bucket: '8-30' });
    expect(overdue.rows[0]?.itemUrl).toMatch(/\/browse\/PAY-4$/);
    expect(overdue.rows[0]?.postmortemUrl).toMatch(/^https?:\/\//);
  });

  test('Tom (Platform, not Payments) sees none of the PAY items, and PAY is not offered as a filter', async () => {
    const r = await report(U.tom.accountId);
    const keys = allItemKeys(r);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.startsWith('PAY-'))).toEqual([]);
    expect(r.filterOptions.projects.map((p) => p.value)).not.toContain('PAY');
    expect(r.groups.byProject.map((g) => g.key)).not.toContain('PAY');
  });

  test('Noah (Mobile only) sees no item and no postmortem of INC, PAY or PLAT', async () => {
    const r = await report(U.noah.accountId);
    expect(allItemKeys(r)).toEqual([]);
    expect(keysOf(r, 'review-queue')).toEqual([]);
    expect(r.filterOptions.projects).toEqual([]);
  });

  test('every product call of the report is made as the user, never as the app', async () => {
    await fetch(`${site.url}/__site/requests`, { method: 'DELETE' });
    await report(U.tom.accountId);
    const log = (await (await fetch(`${site.url}/__site/requests`)).json()) as Array<{ path: string; actor: 'app' | 'user' }>;
    const product = log.filter((x) => x.path.startsWith('/rest/') || x.path.startsWith('/wiki/'));
    expect(product.length).toBeGreaterThan(0);
    expect(product.filter((x) => x.actor !== 'user')).toEqual([]);
  });
});

describe('filters, sort, groups and paging', () => {
  test('the project filter narrows every section', async () => {
    const r = await report(U.priya.accountId, { projectKeys: ['PLAT'] });
    expect(allItemKeys(r).every((k) => k.startsWith('PLAT-'))).toBe(true);
    expect(allItemKeys(r).length).toBeGreaterThan(0);
  });

  test('the manager filter keeps the items of the projects that manager answers for', async () => {
    const r = await report(U.priya.accountId, { managerAccountId: U.grace.accountId });
    expect(allItemKeys(r).every((k) => k.startsWith('PLAT-'))).toBe(true);
  });

  test('the date range applies to due dates; an item without a due date still shows', async () => {
    const r = await report(U.priya.accountId, { from: isoDaysFromToday(-5), to: isoDaysFromToday(5) });
    expect(keysOf(r, 'overdue')).toEqual(['PAY-3']);
    expect(keysOf(r, 'no-due-date')).toEqual(['PAY-5']);
  });

  test('a reversed date range is refused with a message on the end date', async () => {
    const r = await invoke(U.priya.accountId, 'report.getReport', { filters: { from: '2026-03-10', to: '2026-03-01' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-input');
    expect(r.error.fields?.['filters.to']).toBe('The start date must be on or before the end date.');
  });

  test('a section sorts on request and pages', async () => {
    const asc = await ok<SectionPage>(U.priya.accountId, 'report.getSection', {
      filters: {},
      section: 'overdue',
      sort: { by: 'daysOverdue', direction: 'asc' },
    });
    expect(asc.kind === 'items' && asc.rows.map((r) => r.key)).toEqual(['PAY-3', 'PAY-4']);
    const first = await ok<SectionPage>(U.priya.accountId, 'report.getSection', { filters: {}, section: 'overdue', limit: 1 });
    expect(first.kind === 'items' && first.rows.map((r) => r.key)).toEqual(['PAY-4']);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await ok<SectionPage>(U.priya.accountId, 'report.getSection', {
      filters: {},
      section: 'overdue',
      offset: 1,
      limit: 1,
      pageToken: first.nextPageToken,
    });
    expect(second).toMatchObject({ total: 2, offset: 1 });
    expect(second.kind === 'items' && second.rows.map((r) => r.key)).toEqual(['PAY-3']);
    expect(second.nextPageToken).toBeUndefined();
  });

  test('a group shows only its items; a sort key of the other kind is refused', async () => {
    const g = await ok<SectionPage>(U.priya.accountId, 'report.getSection', {
      filters: {},
      section: 'overdue',
      group: { by: 'assignee', key: U.liam.accountId },
    });
    expect(g.kind === 'items' && g.rows.map((r) => r.key)).toEqual(['PAY-4']);
    const bad = await invoke(U.priya.accountId, 'report.getSection', {
      filters: {},
      section: 'review-queue',
      sort: { by: 'priority', direction: 'asc' },
    });
    expect(bad.ok).toBe(false);
  });
});

describe('CSV export', () => {
  const formulas = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3+cmd|calc', '@SUM(A1:A2)'];

  beforeAll(async () => {
    // Overdue action items whose summaries start with formula characters, created through Jira's REST as Priya.
    const projects = (await rest(U.priya.accountId, 'GET', '/rest/api/3/project/search?keys=PAY')) as { values: Array<{ id: string }> };
    const payId = projects.values[0]?.id;
    for (const [i, summary] of formulas.entries()) {
      const created = (await rest(U.priya.accountId, 'POST', '/rest/api/3/issue', {
        fields: {
          project: { id: payId },
          issuetype: { name: 'Task' },
          summary,
          labels: ['postmortem-action'],
          duedate: isoDaysFromToday(-40 - i),
          assignee: { accountId: U.liam.accountId },
        },
      })) as { key: string };
      await rest(U.priya.accountId, 'PUT', `/rest/api/3/issue/${created.key}/properties/postmortem-action`, {
        incidentKey: 'INC-3',
        creationKey: `csv-test-${i}-abcdef`,
      });
    }
  });

  test('text starting with =, +, - or @ cannot become a formula, and the rows are the screen’s rows in its order', async () => {
    const sort = { by: 'summary', direction: 'asc' } as const;
    const screen = await ok<SectionPage>(U.priya.accountId, 'report.getSection', { filters: {}, section: 'overdue', sort, limit: 200 });
    const csv = await ok<CsvExport>(U.priya.accountId, 'report.exportCsv', { filters: {}, section: 'overdue', sort });
    expect(csv.rows).toBe(screen.total);
    expect(csv.filename).toMatch(/^postmortem-report-overdue-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toMatch(/^"Item","Summary","Project","Incident","Assignee","Due date","Days overdue"/);
    const keys = lines.slice(1).map((l) => l.split(',')[0]!.replace(/^"|"$/g, ''));
    expect(keys).toEqual(screen.kind === 'items' ? screen.rows.map((r) => r.key) : []);
    // No cell may start with a formula character: each field is checked after CSV quoting is removed.
    const cells = lines.slice(1).flatMap((l) => l.match(/("([^"]|"")*"|[^,]*)/g) ?? []);
    for (const cell of cells) {
      const text = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(text).not.toMatch(/^[=+\-@\t\r]/);
    }
    for (const f of formulas) expect(csv.csv).toContain(`'${f.replace(/"/g, '""')}`);
  });

  test('the export of a group holds only the group', async () => {
    const csv = await ok<CsvExport>(U.priya.accountId, 'report.exportCsv', {
      filters: {},
      section: 'overdue',
      group: { by: 'assignee', key: U.sofia.accountId },
    });
    expect(csv.rows).toBe(1);
    expect(csv.csv).toContain('PAY-3');
  });

  test('a person who cannot browse PAY gets none of its rows in the file', async () => {
    const csv = await ok<CsvExport>(U.tom.accountId, 'report.exportCsv', { filters: {}, section: 'overdue' });
    expect(csv.csv).not.toMatch(/PAY-\d/);
  });
});

describe('figures are live counts, stamped with the time they are true as of', () => {
  test('every figure says when Jira answered it, and the page’s as-of is the oldest of them', async () => {
    const before = new Date().toISOString();
    const r = await report(U.priya.accountId);
    const after = new Date().toISOString();
    const stamps = [r.asOf, r.bucketsAsOf, ...r.sections.map((s) => s.asOf), ...r.groups.byProject.map((g) => g.asOf)];
    for (const at of stamps) {
      expect(at >= before && at <= after).toBe(true);
      expect(r.asOf <= at).toBe(true);
    }
  });

  test('a count equals what Jira counts for the viewer at that time', async () => {
    const r = await report(U.priya.accountId);
    const overdue = r.sections.find((s) => s.section === 'overdue')!;
    const jql = `labels = postmortem-action AND statusCategory != Done AND duedate < "${r.today}"`;
    const { count } = (await rest(U.priya.accountId, 'POST', '/rest/api/3/search/approximate-count', { jql })) as { count: number };
    expect(overdue.total).toBe(count);
    expect(r.buckets['1-7'] + r.buckets['8-30'] + r.buckets['over-30']).toBe(count);
  });
});

describe('scale: the product calls do not grow with the open items', () => {
  const seedMob = (count: number) =>
    seedActionItems(products.db, {
      projectKey: 'MOB',
      incidentKey: 'INC-4',
      count,
      assignees: [U.elena.accountId, U.noah.accountId, null],
      reporter: U.daniel.accountId,
      now: new Date(),
    });
  const calls = async () => {
    await fetch(`${site.url}/__site/requests`, { method: 'DELETE' });
    const r = await report(U.daniel.accountId);
    const log = (await (await fetch(`${site.url}/__site/requests`)).json()) as Array<{ path: string }>;
    const productCalls = log.filter((x) => x.path.startsWith('/rest/') || x.path.startsWith('/wiki/')).length;
    expect(r.productCalls).toBe(productCalls);
    return { r, productCalls };
  };

  test('1,000 and then 11,000 open items cost the same calls, and one page of each section crosses the bridge', async () => {
    seedMob(1_000);
    const small = await calls();
    seedMob(10_000);
    const large = await calls();
    const items = (r: ReportOverview) =>
      r.sections.filter((s) => s.kind === 'items' && s.section !== 'unassigned').reduce((n, s) => n + s.total, 0);
    expect(items(large.r)).toBeGreaterThan(items(small.r) + 5_000); // due dates spread ±60 days: overdue, due soon and later
    expect(large.r.sections.every((s) => s.rows.length <= 50)).toBe(true);
    expect(large.productCalls).toBe(small.productCalls);
  });

  test('the CSV of a section of any size comes in parts that join to the whole section, no row repeated or skipped', async () => {
    const parts: CsvExport[] = [];
    let token: string | undefined;
    do {
      const part = await ok<CsvExport>(U.daniel.accountId, 'report.exportCsv', {
        filters: { projectKeys: ['MOB'] },
        section: 'overdue',
        ...(token ? { pageToken: token } : {}),
      });
      parts.push(part);
      token = part.nextPageToken;
    } while (token);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.rows).toBeLessThanOrEqual(5_000);
    const joined = parts.map((p) => p.csv).join('');
    const lines = joined
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines.filter((l) => l.startsWith('"Item"'))).toHaveLength(1);
    const keys = lines.slice(1).map((l) => l.split(',')[0]!.replace(/^"|"$/g, ''));
    // Every overdue MOB item Daniel may browse, read from Jira directly.
    const expected: string[] = [];
    let next: string | undefined;
    do {
      const page = (await rest(U.daniel.accountId, 'POST', '/rest/api/3/search/jql', {
        jql: `project = MOB AND labels = postmortem-action AND statusCategory != Done AND duedate < "${parts[0]!.filename.slice(-14, -4)}"`,
        fields: ['key'],
        maxResults: 5000,
        ...(next ? { nextPageToken: next } : {}),
      })) as { issues: Array<{ key: string }>; nextPageToken?: string };
      expected.push(...page.issues.map((i) => i.key));
      next = page.nextPageToken;
    } while (next);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(parts[0]!.total);
    expect([...keys].sort()).toEqual([...expected].sort());
  });
});

describe('filtering by a project the viewer may not browse', () => {
  test('is refused with a plain sentence, naming the field, and shows nothing of it', async () => {
    const r = await invoke<ReportOverview>(U.noah.accountId, 'report.getReport', { filters: { projectKeys: ['PAY'] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-input');
    expect(r.error.message).toMatch(/projects you may browse/);
    expect(r.error.fields).toHaveProperty('projectKeys');
    expect(JSON.stringify(r)).not.toMatch(/PAY-\d/);
  });
});
