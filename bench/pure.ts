/** Benchmarks of pure code: the language checks and the sweep planner's CPU time. */
import { DEFAULT_SETTINGS } from '../src/contracts/settings';
import { addDays } from '../src/domain/dates';
import { createLanguageChecker } from '../src/domain/postmortem';
import { chunkSweepWork, ledgerViewOfKeys, planSweep, type SweepItem } from '../src/domain/sweep';
import { buildLargePostmortemDoc, FIXTURE_GLOSSARY, FIXTURE_PEOPLE, FIXTURE_TEMPLATE } from '../test/unit/domain/postmortem/fixtures';
import type { BenchRow } from './table';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export function languageChecks(): BenchRow[] {
  const doc = buildLargePostmortemDoc(200 * 1024);
  const bytes = JSON.stringify(doc).length;
  const check = createLanguageChecker({ template: FIXTURE_TEMPLATE, people: FIXTURE_PEOPLE, glossary: FIXTURE_GLOSSARY });
  let findings = 0;
  const times: number[] = [];
  for (let i = 0; i < 25; i += 1) {
    const t0 = performance.now();
    findings = check(doc).findings.length;
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  return [
    {
      area: 'language checks',
      case: `${Math.round(bytes / 1024)} KB page`,
      metric: 'median time',
      value: `${ms.toFixed(1)} ms`,
      target: '< 50 ms',
      ok: ms < 50,
      raw: { ms, bytes, findings, runs: times.length },
    },
  ];
}

/** n open action items spread over incidents (≈10 per incident), due dates around today. */
export function syntheticItems(n: number, today: string): SweepItem[] {
  const items: SweepItem[] = [];
  for (let i = 0; i < n; i += 1) {
    const incident = Math.floor(i / 10) + 1;
    items.push({
      key: `ACT-${i + 1}`,
      summary: `Action item ${i + 1}`,
      statusCategory: 'indeterminate',
      assignee: i % 13 === 0 ? null : { accountId: `user-${i % 200}`, displayName: `User ${i % 200}` },
      reporter: { accountId: `user-${(i + 7) % 200}`, displayName: `User ${(i + 7) % 200}` },
      dueDate: i % 17 === 0 ? null : addDays(today, (i % 60) - 30),
      projectKey: `P${i % 20}`.padEnd(3, 'X'),
      incidentKey: `INC-${incident}`,
      pageUrl: null,
    });
  }
  return items;
}

export function plannerCpu(sizes: number[]): BenchRow[] {
  const today = '2026-11-24';
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const items = syntheticItems(n, today);
    const chunks = chunkSweepWork(items, [], 2000);
    const cpu0 = process.cpuUsage();
    let mails = 0;
    for (const chunk of chunks) {
      const plan = planSweep({
        items: chunk.items,
        postmortems: chunk.postmortems,
        settings: DEFAULT_SETTINGS,
        today,
        ledger: ledgerViewOfKeys([]),
        projects: {},
        siteUrl: 'https://example.atlassian.net',
      });
      mails += plan.notifications.length;
    }
    const cpu = process.cpuUsage(cpu0);
    const ms = (cpu.user + cpu.system) / 1000;
    rows.push({
      area: 'sweep planner',
      case: `${n.toLocaleString('en')} items`,
      metric: 'CPU time (planner only)',
      value: `${ms.toFixed(0)} ms`,
      target: 'info',
      ok: true,
      raw: { ms, mails, chunks: chunks.length },
    });
  }
  return rows;
}
