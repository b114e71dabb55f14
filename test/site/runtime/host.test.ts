/**
 * The HTTP side of the site beyond the control API: REST passthrough, resources with the bridge
 * client injected, and the bridge endpoints a host page calls for its Custom UI iframes.
 */
import * as http from 'node:http';
import { BOB, ALICE } from './support/fake-products';
import { startTestSite, type TestSite } from './support/site';

function rawGet(url: string, path: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('site HTTP: REST, resources, bridge endpoints', () => {
  let site: TestSite;
  beforeEach(async () => {
    site = await startTestSite({ seed: 'demo' });
  });
  afterEach(async () => {
    await site.stop();
  });

  test('REST passthrough acts as the X-Local-Account-Id user with no scope check, and 401s without it', async () => {
    const res = await fetch(`${site.url}/rest/api/3/myself`, { headers: { 'X-Local-Account-Id': BOB } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accountId: BOB, displayName: 'Bob Builder' });
    const last = site.products.received[site.products.received.length - 1];
    expect(last?.actor).toEqual({ kind: 'user', accountId: BOB });
    expect(last?.scopes).toBeUndefined();
    expect((await fetch(`${site.url}/rest/api/3/myself`)).status).toBe(401);
    const wiki = await fetch(`${site.url}/wiki/api/v2/pages/65537`, { headers: { 'X-Local-Account-Id': ALICE } });
    expect(wiki.status).toBe(200);
    expect(site.products.received[site.products.received.length - 1]?.product).toBe('confluence');
  });

  test('a resource index.html gets the bridge client before the app bundle; paths cannot leave the folder', async () => {
    const res = await fetch(`${site.url}/__resources/panel-icon/icon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    // The URL parser folds `..` away before routing; whatever is left must not reach outside the folder.
    for (const p of [
      '/__resources/panel-icon/../../package.json',
      '/__resources/panel-icon/%2e%2e/%2e%2e/package.json',
      '/__resources/panel-icon/..%2f..%2fpackage.json',
    ]) {
      expect([403, 404]).toContain(await rawGet(site.url, p));
    }
    expect((await fetch(`${site.url}/__resources/nope/`)).status).toBe(404);
    const client = await fetch(`${site.url}/__host/bridge-client.js`);
    expect(await client.text()).toContain('window.__bridge');
  });

  test('/__host/invoke runs the module resolver as the signed-in user with the extension the page gave', async () => {
    const res = await fetch(`${site.url}/__host/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `local_site_user=${BOB}` },
      body: JSON.stringify({
        moduleKey: 'postmortem-panel',
        localId: 'panel-1',
        resolver: 'whoami',
        payload: { x: 1 },
        target: { type: 'jira:issuePanel', issue: { key: 'OPS-1', id: '10001', type: 'Incident' }, project: { key: 'OPS', id: '10000' } },
      }),
    });
    expect(res.status).toBe(200);
    const json: { result: { aaid: string; payload: unknown; context: { localId: string; extension: { issue: { key: string } } } } } =
      await res.json();
    expect(json.result.aaid).toBe(BOB);
    expect(json.result.payload).toEqual({ x: 1 });
    expect(json.result.context.localId).toBe('panel-1');
    expect(json.result.context.extension.issue.key).toBe('OPS-1');
  });

  test('/__host/fetch is requestJira as the signed-in user with the manifest scopes', async () => {
    const res = await fetch(`${site.url}/__host/fetch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `local_site_user=${ALICE}` },
      body: JSON.stringify({ product: 'jira', restPath: '/rest/api/3/myself', method: 'GET', headers: [['accept', 'application/json']] }),
    });
    const json: { status: number; body: string } = await res.json();
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body)).toMatchObject({ accountId: ALICE });
    const last = site.products.received[site.products.received.length - 1];
    expect(last?.actor).toEqual({ kind: 'user', accountId: ALICE });
    expect(last?.scopes).toContain('read:jira-work');
  });

  test('/__host/macro-config writes the config into the macro node of the page ADF as a new version', async () => {
    const res = await fetch(`${site.url}/__host/macro-config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `local_site_user=${ALICE}` },
      body: JSON.stringify({ pageId: '65537', localId: 'm1', config: { incidentKey: 'OPS-9' } }),
    });
    expect(res.status).toBe(200);
    expect(site.products.page.version.number).toBe(2);
    const doc: { content: Array<{ type: string; attrs?: { parameters?: { guestParams?: unknown } } }> } = JSON.parse(
      site.products.page.body.atlas_doc_format.value,
    );
    expect(doc.content.find((n) => n.type === 'extension')?.attrs?.parameters?.guestParams).toEqual({ incidentKey: 'OPS-9' });
    const missing = await fetch(`${site.url}/__host/macro-config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `local_site_user=${ALICE}` },
      body: JSON.stringify({ pageId: '65537', localId: 'nope', config: {} }),
    });
    expect(missing.status).toBe(404);
  });

  test('host pages render with the user switcher; the page body escapes product text', async () => {
    const res = await fetch(`${site.url}/confluence/pages/65537`, { headers: { cookie: `local_site_user=${BOB}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Summary &lt;b&gt;here&lt;/b&gt;');
    expect(html).toContain('data-testid="forge-frame-postmortem-macro"');
    expect(html).toContain('data-testid="edit-macro"');
    expect(html).toMatch(/<option value="5b10a2844c20165700ede21g" selected>Bob Builder/);
    for (const p of [
      '/',
      '/jira/apps/postmortem-report',
      '/jira/settings/apps/postmortem-settings',
      '/outbox',
      '/scheduler',
      '/requests',
    ]) {
      expect((await fetch(site.url + p)).status).toBe(200);
    }
    expect((await fetch(`${site.url}/jira/apps/postmortem-settings`)).status).toBe(404);
    expect(
      (await fetch(`${site.url}/jira/settings/apps/postmortem-settings`, { headers: { cookie: `local_site_user=${BOB}` } })).status,
    ).toBe(403);
    const browse = await fetch(`${site.url}/browse/OPS-1`, { redirect: 'manual' });
    expect([browse.status, browse.headers.get('location')]).toEqual([302, '/jira/browse/OPS-1']);
    const wiki = await fetch(`${site.url}/wiki/spaces/PM/pages/65537/Postmortem`, { redirect: 'manual' });
    expect([wiki.status, wiki.headers.get('location')]).toEqual([302, '/confluence/pages/65537']);
  });
});
