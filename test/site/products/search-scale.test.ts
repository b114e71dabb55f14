/**
 * The local Jira's search scales: a page of a key-ordered or indexed query reads issues in
 * proportion to the page, not to the site (counted as issue reads, never timed), and paging with
 * `nextPageToken` still returns exactly the issues a full filter would, in order.
 */
import { seedActionItems } from '../../../local/products';
import { makeSite, NOW, U, type TestSite } from './site';

const J = '/rest/api/3';

interface Page {
  issues: Array<{ key: string }>;
  isLast: boolean;
  nextPageToken?: string;
}

function seeded(count: number): TestSite {
  const s = makeSite('demo');
  const db = s.products.db;
  seedActionItems(db, {
    projectKey: 'PAY',
    incidentKey: 'INC-3',
    count: count / 2,
    assignees: [U.sofia, null],
    reporter: U.marcus,
    now: NOW,
  });
  seedActionItems(db, { projectKey: 'PLAT', incidentKey: 'INC-1', count: count / 2, assignees: [U.tom], reporter: U.grace, now: NOW });
  return s;
}

/** Issue records read while `fn` runs. */
/** The done action items in the site, in Jira's key order: the demo seed's only (the seeded ones are all open). */
function doneDemoItems(s: TestSite): string[] {
  const keys = [...s.products.db.issues()]
    .filter((i) => i.labels.includes('postmortem-action') && i.statusId === '10001')
    .map((i) => i.key);
  const part = (k: string): [string, number] => [k.split('-')[0] ?? '', Number(k.split('-')[1])];
  return keys.sort((a, b) => {
    const [pa, na] = part(a);
    const [pb, nb] = part(b);
    return pa === pb ? na - nb : pa < pb ? -1 : 1;
  });
}

async function readsDuring<T>(s: TestSite, fn: () => Promise<T>): Promise<{ value: T; reads: number }> {
  const db = s.products.db;
  const spy = jest.spyOn(db, 'issue');
  const scan = jest.spyOn(db, 'issues');
  try {
    const value = await fn();
    expect(scan).not.toHaveBeenCalled();
    return { value, reads: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
    scan.mockRestore();
  }
}

async function page(s: TestSite, jql: string, maxResults: number, token?: string, as?: string): Promise<Page> {
  const r = await s.jira(
    'POST',
    `${J}/search/jql`,
    { jql, maxResults, fields: ['key'], ...(token ? { nextPageToken: token } : {}) },
    as ? { as } : {},
  );
  if (r.status !== 200) throw new Error(`${jql} → ${r.status} ${r.text}`);
  return r.json as Page;
}

const SWEEP_LIKE =
  '(labels = postmortem-action AND statusCategory != Done AND (duedate <= "2026-03-11" OR duedate IS EMPTY)) OR (issue.property[postmortem].status = draft AND issue.property[postmortem].dueDate <= "2026-03-11") ORDER BY key ASC';

describe('search at scale (issue reads per page, not time)', () => {
  it('a page of the sweep-like query reads about a page of issues at 2,000 and at 40,000 items', async () => {
    const readsAt = async (n: number) => {
      const s = seeded(n);
      const first = await readsDuring(s, () => page(s, SWEEP_LIKE, 100));
      expect(first.value.issues).toHaveLength(100);
      const second = await readsDuring(s, () => page(s, SWEEP_LIKE, 100, first.value.nextPageToken));
      expect(second.value.issues).toHaveLength(100);
      return Math.max(first.reads, second.reads);
    };
    const small = await readsAt(2_000);
    const large = await readsAt(40_000);
    // Items due after the bound are passed over: a few hundred reads for a page of 100, whatever the size.
    expect(small).toBeLessThan(400);
    expect(large).toBeLessThan(400);
  });

  it('a page of a rare indexed clause reads only its candidates', async () => {
    const s = seeded(20_000);
    const r = await readsDuring(s, () => page(s, 'labels = postmortem-action AND statusCategory = Done ORDER BY key', 50));
    // Only the demo seed's done items (MOB-3..7 of its year of practice, PAY-1); every seeded item is open.
    expect(r.value.issues.map((i) => i.key)).toEqual(doneDemoItems(s));
    expect(r.reads).toBeLessThan(10);
  });

  it('paging by token returns every hit exactly once, in key order, as a full filter would', async () => {
    const s = seeded(3_000);
    const jql = 'labels = postmortem-action AND statusCategory != Done AND duedate <= "2026-03-04" ORDER BY key DESC';
    const seen: string[] = [];
    let token: string | undefined;
    for (let n = 0; n < 100; n++) {
      const p = await page(s, jql, 97, token);
      seen.push(...p.issues.map((i) => i.key));
      if (p.isLast) break;
      token = p.nextPageToken;
    }
    const expected = [...s.products.db.issues()]
      .filter((i) => i.labels.includes('postmortem-action') && i.statusId !== '10001' && i.duedate !== null && i.duedate <= '2026-03-04')
      .map((i) => i.key)
      .sort((a, b) => {
        const [pa, na] = [a.split('-')[0] ?? '', Number(a.split('-')[1])];
        const [pb, nb] = [b.split('-')[0] ?? '', Number(b.split('-')[1])];
        return pa === pb ? nb - na : pa < pb ? 1 : -1;
      });
    expect(seen).toHaveLength(expected.length);
    expect(seen).toEqual(expected);
  });

  it('a user pages only through the projects they may browse', async () => {
    const s = seeded(2_000);
    // Noah Fischer sees only MOB (the demo's done items there): the key walk never enters PAY or PLAT.
    const r = await readsDuring(s, () => page(s, 'labels = postmortem-action ORDER BY key', 100, undefined, U.noah));
    const mob = doneDemoItems(s).filter((k) => k.startsWith('MOB-'));
    expect(mob.length).toBeGreaterThan(0);
    expect(r.value.issues.map((i) => i.key)).toEqual(mob);
    expect(r.value.isLast).toBe(true);
    expect(r.reads).toBeLessThan(10);
  });

  it('an issue edited between pages moves between postings', async () => {
    const s = seeded(200);
    const before = await page(s, 'labels = postmortem-action AND statusCategory = Done ORDER BY key', 50);
    expect(before.issues.map((i) => i.key)).toEqual(doneDemoItems(s));
    const db = s.products.db;
    const item = db.issueByKey('PLAT-10');
    if (!item) throw new Error('PLAT-10 missing');
    db.putIssue({ ...structuredClone(item), statusId: '10001', labels: ['postmortem-action'] });
    const after = await page(s, 'labels = postmortem-action AND statusCategory = Done ORDER BY key', 50);
    expect(after.issues.map((i) => i.key)).toEqual([...doneDemoItems(s).filter((k) => k !== 'PLAT-10'), 'PLAT-10']);
    const open = await page(s, 'labels = postmortem-action AND statusCategory != Done AND key = PLAT-10 ORDER BY key', 50);
    expect(open.issues).toEqual([]);
  });
});

describe('POST /rest/api/3/search/approximate-count', () => {
  it('counts what the caller may browse, from the indexes, without reading every issue', async () => {
    const s = seeded(4_000);
    const count = async (jql: string, as?: string) => {
      const r = await s.jira('POST', `${J}/search/approximate-count`, { jql }, as ? { as } : {});
      if (r.status !== 200) throw new Error(`${jql} → ${r.status} ${r.text}`);
      return (r.json as { count: number }).count;
    };
    const open = 'labels = postmortem-action AND statusCategory != Done';
    const all = [...s.products.db.issues()].filter((i) => i.labels.includes('postmortem-action') && i.statusId !== '10001');
    expect(await count(open)).toBe(all.length);
    expect(await count(`${open} AND project = PLAT`)).toBe(all.filter((i) => i.key.startsWith('PLAT-')).length);
    // Noah browses only MOB: none of these are his to count.
    expect(await count(open, U.noah)).toBe(0);
    const rare = await readsDuring(s, () => count('labels = postmortem-action AND statusCategory = Done'));
    expect(rare.value).toBe(doneDemoItems(s).length);
    expect(rare.reads).toBeLessThan(10);
    const bad = await s.jira('POST', `${J}/search/approximate-count`, { jql: 'ORDER BY key' });
    expect(bad.status).toBe(400);
  });
});
