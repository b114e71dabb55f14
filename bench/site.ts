/**
 * Benchmarks against the local site (issue 8), each on a fresh site in a temp folder:
 *  - the daily sweep over 1,000 / 10,000 / 100,000 open action items (each size in its own child
 *    process, so its peak memory is its own): product calls next to the minimum possible (the JQL's
 *    pages plus one call per mail), mails, wall time, peak RSS, every invocation inside its limit;
 *  - the panel and the macro's item table for 1, 10 and 100 action items: product calls and time;
 *  - the report for 10,000 open action items: product calls and time.
 * Run through bench/run.ts (`npm run bench`), or alone: `npx tsx bench/site.ts sweep 1000`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite } from '../local/main';
import { DEMO, seedActionItems, type LocalProducts } from '../local/products';
import type { LoggedRequest } from '../local/runtime/request-log';
import { SEARCH_PAGE_SIZE } from '../src/triggers/sweep-work';
import type { BenchRow } from './table';

const U = Object.fromEntries(Object.entries(DEMO.users).map(([k, v]) => [k, v.accountId])) as Record<keyof typeof DEMO.users, string>;
const MB = 1024 * 1024;
const PRODUCT = new Set(['jira', 'confluence']);

interface Bench {
  running: RunningSite;
  dataDir: string;
  db: LocalProducts['db'];
  calls: LoggedRequest[];
  stop(): Promise<void>;
}

/** A site on a temp folder whose request log is also copied here (the site's own log keeps only the last 20,000). */
async function benchSite(): Promise<Bench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-site-'));
  const running = await startSite({ port: 0, dataDir, seed: 'demo' });
  const calls: LoggedRequest[] = [];
  const log = running.site.runtime.requestLog;
  const add = log.add.bind(log);
  log.add = (entry) => {
    const full = add(entry);
    if (PRODUCT.has(full.target)) calls.push(full);
    return full;
  };
  return {
    running,
    dataDir,
    db: (running.site.products as LocalProducts).db,
    calls,
    async stop() {
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Seeds n open action items over the incidents INC-1..INC-5, due dates spread ±60 days around today. */
function seedOpenItems(b: Bench, n: number): void {
  const now = b.running.site.clock.now();
  const incidents = ['INC-1', 'INC-2', 'INC-3', 'INC-4', 'INC-5'];
  let left = n;
  incidents.forEach((incidentKey, i) => {
    const count = i === incidents.length - 1 ? left : Math.floor(n / incidents.length);
    left -= count;
    if (count > 0) seedActionItems(b.db, { projectKey: 'PAY', incidentKey, count, assignees: [U.sofia, U.liam, U.marcus, null], reporter: U.marcus, now });
  });
}

export interface SweepFigures {
  items: number;
  productCalls: number;
  jqlPages: number;
  mails: number;
  itemsScanned: number;
  minimum: number;
  wallMs: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  /** Heap in use before the sweep (the site holding the seeded products), after a GC. */
  baselineHeapBytes: number;
  invocations: number;
  maxInvocationMs: number;
  invocationLimitMs: number;
  invocationsInLimit: boolean;
  runStatus: string;
}

/** One sweep over n seeded open action items (run in a child process by sweepRows). */
export async function measureSweep(n: number): Promise<SweepFigures> {
  const b = await benchSite();
  try {
    seedOpenItems(b, n);
    const runtime = b.running.site.runtime;
    const invocationsBefore = runtime.invocations.length;
    b.calls.length = 0;
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = process.memoryUsage().rss;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 25);
    const t0 = performance.now();
    await post(`${b.running.url}/__site/scheduled/postmortem-sweep`, {});
    const wallMs = performance.now() - t0;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    const jqlPages = b.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/rest/api/3/search/jql')).length;
    const mails = b.calls.filter((c) => /\/notify$/.test(c.path) && c.status < 300).length;
    const kvs = runtime.kvs;
    const get = (key: string) => (JSON.parse(kvs.handle('/api/v1/get', JSON.stringify({ key })).body) as { value?: unknown }).value;
    const runIds = (get('sweep-runs:index') as string[] | undefined) ?? [];
    const run = (runIds[0] ? get(`sweep-run:${runIds[0]}`) : undefined) as { itemsScanned?: number; postmortemsScanned?: number; status?: string } | undefined;
    const itemsScanned = run?.itemsScanned ?? 0;
    const invocations = runtime.invocations.slice(invocationsBefore);
    const limitMs = 900_000; // both sweep functions declare timeoutSeconds: 900
    return {
      items: n,
      productCalls: b.calls.length,
      jqlPages,
      mails,
      itemsScanned,
      minimum: Math.max(1, Math.ceil(itemsScanned / SEARCH_PAGE_SIZE)) + mails,
      wallMs,
      peakRssBytes: peakRss,
      peakHeapBytes: peakHeap,
      baselineHeapBytes: baseline.heapUsed,
      invocations: invocations.length,
      maxInvocationMs: Math.max(0, ...invocations.map((i) => i.durationMs)),
      invocationLimitMs: limitMs,
      invocationsInLimit: invocations.length > 0 && invocations.every((i) => i.outcome === 'ok' && i.durationMs < limitMs),
      runStatus: run?.status ?? 'none',
    };
  } finally {
    await b.stop();
  }
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [path.join(__dirname, 'site.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '--expose-gc --max-old-space-size=2048' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`bench child ${args.join(' ')} exited ${code}`))));
  });
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const n = (x: number) => x.toLocaleString('en-US');

export async function sweepRows(sizes: number[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    process.stderr.write(`bench: sweep over ${n(size)} items…\n`);
    const line = (await runChild(['sweep', String(size)])).trim().split('\n').at(-1) ?? '{}';
    const f = JSON.parse(line) as SweepFigures;
    const over = (f.productCalls - f.minimum) / f.minimum;
    const c = `${n(size)} open items`;
    rows.push(
      { area: 'sweep', case: c, metric: 'product calls (minimum)', value: `${n(f.productCalls)} (${n(f.minimum)}, +${(over * 100).toFixed(1)}%)`, target: '≤ minimum + 5%', ok: over <= 0.05, raw: { ...f } },
      { area: 'sweep', case: c, metric: 'mails sent / JQL pages', value: `${n(f.mails)} / ${n(f.jqlPages)}`, target: 'info', ok: true, raw: { mails: f.mails, jqlPages: f.jqlPages, itemsScanned: f.itemsScanned } },
      { area: 'sweep', case: c, metric: 'wall time', value: fmtMs(f.wallMs), target: 'info', ok: true, raw: { ms: f.wallMs } },
      { area: 'sweep', case: c, metric: 'peak RSS (site + app)', value: fmtMb(f.peakRssBytes), target: 'info', ok: true, raw: { bytes: f.peakRssBytes } },
      {
        area: 'sweep',
        case: c,
        metric: 'peak heap added by the sweep',
        value: fmtMb(f.peakHeapBytes - f.baselineHeapBytes),
        target: '< 512 MB',
        ok: f.peakHeapBytes - f.baselineHeapBytes < 512 * MB,
        raw: { peakHeapBytes: f.peakHeapBytes, baselineHeapBytes: f.baselineHeapBytes },
      },
      {
        area: 'sweep',
        case: c,
        metric: 'invocations (longest)',
        value: `${f.invocations} (${fmtMs(f.maxInvocationMs)})`,
        target: `all ok, < ${f.invocationLimitMs / 1000} s`,
        ok: f.invocationsInLimit && f.runStatus === 'completed',
        raw: { invocations: f.invocations, maxMs: f.maxInvocationMs, limitMs: f.invocationLimitMs, runStatus: f.runStatus },
      },
    );
  }
  return rows;
}

interface Timed {
  calls: number;
  ms: number;
  answer: string;
}

/** Product calls and median time of a resolver call (5 runs; calls counted on the last). */
async function timedInvoke(b: Bench, functionKey: string, resolver: string, accountId: string, payload: unknown, context: unknown): Promise<Timed> {
  const times: number[] = [];
  let calls = 0;
  let answer = '';
  for (let i = 0; i < 5; i += 1) {
    const before = b.calls.length;
    const t0 = performance.now();
    const body = (await post(`${b.running.url}/__site/invoke/${functionKey}`, { accountId, resolver, payload, context })) as { result?: { ok: boolean; error?: unknown } };
    times.push(performance.now() - t0);
    if (!body.result?.ok) throw new Error(`${resolver} failed: ${JSON.stringify(body).slice(0, 300)}`);
    calls = b.calls.length - before;
    answer = JSON.stringify(body.result);
  }
  times.sort((x, y) => x - y);
  return { calls, ms: times[Math.floor(times.length / 2)] ?? NaN, answer };
}

export async function surfaceRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const incidents: Array<[number, string]> = [
    [1, 'INC-1'],
    [10, 'INC-2'],
    [100, 'INC-4'],
  ];
  const b = await benchSite();
  try {
    const space = b.db.spaceByKey('PM');
    for (const [count, incidentKey] of incidents) {
      seedActionItems(b.db, { projectKey: 'PAY', incidentKey, count, assignees: [U.sofia, U.liam], reporter: U.marcus, now: b.running.site.clock.now() });
      const incident = b.db.issueByKey(incidentKey);
      const project = incident ? b.db.project(incident.projectId) : undefined;
      const panelContext = { extension: { type: 'jira:issuePanel', issue: { key: incidentKey, id: incident?.id, type: 'Incident' }, project: { key: project?.key, id: project?.id } } };
      const panel = await timedInvoke(b, 'panel-resolver', 'panel.getOverview', U.marcus, {}, panelContext);
      const last = `Action item ${count} from ${incidentKey}`;
      if (!panel.answer.includes(last)) throw new Error(`the panel of ${incidentKey} does not show its ${count} items`);
      rows.push({ area: 'panel', case: `${count} action item${count === 1 ? '' : 's'}`, metric: 'product calls / time', value: `${panel.calls} / ${fmtMs(panel.ms)}`, target: '≤ 3 calls', ok: panel.calls <= 3, raw: { calls: panel.calls, ms: panel.ms } });

      // A page linked to the incident through the macro, then its item table.
      const page = (await fetch(`${b.running.url}/wiki/api/v2/pages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-local-account-id': U.marcus },
        body: JSON.stringify({ spaceId: space?.id, status: 'current', title: `Postmortem: ${incidentKey} (bench)`, body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [] }) } }),
      }).then((r) => r.json())) as { id: string };
      const macroContext = (config?: unknown) => ({ extension: { type: 'macro', content: { id: String(page.id), type: 'page' }, space: { key: 'PM', id: space?.id }, ...(config ? { config } : {}) } });
      await post(`${b.running.url}/__site/invoke/macro-resolver`, { accountId: U.marcus, resolver: 'macro.linkIncident', payload: { incidentKey }, context: macroContext() });
      const table = await timedInvoke(b, 'macro-resolver', 'macro.listActionItems', U.marcus, { incidentKey }, macroContext({ incidentKey }));
      if (!table.answer.includes(last)) throw new Error(`the item table of ${incidentKey} does not show its ${count} items`);
      rows.push({ area: 'macro item table', case: `${count} action item${count === 1 ? '' : 's'}`, metric: 'product calls / time', value: `${table.calls} / ${fmtMs(table.ms)}`, target: '≤ 3 calls', ok: table.calls <= 3, raw: { calls: table.calls, ms: table.ms } });
    }
  } finally {
    await b.stop();
  }
  return rows;
}

export async function reportRows(size = 10_000): Promise<BenchRow[]> {
  const b = await benchSite();
  try {
    seedOpenItems(b, size);
    const r = await timedInvoke(b, 'report-resolver', 'report.getReport', U.priya, { filters: {} }, {});
    const budget = Math.ceil(size / 100) + 10;
    return [{ area: 'report', case: `${n(size)} open items`, metric: 'product calls / time', value: `${r.calls} / ${fmtMs(r.ms)}`, target: `≤ ${budget} calls, < 25 s`, ok: r.calls <= budget && r.ms < 25_000, raw: { calls: r.calls, ms: r.ms } }];
  } finally {
    await b.stop();
  }
}

if (require.main === module) {
  const [what, arg] = process.argv.slice(2);
  const run = async () => {
    if (what === 'sweep') return measureSweep(Number(arg ?? 1000));
    if (what === 'surfaces') return surfaceRows();
    if (what === 'report') return reportRows(Number(arg ?? 10_000));
    throw new Error('usage: tsx bench/site.ts sweep <n> | surfaces | report [n]');
  };
  run()
    .then((out) => {
      process.stdout.write(`${JSON.stringify(out)}\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
