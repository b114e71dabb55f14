/**
 * The local site with the demo seed for the report's resolver tests: started on a random port with
 * its products at hand (to seed and read them), and the report resolver invoked as a person.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite } from '../../local/main';
import { createProducts, type LocalProducts } from '../../local/products';
import type { Envelope } from '../../src/contracts/resolver';

/** Starts the site in a fresh data folder named from `dirPrefix`. */
export async function startReportSite(dirPrefix: string): Promise<{ site: RunningSite; products: LocalProducts }> {
  let products: LocalProducts | undefined;
  const site = await startSite({
    port: 0,
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), dirPrefix)),
    seed: 'demo',
    createProducts: (deps) => (products = createProducts(deps)),
  });
  if (!products) throw new Error('the site started without creating its products');
  return { site, products };
}

/** The report resolver's answer to `accountId` (the envelope, as the report page gets it). */
export async function invokeReport<T>(siteUrl: string, accountId: string, resolver: string, payload: unknown): Promise<Envelope<T>> {
  const res = await fetch(`${siteUrl}/__site/invoke/report-resolver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId, resolver, payload, moduleKey: 'postmortem-report' }),
  });
  const body = (await res.json()) as { result?: Envelope<T>; error?: unknown };
  if (!body.result) throw new Error(`invoke ${resolver} failed: ${JSON.stringify(body)}`);
  return body.result;
}

/** The report resolver's data for `accountId`; fails with the error when it answered one. */
export async function reportData<T>(siteUrl: string, accountId: string, resolver: string, payload: unknown): Promise<T> {
  const r = await invokeReport<T>(siteUrl, accountId, resolver, payload);
  if (!r.ok) throw new Error(`${resolver} answered ${JSON.stringify(r.error)}`);
  return r.data;
}
