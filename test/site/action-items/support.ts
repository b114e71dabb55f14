/** The local site with the demo seed, and helpers to call the app as a person would (through /__site/invoke). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite } from '../../../local/main';
import type { LocalProducts } from '../../../local/products';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/contracts/settings';
import { resolverName } from '../../../src/contracts/names';
import { CALLS } from '../../../src/contracts/surfaces';
import { siteRequest } from '../../support/site-http';
import { U, type Answer, type LoggedCall } from '../../support/demo-site';
export { U, type Answer, type LoggedCall };

export interface DemoSite {
  running: RunningSite;
  url: string;
  db: LocalProducts['db'];
  pageId: string;
  stop(): Promise<void>;
  reset(): Promise<void>;
  /** Stores site settings (the admin page's job) straight into app storage. */
  setSettings(patch: Partial<Settings>): void;
  invoke<T = unknown>(
    functionKey: 'macro-resolver' | 'panel-resolver',
    method: string,
    as: string,
    payload: unknown,
    context: Record<string, unknown>,
  ): Promise<Answer<T>>;
  macro<T = unknown>(method: string, as: string, payload: unknown, pageId?: string): Promise<Answer<T>>;
  panel<T = unknown>(as: string, issueKey: string): Promise<Answer<T>>;
  /** Product calls logged after `since` (a seq). */
  requests(since?: number): Promise<LoggedCall[]>;
  lastSeq(): Promise<number>;
  jira(method: string, p: string, as: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}

export async function startDemoSite(): Promise<DemoSite> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-items-site-'));
  const running = await startSite({ port: 0, dataDir, seed: 'demo' });
  const url = running.url;
  const db = (running.site.products as LocalProducts).db;
  const findPage = () => {
    const page = db.pages().find((p) => p.title.startsWith('Postmortem: INC-3'));
    if (!page) throw new Error('demo seed has no INC-3 postmortem page');
    return page.id;
  };
  const post = async (p: string, body: unknown) => {
    const res = await fetch(url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const site: DemoSite = {
    running,
    url,
    db,
    pageId: findPage(),
    async stop() {
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async reset() {
      const r = await post('/__site/reset', { seed: 'demo' });
      if (r.status !== 200) throw new Error(`reset failed: ${JSON.stringify(r.json)}`);
      site.pageId = findPage();
    },
    setSettings(patch) {
      const value = { ...DEFAULT_SETTINGS, ...patch };
      const answer = running.site.runtime.kvs.handle('/api/v1/set', JSON.stringify({ key: 'settings:v1', value }));
      if (answer.status >= 300) throw new Error(`could not store settings: ${answer.body}`);
    },
    async invoke<T>(
      functionKey: 'macro-resolver' | 'panel-resolver',
      method: string,
      as: string,
      payload: unknown,
      context: Record<string, unknown>,
    ) {
      const resolver = Object.hasOwn(CALLS[functionKey], method) ? resolverName(functionKey, method) : undefined;
      if (!resolver) throw new Error(`no resolver ${functionKey}.${method}`);
      const r = await post(`/__site/invoke/${functionKey}`, { accountId: as, resolver, payload, context });
      if (r.status !== 200) throw new Error(`invoke ${resolver} answered ${r.status}: ${JSON.stringify(r.json)}`);
      return (r.json as { result: Answer<T> }).result;
    },
    macro(method, as, payload, pageId) {
      const space = db.spaceByKey('PM');
      return site.invoke('macro-resolver', method, as, payload, {
        extension: { type: 'macro', content: { id: pageId ?? site.pageId }, space: { key: 'PM', id: space?.id ?? '1' } },
      });
    },
    panel(as, issueKey) {
      const issue = db.issueByKey(issueKey);
      const project = issue ? db.project(issue.projectId) : undefined;
      return site.invoke(
        'panel-resolver',
        'getOverview',
        as,
        {},
        {
          extension: {
            type: 'jira:issuePanel',
            issue: { key: issueKey, id: issue?.id ?? '1', type: 'Task' },
            project: { key: project?.key ?? 'X', id: project?.id ?? '1' },
          },
        },
      );
    },
    async requests(since = 0) {
      const res = await fetch(`${url}/__site/requests?since=${since}`);
      return (await res.json()) as LoggedCall[];
    },
    async lastSeq() {
      const all = await site.requests(0);
      return all.length ? (all[all.length - 1]?.seq ?? 0) : 0;
    },
    jira: (method, p, as, body) => siteRequest(url, method, p, body, as),
  };
  return site;
}

/** A fresh creation key, as the form makes one per draft. */
let n = 0;
export function creationKey(): string {
  n += 1;
  return `test-${process.pid}-${Date.now().toString(36)}-${n}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
