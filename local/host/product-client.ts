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

  confluence(path: string): Promise<ProductAnswer> {
    return this.call('confluence', 'GET', path);
  }
}
