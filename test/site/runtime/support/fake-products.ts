/**
 * A tiny in-memory stand-in for local/products, for the runtime tests only: it records every
 * request it is handed and answers a few Jira and Confluence calls. Users: alice (site admin), bob.
 */
import type { OutboxEntry, ProductRequest, ProductResponse, Products, SeedName, SiteUser } from '../../../../local/site-api';

export const ALICE = '5b10ac8d82e05b22cc7d4ef5';
export const BOB = '5b10a2844c20165700ede21g';

export class FakeProducts implements Products {
  readonly received: ProductRequest[] = [];
  private sent: OutboxEntry[] = [];
  seed: SeedName | undefined;
  /** One Confluence page carrying the app's macro (localId "m1"). */
  page = {
    id: '65537',
    title: 'Postmortem: checkout outage',
    status: 'current',
    spaceId: '98305',
    version: { number: 1 },
    body: {
      atlas_doc_format: {
        representation: 'atlas_doc_format',
        value: JSON.stringify({
          type: 'doc',
          version: 1,
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Summary <b>here</b>' }] },
            {
              type: 'extension',
              attrs: {
                extensionType: 'com.atlassian.ecosystem',
                extensionKey: '5d0c3e1a-7f3b-4c2e-9a61-2b8f0d4e6a17/env/static/postmortem-macro',
                localId: 'm1',
                parameters: { localId: 'm1', guestParams: { incidentKey: 'OPS-1' } },
              },
            },
          ],
        }),
      },
    },
  };

  async handle(req: ProductRequest): Promise<ProductResponse> {
    this.received.push(req);
    const json = (status: number, value: unknown): ProductResponse => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(value),
    });
    if (req.scopes && req.product === 'jira' && !req.scopes.includes('read:jira-work')) {
      return json(401, { code: 401, message: 'Unauthorized; scope does not match' });
    }
    const path = req.path.split('?')[0];
    if (req.method === 'GET' && path === '/rest/api/3/myself') {
      if (req.actor.kind !== 'user') return json(404, { errorMessages: ['No user'] });
      const u = this.users().find((x) => x.accountId === (req.actor.kind === 'user' ? req.actor.accountId : ''));
      return json(200, { accountId: u?.accountId, displayName: u?.displayName });
    }
    if (req.method === 'POST' && path === '/rest/api/3/permissions/check') {
      const me = this.users().find((x) => req.actor.kind === 'user' && x.accountId === req.actor.accountId);
      return json(200, { globalPermissions: me?.siteAdmin ? ['ADMINISTER'] : [], projectPermissions: [] });
    }
    const notify = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/notify$/.exec(path ?? '');
    if (req.method === 'POST' && notify) {
      const body: unknown = JSON.parse(req.body ?? '{}');
      const subject = typeof body === 'object' && body !== null && 'subject' in body ? String(body.subject) : '';
      this.sent.push({ issueKey: notify[1] ?? '', to: [], subject, textBody: '', htmlBody: '', at: new Date().toISOString() });
      return { status: 204, headers: {}, body: '' };
    }
    const page = /^\/wiki\/api\/v2\/pages\/(\d+)$/.exec(path ?? '');
    if (page && page[1] === this.page.id) {
      if (req.method === 'GET') return json(200, this.page);
      if (req.method === 'PUT') {
        const body: unknown = JSON.parse(req.body ?? '{}');
        const value =
          typeof body === 'object' &&
          body !== null &&
          'body' in body &&
          typeof body.body === 'object' &&
          body.body !== null &&
          'value' in body.body
            ? String(body.body.value)
            : '';
        this.page = {
          ...this.page,
          version: { number: this.page.version.number + 1 },
          body: { atlas_doc_format: { value, representation: 'atlas_doc_format' } },
        };
        return json(200, this.page);
      }
    }
    if (req.method === 'GET' && path?.startsWith('/rest/api/3/issue/')) {
      return json(200, { key: path.slice('/rest/api/3/issue/'.length), fields: { summary: 'Checkout is down' } });
    }
    return json(404, { errorMessages: [`fake products: no ${req.method} ${req.path}`] });
  }

  reset(seed: SeedName): void {
    this.seed = seed;
    this.sent = [];
  }

  outbox(): OutboxEntry[] {
    return this.sent;
  }

  users(): SiteUser[] {
    return [
      { accountId: ALICE, displayName: 'Alice Admin', emailAddress: 'alice@example.com', active: true, siteAdmin: true },
      { accountId: BOB, displayName: 'Bob Builder', emailAddress: 'bob@example.com', active: true, siteAdmin: false },
    ];
  }

  setUserActive(): SiteUser | undefined {
    return undefined;
  }
}
