/**
 * The local site with the real app and the real products, started in-process for the sweep's
 * integration tests; every call goes through the control API (README, "The local Atlassian site").
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite } from '../../../../local/main';
import type { TimeLimits } from '../../../../local/runtime';
import type { LatencyProfile } from '../../../../local/runtime/latency';
import type { LoggedRequest } from '../../../../local/runtime/request-log';
import type { OutboxEntry } from '../../../../local/site-api';
import { setSleepForTests } from '../../../../src/adapters/http';
import { setStorageSleepForTests } from '../../../../src/adapters/ledger';
import { siteRequest } from '../../../support/site-http';

import type { LoggedCall } from '../../../support/demo-site';

export type { LoggedCall };

export interface SweepSite {
  running: RunningSite;
  dataDir: string;
  call(method: string, p: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  reset(): Promise<void>;
  /** The value the app stored under `key` (read straight from app storage), undefined when none. */
  stored(key: string): unknown;
  /** Resets the site to the demo seed; answers the seed's today (YYYY-MM-DD). */
  resetSeedToday(): Promise<string>;
  setClock(iso: string): Promise<void>;
  sweep(): Promise<{ status: number; json: unknown }>;
  outbox(): Promise<OutboxEntry[]>;
  requests(since?: number): Promise<LoggedCall[]>;
  faults(rules: unknown[]): Promise<void>;
  /** Waits recorded by send() (Retry-After and backoff), in ms; none is actually slept. */
  sleeps: number[];
  stop(): Promise<void>;
}

/** `storageQuotas: false` only where a test must exceed Forge's storage quotas (say why there); `latency` a latency profile. */
export async function startSweepSite(
  timeLimits?: Partial<TimeLimits>,
  options: { storageQuotas?: boolean; latency?: LatencyProfile } = {},
): Promise<SweepSite> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-site-'));
  const running = await startSite({
    port: 0,
    dataDir,
    seed: 'demo',
    ...(timeLimits ? { timeLimits } : {}),
    ...(options.storageQuotas === false ? { storageQuotas: false } : {}),
    ...(options.latency ? { latency: options.latency } : {}),
  });
  const sleeps: number[] = [];
  const restoreSleep = setSleepForTests(async (ms) => {
    sleeps.push(ms);
  });
  const restoreStorageSleep = setStorageSleepForTests(async () => undefined);
  const call = (method: string, p: string, body?: unknown) => siteRequest(running.url, method, p, body);
  return {
    running,
    dataDir,
    call,
    sleeps,
    async reset() {
      const r = await call('POST', '/__site/reset', { seed: 'demo' });
      if (r.status !== 200) throw new Error(`reset: ${r.status} ${JSON.stringify(r.json)}`);
    },
    stored: (key) =>
      (JSON.parse(running.site.runtime.kvs.handle('/api/v1/get', JSON.stringify({ key })).body) as { value?: unknown }).value,
    async resetSeedToday() {
      const r = await call('POST', '/__site/reset', { seed: 'demo' });
      return String((r.json as { now: string }).now).slice(0, 10);
    },
    async setClock(iso) {
      const r = await call('PUT', '/__site/clock', { now: iso });
      if (r.status !== 200) throw new Error(`clock: ${r.status} ${JSON.stringify(r.json)}`);
    },
    sweep: () => call('POST', '/__site/scheduled/postmortem-sweep'),
    async outbox() {
      return (await call('GET', '/__site/outbox')).json as OutboxEntry[];
    },
    async requests(since = 0) {
      return (await call('GET', `/__site/requests?since=${since}`)).json as LoggedCall[];
    },
    async faults(rules) {
      const r = await call('PUT', '/__site/faults', { rules });
      if (r.status !== 200) throw new Error(`faults: ${r.status} ${JSON.stringify(r.json)}`);
    },
    async stop() {
      restoreSleep();
      restoreStorageSleep();
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Records the storage (KVS) calls the site logs from now on, until `stop()`. */
export function recordStorageCalls(site: SweepSite): { calls: LoggedRequest[]; stop(): void } {
  const log = site.running.site.runtime.requestLog;
  const calls: LoggedRequest[] = [];
  const add = log.add.bind(log);
  log.add = (entry) => {
    const full = add(entry);
    if (full.target === 'kvs') calls.push(full);
    return full;
  };
  return { calls, stop: () => void (log.add = add) };
}
