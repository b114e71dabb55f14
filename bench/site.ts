/**
 * Benchmarks against the local site, each on a fresh site in a temp folder:
 *  - the daily sweep, then the report, over 1,000 / 10,000 / 100,000 open action items (each size
 *    in its own child process, so the heap it measures is its own) under the latency profile
 *    (300 ms a Jira/Confluence call, 30 ms a storage call, accounted in platform time): product
 *    calls next to the minimum (the JQL's pages, one call per mail and one mail-reach check per
 *    reader and issue), escalation mails per incident and manager, app-storage peaks per
 *    minute, the largest event and refused pushes, events a minute, the peak heap of one
 *    invocation, platform time to finish; the report's platform time and product calls. Each is
 *    held against Forge's quota (docs/platform.md);
 *  - the panel and the macro's item table for 1, 10 and 100 action items: product calls and time.
 * Run through bench/run.ts (`npm run bench`, `npm run bench:million`), or alone:
 * `npx tsx bench/site.ts sweep 1000`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSite, type RunningSite } from '../local/main';
import { DEMO, seedActionItems, type LocalProducts } from '../local/products';
import type { LoggedRequest } from '../local/runtime/request-log';
import { REALISTIC_LATENCY, type LatencyProfile } from '../local/runtime/latency';
import { storagePeaks, type StoragePeaks } from '../local/runtime/quota-use';
import { SEARCH_PAGE_SIZE } from '../src/triggers/sweep/events';
import type { BenchRow } from './table';

const U = Object.fromEntries(Object.entries(DEMO.users).map(([k, v]) => [k, v.accountId])) as Record<keyof typeof DEMO.users, string>;
const MB = 1024 * 1024;
const PRODUCT = new Set(['jira', 'confluence']);

interface Bench {
  running: RunningSite;
  dataDir: string;
  db: LocalProducts['db'];
  /** Product calls. */
  calls: LoggedRequest[];
  /** App-storage calls. */
  storage: LoggedRequest[];
  /** Queue calls. */
  queue: LoggedRequest[];
  stop(): Promise<void>;
}

/** A site on a temp folder whose request log is also copied here (the site's own log keeps only the last 20,000). */
async function benchSite(latency?: LatencyProfile): Promise<Bench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-site-'));
  // A throwaway site: its journal is not fsync'd call by call (the figures are platform time, not disk waits).
  // One invocation at a time, so the heap each one is charged with is its own (local/runtime/memory.ts).
  const running = await startSite({
    port: 0,
    dataDir,
    seed: 'demo',
    fsync: false,
    isolateInvocations: true,
    ...(latency ? { latency } : {}),
  });
  const calls: LoggedRequest[] = [];
  const storage: LoggedRequest[] = [];
  const queue: LoggedRequest[] = [];
  const log = running.site.runtime.requestLog;
  const add = log.add.bind(log);
  log.add = (entry) => {
    const full = add(entry);
    if (PRODUCT.has(full.target)) calls.push(full);
    else if (full.target === 'kvs') storage.push(full);
    else if (full.target === 'queue') queue.push(full);
    return full;
  };
  return {
    running,
    dataDir,
    db: (running.site.products as LocalProducts).db,
    calls,
    storage,
    queue,
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
    if (count > 0)
      seedActionItems(b.db, {
        projectKey: 'PAY',
        incidentKey,
        count,
        assignees: [U.sofia, U.liam, U.marcus, null],
        reporter: U.marcus,
        now,
      });
  });
}

export interface SweepFigures {
  items: number;
  productCalls: number;
  jqlPages: number;
  mails: number;
  itemsScanned: number;
  /** Mail-reach checks (who Jira would mail): part of the minimum, one per reader and issue. */
  reachChecks: number;
  minimum: number;
  /** Escalation mails per (incident, recipient): the most any pair got in this sweep (1 is the promise). */
  escalationsPerPair: number;
  escalationMails: number;
  wallMs: number;
  peakRssBytes: number;
  storage: StoragePeaks;
  /** Largest event pushed (accepted or refused), events a minute, pushes accepted, refused pushes by status. */
  queue: { largestEventBytes: number; eventsPerMinute: number; pushes: number; refused: Record<string, number>; chainPushes: number };
  invocations: number;
  failedInvocations: Record<string, number>;
  /** Largest heap growth of one invocation (MB) and its limit. */
  peakHeapMB: number;
  /** The function and event of the invocation with that peak (e.g. \`sweep-consumer sweep-chunk\`). */
  heaviest?: string;
  memoryMB: number;
  /** From the trigger's start to the end of the last invocation, in platform time. */
  platformMs: number;
  longestInvocationPlatformMs: number;
  runStatus: string;
  report: ReportFigures;
}

export interface ReportFigures {
  outcome: string;
  platformMs: number;
  productCalls: number;
  /** Real (wall) time of the invocation, the local site's own work for its calls included. */
  realMs?: number;
  /** The site's share of full garbage collections left out of platformMs (local/runtime/site-gc.ts). */
  siteGcMs?: number;
  error?: string;
}

/** The report as Priya (a Jira admin: every project), once, under the latency profile. */
async function measureReport(b: Bench): Promise<ReportFigures> {
  const runtime = b.running.site.runtime;
  const before = b.calls.length;
  let error: string | undefined;
  try {
    await runtime.invokeResolver({
      functionKey: 'report-resolver',
      resolver: 'report.getReport',
      accountId: U.priya,
      payload: { filters: {} },
    });
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const inv = runtime.invocations.filter((i) => i.functionKey === 'report-resolver').at(-1);
  return {
    outcome: inv?.outcome ?? 'none',
    platformMs: inv?.platformMs ?? 0,
    realMs: inv?.durationMs ?? 0,
    siteGcMs: inv?.siteGcMs ?? 0,
    productCalls: b.calls.length - before,
    ...(error ? { error } : {}),
  };
}

/** One sweep, then the report, over n seeded open action items under the latency profile (run in a child process by sweepRows). */
export async function measureSweep(n: number): Promise<SweepFigures> {
  const b = await benchSite(REALISTIC_LATENCY);
  try {
    seedOpenItems(b, n);
    const runtime = b.running.site.runtime;
    const invocationsBefore = runtime.invocations.length;
    b.calls.length = 0;
    b.storage.length = 0;
    b.queue.length = 0;
    runtime.queue.resetPeaks();
    global.gc?.();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    // The trigger starts the day's sweep from the settings' send hour (09:00 UTC here): 10:00 of the site's day.
    const clock = b.running.site.clock;
    clock.set(new Date(`${clock.now().toISOString().slice(0, 10)}T10:00:00.000Z`));
    const t0 = performance.now();
    await runtime.runScheduledTrigger('postmortem-sweep');
    const wallMs = performance.now() - t0;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    const jqlPages = b.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/rest/api/3/search/jql')).length;
    const mails = b.calls.filter((c) => /\/notify$/.test(c.path) && c.status < 300).length;
    const reachChecks = b.calls.filter(
      (c) => c.path.startsWith('/rest/api/3/user/viewissue/search') || /^\/rest\/api\/3\/user\?/.test(c.path),
    ).length;
    const pairs = new Map<string, number>();
    let escalationMails = 0;
    for (const m of (b.running.site.products as LocalProducts).outbox()) {
      if (!m.subject.startsWith('Escalation for ')) continue;
      escalationMails++;
      for (const to of m.to) pairs.set(`${m.issueKey}\n${to}`, (pairs.get(`${m.issueKey}\n${to}`) ?? 0) + 1);
    }
    const kvs = runtime.kvs;
    const get = (key: string) => (JSON.parse(kvs.handle('/api/v1/get', JSON.stringify({ key })).body) as { value?: unknown }).value;
    const runIds = (get('sweep-runs:index') as string[] | undefined) ?? [];
    const run = (runIds[0] ? get(`sweep-run:${runIds[0]}`) : undefined) as { itemsScanned?: number; status?: string } | undefined;
    const itemsScanned = run?.itemsScanned ?? 0;
    const invocations = runtime.invocations.slice(invocationsBefore);
    const productCalls = b.calls.length;
    const failed: Record<string, number> = {};
    for (const i of invocations) if (i.outcome !== 'ok') failed[i.outcome] = (failed[i.outcome] ?? 0) + 1;
    const refused: Record<string, number> = {};
    for (const c of b.queue) if (c.status >= 400) refused[String(c.status)] = (refused[String(c.status)] ?? 0) + 1;
    const heaviest = [...invocations].sort((a, b) => b.peakHeapMB / b.memoryMB - a.peakHeapMB / a.memoryMB)[0];
    const starts = invocations.map((i) => Date.parse(i.platformStart));
    const ends = invocations.map((i) => Date.parse(i.platformEnd));
    const figures: Omit<SweepFigures, 'report'> = {
      items: n,
      productCalls,
      jqlPages,
      mails,
      itemsScanned,
      reachChecks,
      minimum: Math.max(1, Math.ceil(itemsScanned / SEARCH_PAGE_SIZE)) + mails + reachChecks,
      escalationsPerPair: Math.max(0, ...pairs.values()),
      escalationMails,
      wallMs,
      peakRssBytes: peakRss,
      storage: storagePeaks(b.storage),
      queue: {
        largestEventBytes: runtime.queue.peaks.attemptedEventBytes,
        eventsPerMinute: runtime.queue.peaks.eventsPerMinute,
        chainPushes: runtime.queue.peaks.chainPushes,
        pushes: b.queue.filter((c) => c.path.startsWith('/webhook/queue/publish/') && c.status < 300).length,
        refused,
      },
      invocations: invocations.length,
      failedInvocations: failed,
      peakHeapMB: heaviest?.peakHeapMB ?? 0,
      heaviest: heaviest ? `${heaviest.kind} ${heaviest.functionKey} #${invocations.indexOf(heaviest) + 1} of ${invocations.length}` : '',
      memoryMB: heaviest?.memoryMB ?? 512,
      platformMs: invocations.length ? Math.max(...ends) - Math.min(...starts) : 0,
      longestInvocationPlatformMs: Math.max(0, ...invocations.map((i) => i.platformMs)),
      runStatus: run?.status ?? 'none',
    };
    const report = await measureReport(b);
    return { ...figures, report };
  } finally {
    await b.stop();
  }
}

/**
 * The report alone over n seeded open action items under the latency profile: no sweep first (the
 * report reads Jira live and needs nothing the sweep writes), so a million items can be timed
 * without a sweep over them (`npx tsx bench/run.ts million-report`).
 */
export async function measureReportOnly(n: number): Promise<ReportFigures & { items: number }> {
  const b = await benchSite(REALISTIC_LATENCY);
  try {
    seedOpenItems(b, n);
    // Loads the app once (as after the sweep in measureSweep): Noah browses none of the seeded items.
    await b.running.site.runtime.invokeResolver({
      functionKey: 'report-resolver',
      resolver: 'report.getReport',
      accountId: U.noah,
      payload: { filters: {} },
    });
    global.gc?.();
    return { items: n, ...(await measureReport(b)) };
  } finally {
    await b.stop();
  }
}

export async function reportRows(sizes: number[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    process.stderr.write(`bench: report alone over ${n(size)} items (latency profile on)…\n`);
    const line = (await runChild(['report', String(size)], siteHeapMB(size))).trim().split('\n').at(-1) ?? '{}';
    const f = JSON.parse(line) as ReportFigures & { items: number };
    rows.push({
      area: 'report',
      case: `${n(size)} open items (report alone)`,
      metric: 'platform time / product calls',
      value: `${fmtMs(f.platformMs)} / ${n(f.productCalls)}${f.outcome === 'ok' ? '' : ` (${f.outcome})`}`,
      target: '< 3 s, answered',
      ok: f.outcome === 'ok' && f.platformMs < 3000,
      raw: { ...f },
    });
  }
  return rows;
}

function runChild(args: string[], heapMB: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [path.join(__dirname, 'site.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: `--expose-gc --max-old-space-size=${heapMB}` },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`bench child ${args.join(' ')} exited ${code}`))));
  });
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const n = (x: number) => x.toLocaleString('en-US');
const fmtCounts = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${v} × ${k}`)
    .join(', ');

/** The local site's heap for a sweep size: the products hold every item (about 3 KB each with indexes and the journal). */
export function siteHeapMB(size: number): number {
  return Math.max(2048, Math.ceil((size * 6_000) / MB / 1024) * 1024);
}

export async function sweepRows(sizes: number[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    process.stderr.write(`bench: sweep and report over ${n(size)} items (latency profile on)…\n`);
    const line = (await runChild(['sweep', String(size)], siteHeapMB(size))).trim().split('\n').at(-1) ?? '{}';
    rows.push(...rowsOf(size, JSON.parse(line) as SweepFigures));
  }
  return rows;
}

/** The table rows of one size's figures. */
export function rowsOf(size: number, f: SweepFigures): BenchRow[] {
  const rows: BenchRow[] = [];
  {
    const over = (f.productCalls - f.minimum) / f.minimum;
    const c = `${n(size)} open items`;
    const s = f.storage;
    const q = f.queue;
    const ok = f.runStatus === 'completed' && Object.keys(f.failedInvocations).length === 0;
    const pushedNothing = q.largestEventBytes === 0 && !ok;
    rows.push(
      f.runStatus === 'completed'
        ? {
            area: 'sweep',
            case: c,
            metric: 'product calls (minimum)',
            value: `${n(f.productCalls)} (${n(f.minimum)} = pages + mails + ${n(f.reachChecks)} reach checks, +${(over * 100).toFixed(1)}%)`,
            target: '≤ minimum + 5%',
            ok: over <= 0.05,
            raw: { productCalls: f.productCalls, minimum: f.minimum },
          }
        : {
            area: 'sweep',
            case: c,
            metric: 'product calls (minimum)',
            value: `${n(f.productCalls)} (run ${f.runStatus}: no minimum)`,
            target: '≤ minimum + 5%',
            ok: false,
            raw: { productCalls: f.productCalls },
          },
      {
        area: 'sweep',
        case: c,
        metric: 'storage peak: batch ops / read units / write units a minute',
        value: `${n(s.batchPerMinute)} / ${n(s.readUnitsPerMinute)} / ${n(s.writeUnitsPerMinute)}${s.refused ? ` (${n(s.refused)} × 429)` : ''}`,
        target: '≤ 45 / 4,000 / 4,000',
        ok: s.batchPerMinute <= 45 && s.readUnitsPerMinute <= 4000 && s.writeUnitsPerMinute <= 4000 && s.refused === 0,
        raw: { ...s },
      },
      // A run that failed before pushing anything has not shown its events are within the limits.
      {
        area: 'sweep',
        case: c,
        metric: 'largest event (pushes refused)',
        value: pushedNothing
          ? 'not reached (the run failed first)'
          : `${(q.largestEventBytes / 1024).toFixed(1)} KB${Object.keys(q.refused).length ? ` (${fmtCounts(q.refused)})` : ''}`,
        target: '≤ 100 KB, none refused',
        ok: !pushedNothing && q.largestEventBytes <= 100 * 1024 && Object.keys(q.refused).length === 0,
        raw: { ...q },
      },
      {
        area: 'sweep',
        case: c,
        metric: 'events a minute (pushes; chained)',
        value: pushedNothing ? 'not reached (the run failed first)' : `${n(q.eventsPerMinute)} (${n(q.pushes)}; ${n(q.chainPushes)})`,
        target: '≤ 500 (; ≤ 1,000)',
        ok: !pushedNothing && q.eventsPerMinute <= 500 && q.chainPushes <= 1000,
        raw: { ...q },
      },
      {
        area: 'sweep',
        case: c,
        metric: 'escalation mails (most per incident and manager)',
        value: `${n(f.escalationMails)} (${n(f.escalationsPerPair)})`,
        target: '1 per incident and manager',
        ok: f.escalationsPerPair <= 1,
        raw: { escalationMails: f.escalationMails, perPair: f.escalationsPerPair },
      },
      {
        area: 'sweep',
        case: c,
        metric: 'peak heap of one invocation',
        value: `${f.peakHeapMB} MB${f.heaviest ? ` (${f.heaviest})` : ''}`,
        target: '< 256 MB',
        ok: f.peakHeapMB < 256,
        raw: { peakHeapMB: f.peakHeapMB, memoryMB: f.memoryMB, heaviest: f.heaviest },
      },
      {
        area: 'sweep',
        case: c,
        metric: 'platform time to finish (invocations; longest)',
        value: `${fmtMs(f.platformMs)} (${n(f.invocations)}; ${fmtMs(f.longestInvocationPlatformMs)})${ok ? '' : `: run ${f.runStatus}${Object.keys(f.failedInvocations).length ? `, ${fmtCounts(f.failedInvocations)}` : ''}`}`,
        target: 'run completed, every invocation ok',
        ok,
        raw: { platformMs: f.platformMs, invocations: f.invocations, failed: f.failedInvocations, runStatus: f.runStatus },
      },
      {
        area: 'sweep',
        case: c,
        metric: 'mails / JQL pages / wall time / peak RSS (site + app)',
        value: `${n(f.mails)} / ${n(f.jqlPages)} / ${fmtMs(f.wallMs)} / ${fmtMb(f.peakRssBytes)}`,
        target: 'info',
        ok: true,
        raw: { mails: f.mails, jqlPages: f.jqlPages, wallMs: f.wallMs, peakRssBytes: f.peakRssBytes },
      },
      {
        area: 'report',
        case: c,
        metric: 'platform time / product calls',
        value: `${fmtMs(f.report.platformMs)} / ${n(f.report.productCalls)}${f.report.outcome === 'ok' ? '' : ` (${f.report.outcome})`}`,
        target: '< 3 s, answered',
        ok: f.report.outcome === 'ok' && f.report.platformMs < 3000,
        raw: { ...f.report },
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
async function timedInvoke(
  b: Bench,
  functionKey: string,
  resolver: string,
  accountId: string,
  payload: unknown,
  context: unknown,
): Promise<Timed> {
  const times: number[] = [];
  let calls = 0;
  let answer = '';
  for (let i = 0; i < 5; i += 1) {
    const before = b.calls.length;
    const t0 = performance.now();
    const body = (await post(`${b.running.url}/__site/invoke/${functionKey}`, { accountId, resolver, payload, context })) as {
      result?: { ok: boolean; error?: unknown };
    };
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
      seedActionItems(b.db, {
        projectKey: 'PAY',
        incidentKey,
        count,
        assignees: [U.sofia, U.liam],
        reporter: U.marcus,
        now: b.running.site.clock.now(),
      });
      const incident = b.db.issueByKey(incidentKey);
      const project = incident ? b.db.project(incident.projectId) : undefined;
      const panelContext = {
        extension: {
          type: 'jira:issuePanel',
          issue: { key: incidentKey, id: incident?.id, type: 'Incident' },
          project: { key: project?.key, id: project?.id },
        },
      };
      const panel = await timedInvoke(b, 'panel-resolver', 'panel.getOverview', U.marcus, {}, panelContext);
      const last = `Action item ${count} from ${incidentKey}`;
      if (!panel.answer.includes(last)) throw new Error(`the panel of ${incidentKey} does not show its ${count} items`);
      rows.push({
        area: 'panel',
        case: `${count} action item${count === 1 ? '' : 's'}`,
        metric: 'product calls / time',
        value: `${panel.calls} / ${fmtMs(panel.ms)}`,
        target: '≤ 3 calls',
        ok: panel.calls <= 3,
        raw: { calls: panel.calls, ms: panel.ms },
      });

      // A page linked to the incident through the macro, then its item table.
      const page = (await fetch(`${b.running.url}/wiki/api/v2/pages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-local-account-id': U.marcus },
        body: JSON.stringify({
          spaceId: space?.id,
          status: 'current',
          title: `Postmortem: ${incidentKey} (bench)`,
          body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [] }) },
        }),
      }).then((r) => r.json())) as { id: string };
      const macroContext = (config?: unknown) => ({
        extension: {
          type: 'macro',
          content: { id: String(page.id), type: 'page' },
          space: { key: 'PM', id: space?.id },
          ...(config ? { config } : {}),
        },
      });
      await post(`${b.running.url}/__site/invoke/macro-resolver`, {
        accountId: U.marcus,
        resolver: 'macro.linkIncident',
        payload: { incidentKey },
        context: macroContext(),
      });
      const table = await timedInvoke(
        b,
        'macro-resolver',
        'macro.listActionItems',
        U.marcus,
        { incidentKey },
        macroContext({ incidentKey }),
      );
      if (!table.answer.includes(last)) throw new Error(`the item table of ${incidentKey} does not show its ${count} items`);
      rows.push({
        area: 'macro item table',
        case: `${count} action item${count === 1 ? '' : 's'}`,
        metric: 'product calls / time',
        value: `${table.calls} / ${fmtMs(table.ms)}`,
        target: '≤ 3 calls',
        ok: table.calls <= 3,
        raw: { calls: table.calls, ms: table.ms },
      });
    }
  } finally {
    await b.stop();
  }
  return rows;
}

if (require.main === module) {
  const [what, arg] = process.argv.slice(2);
  const run = async () => {
    if (what === 'sweep') return measureSweep(Number(arg ?? 1000));
    if (what === 'report') return measureReportOnly(Number(arg ?? 1000));
    if (what === 'surfaces') return surfaceRows();
    throw new Error('usage: tsx bench/site.ts sweep <n> | report <n> | surfaces');
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
