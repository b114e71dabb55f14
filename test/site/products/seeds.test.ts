import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createProducts, seedActionItems } from '../../../local/products';
import { demoSeedMarkdown } from '../../../local/products/seeds/demo';
import { EMPTY_USERS } from '../../../local/products/seeds/empty';
import { openStore } from '../../../local/store';
import type { Clock } from '../../../local/site-api';
import { jql, keys, makeSite, NOW, U } from './site';

describe('seeds', () => {
  it('SEED.md is the generated documentation of the demo seed', () => {
    expect(fs.readFileSync(path.join(__dirname, '../../../local/products/SEED.md'), 'utf8')).toBe(demoSeedMarkdown());
  });

  it('empty: a handful of users, no issues; reset replaces all state', async () => {
    const s = makeSite('demo');
    s.products.reset('empty');
    expect(
      s.products
        .users()
        .map((u) => u.accountId)
        .sort(),
    ).toEqual(Object.values(EMPTY_USERS).sort());
    expect(s.products.users().filter((u) => u.siteAdmin)).toHaveLength(1);
    expect(keys(await jql(s, 'project in (INC, OPS)'))).toEqual([]);
    expect(s.products.outbox()).toEqual([]);
  });

  it('demo: one site admin, an inactive user, the postmortem linked both ways', async () => {
    const s = makeSite('demo');
    expect(
      s.products
        .users()
        .filter((u) => u.siteAdmin)
        .map((u) => u.accountId),
    ).toEqual([U.priya]);
    expect(
      s.products
        .users()
        .filter((u) => !u.active)
        .map((u) => u.accountId),
    ).toEqual([U.olivia]);
    const inc = (await s.jira('GET', '/rest/api/3/issue/INC-3?fields=summary&properties=postmortem')).json as {
      properties: { postmortem: { pageId: string; status: string } };
    };
    expect(inc.properties.postmortem.status).toBe('in-review');
    const props = (await s.conf('GET', `/wiki/api/v2/pages/${inc.properties.postmortem.pageId}/properties?key=postmortem`)).json as {
      results: Array<{ value: { incidentKey: string } }>;
    };
    expect(props.results[0]?.value.incidentKey).toBe('INC-3');
    const remote = (await s.jira('GET', '/rest/api/3/issue/INC-3/remotelink')).json as Array<{ globalId: string }>;
    expect(remote.map((r) => r.globalId)).toEqual([`postmortem-page=${inc.properties.postmortem.pageId}`]);
    expect(
      keys(
        await jql(
          s,
          'project = INC AND issuetype = Incident AND statusCategory = done AND postmortemStatus is EMPTY AND resolved >= "-7d"',
        ),
      ),
    ).toEqual(['INC-4']);
  });

  it('demo dates follow the clock at reset time', async () => {
    const later = new Date('2027-01-15T09:00:00Z');
    const s = makeSite('demo', later);
    const r = (await s.jira('GET', '/rest/api/3/issue/PLAT-1?fields=duedate')).json as { fields: { duedate: string } };
    expect(r.fields.duedate).toBe('2027-01-15');
  });

  it('state persists in the durable store across reopen', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'products-'));
    const clock: Clock = { now: () => NOW, set: () => undefined };
    const store = openStore(dir);
    const p = createProducts({ store, clock });
    p.reset('demo');
    await p.handle({
      product: 'jira',
      method: 'PUT',
      path: '/rest/api/3/issue/PAY-2/properties/x',
      headers: {},
      body: '{"v":1}',
      actor: { kind: 'app' },
    });
    store.close();
    const p2 = createProducts({ store: openStore(dir), clock });
    const r = await p2.handle({
      product: 'jira',
      method: 'GET',
      path: '/rest/api/3/issue/PAY-2/properties/x',
      headers: {},
      actor: { kind: 'app' },
    });
    expect(JSON.parse(r.body)).toEqual({ key: 'x', value: { v: 1 } });
    const c = await p2.handle({
      product: 'jira',
      method: 'POST',
      path: '/rest/api/3/issue',
      headers: {},
      body: JSON.stringify({ fields: { project: { key: 'PAY' }, issuetype: { name: 'Task' }, summary: 'after reopen' } }),
      actor: { kind: 'app' },
    });
    expect(JSON.parse(c.body)).toMatchObject({ key: 'PAY-8' });
  });

  it('bulk-seeds open action items that search and paging see', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-'));
    const clock: Clock = { now: () => NOW, set: () => undefined };
    const p = createProducts({ store: openStore(dir), clock });
    p.reset('demo');
    const n = seedActionItems(p.db, {
      projectKey: 'PAY',
      incidentKey: 'INC-3',
      count: 12_000,
      assignees: [U.sofia, U.liam, null],
      reporter: U.marcus,
      now: NOW,
      batchSize: 5000,
    });
    expect(n).toBe(12_000);
    const first = await p.handle({
      product: 'jira',
      method: 'POST',
      path: '/rest/api/3/search/jql',
      headers: {},
      body: JSON.stringify({
        jql: 'labels = postmortem-action AND statusCategory != done AND assignee is EMPTY',
        maxResults: 5000,
        fields: ['id'],
      }),
      actor: { kind: 'app' },
    });
    const body = JSON.parse(first.body) as { issues: unknown[]; isLast: boolean; nextPageToken?: string };
    expect(body.issues).toHaveLength(4001); // 4000 bulk + PLAT-2
    expect(body.isLast).toBe(true);
    const overdue = await p.handle({
      product: 'jira',
      method: 'POST',
      path: '/rest/api/3/search/jql',
      headers: {},
      body: JSON.stringify({
        jql: 'postmortemIncident = INC-3 AND duedate < startOfDay() AND statusCategory != done',
        maxResults: 100,
        fields: ['duedate'],
      }),
      actor: { kind: 'app' },
    });
    const ob = JSON.parse(overdue.body) as { issues: unknown[]; isLast: boolean; nextPageToken?: string };
    expect(ob.issues).toHaveLength(100);
    expect(ob.isLast).toBe(false);
    expect(typeof ob.nextPageToken).toBe('string');
  });
});
