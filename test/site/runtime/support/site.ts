/** Starts the local site on a random port with the fake products and the fixture app. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite, type StartSiteOptions } from '../../../../local/main';
import { FakeProducts } from './fake-products';
import * as fixtureApp from './fixture-app';

export interface TestSite extends RunningSite {
  products: FakeProducts;
  dataDir: string;
  post(path: string, body?: unknown): Promise<{ status: number; json: unknown; headers: Headers }>;
  put(path: string, body?: unknown): Promise<{ status: number; json: unknown; headers: Headers }>;
  get(path: string): Promise<{ status: number; json: unknown; headers: Headers }>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'local-site-test-'));
}

export async function startTestSite(opts: Partial<StartSiteOptions> & { products?: FakeProducts } = {}): Promise<TestSite> {
  const products = opts.products ?? new FakeProducts();
  const dataDir = opts.dataDir ?? tempDir();
  const running = await startSite({ port: 0, dataDir, loadApp: () => fixtureApp, createProducts: () => products, ...opts });
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(running.url + p, {
      method,
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, headers: res.headers };
  };
  return {
    ...running,
    products,
    dataDir,
    post: (p, b) => call('POST', p, b),
    put: (p, b) => call('PUT', p, b),
    get: (p) => call('GET', p),
  };
}
