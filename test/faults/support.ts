/**
 * The local site for the fault suite: the demo seed plus bulk action items, short time limits so a
 * hung call kills an invocation within a second, the app's retry waits recorded instead of slept,
 * and helpers to compare the outbox with a fault-free run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite } from '../../local/main';
import { seedActionItems, type LocalProducts } from '../../local/products';
import { U, type LoggedCall } from '../support/demo-site';
export { U, type LoggedCall };
import type { TimeLimits } from '../../local/runtime';
import type { OutboxEntry } from '../../local/site-api';
import * as appClock from '../../src/adapters/clock';
import { setSleepForTests } from '../../src/adapters/http';
import { siteRequest, type SiteAnswer } from '../support/site-http';

export interface Invocation {
  id: string;
  functionKey: string;
  outcome: string;
  durationMs: number;
}

export class FaultSite {
  readonly sleeps: number[] = [];
  private restore: Array<() => void> = [];

  private constructor(
    readonly running: RunningSite,
    private readonly dataDir: string,
  ) {}

  /** `storageQuotas: false` only where the app is known to exceed Forge's storage quotas today (say why there). */
  static async start(timeLimits: Partial<TimeLimits>, options: { storageQuotas?: boolean } = {}): Promise<FaultSite> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-site-'));
    const running = await startSite({
      port: 0,
      dataDir,
      seed: 'demo',
      timeLimits,
      ...(options.storageQuotas === false ? { storageQuotas: false } : {}),
    });
    const site = new FaultSite(running, dataDir);
    const spy = jest.spyOn(appClock, 'now').mockImplementation(() => running.site.clock.now());
    site.restore.push(() => spy.mockRestore());
    site.restore.push(
      setSleepForTests(async (ms) => {
        site.sleeps.push(ms);
      }),
    );
    return site;
  }

  get url(): string {
    return this.running.url;
  }
  get db(): LocalProducts['db'] {
    return (this.running.site.products as LocalProducts).db;
  }

  async stop(): Promise<void> {
    for (const r of this.restore.reverse()) r();
    await this.running.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  call(method: string, p: string, body?: unknown, as?: string): Promise<SiteAnswer> {
    return siteRequest(this.url, method, p, body, as);
  }

  /** Demo seed at 09:00 of its day, plus `extra` open action items over INC-1, INC-2 and INC-4. */
  async reset(extra = 0): Promise<string> {
    const r = await this.call('POST', '/__site/reset', { seed: 'demo' });
    if (r.status !== 200) throw new Error(`reset: ${JSON.stringify(r.json)}`);
    const today = String((r.json as { now: string }).now).slice(0, 10);
    await this.call('PUT', '/__site/clock', { now: `${today}T09:00:00.000Z` });
    await this.faults([]);
    const now = this.running.site.clock.now();
    const per = Math.ceil(extra / 3);
    for (const [i, incidentKey] of ['INC-1', 'INC-2', 'INC-4'].entries()) {
      const count = Math.min(per, extra - i * per);
      if (count > 0)
        seedActionItems(this.db, {
          projectKey: 'PAY',
          incidentKey,
          count,
          assignees: [U.sofia, U.liam, null],
          reporter: U.marcus,
          now,
          spreadDays: 20,
        });
    }
    this.sleeps.length = 0;
    return today;
  }

  async faults(rules: unknown[]): Promise<void> {
    const r = await this.call('PUT', '/__site/faults', { rules });
    if (r.status !== 200) throw new Error(`faults: ${r.status} ${JSON.stringify(r.json)}`);
  }

  async sweep(): Promise<{ status: number; json: unknown }> {
    return this.call('POST', '/__site/scheduled/postmortem-sweep');
  }

  outbox(): OutboxEntry[] {
    return this.db.outbox();
  }

  async requests(since = 0): Promise<LoggedCall[]> {
    return (await this.call('GET', `/__site/requests?since=${since}`)).json as LoggedCall[];
  }
  async lastSeq(): Promise<number> {
    return (await this.requests()).at(-1)?.seq ?? 0;
  }
  async invocations(): Promise<Invocation[]> {
    return (await this.call('GET', '/__site/invocations')).json as Invocation[];
  }

  /** Lets calls still running in killed invocations end (their hang is at most `ms`). */
  async settle(ms = 1800): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await this.running.site.runtime.queue.drain();
  }
}

/** One mail as a comparable line: what, about which issue, to whom. */
export function mailKey(m: OutboxEntry): string {
  return `${m.issueKey} | ${m.subject} | ${[...m.to].sort().join(',')}`;
}

export function counts(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** Mails missing from `actual` and mails sent more often than in `expected`. */
export function compareMails(expected: string[], actual: string[]): { missing: string[]; extra: string[] } {
  const e = counts(expected);
  const a = counts(actual);
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [k, n] of e) if ((a.get(k) ?? 0) < n) missing.push(k);
  for (const [k, n] of a) if (n > (e.get(k) ?? 0)) extra.push(`${k} ×${n - (e.get(k) ?? 0)}`);
  return { missing, extra };
}

/** A small deterministic PRNG (mulberry32) so a random kill can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
