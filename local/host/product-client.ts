/** The host pages read Jira and Confluence as the signed-in person, through the products' REST. */
import type { Products } from '../site-api';

export interface ProductAnswer {
  status: number;
  json: unknown;
  text: string;
}

export class ProductClient {
  constructor(
    private readonly products: Products,
    private readonly accountId: string,
  ) {}

  async call(product: 'jira' | 'confluence', method: string, path: string, body?: unknown): Promise<ProductAnswer> {
    const res = await this.products.handle({
      product,
      method,
      path,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      actor: { kind: 'user', accountId: this.accountId },
    });
    let json: unknown;
    try {
      json = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text: res.body };
  }

  jira(path: string): Promise<ProductAnswer> {
    return this.call('jira', 'GET', path);
  }

  /** Whether this person holds Jira's ADMINISTER global permission, asked as them about themselves. */
  async isJiraAdmin(): Promise<boolean> {
    const r = await this.call('jira', 'POST', '/rest/api/3/permissions/check', { globalPermissions: ['ADMINISTER'] });
    const granted = (r.json as { globalPermissions?: unknown } | undefined)?.globalPermissions;
    return r.status === 200 && Array.isArray(granted) && granted.includes('ADMINISTER');
  }

  confluence(path: string): Promise<ProductAnswer> {
    return this.call('confluence', 'GET', path);
  }
}
