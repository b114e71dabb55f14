/**
 * `npm run bench`: measures the app against the local site and prints a table; writes
 * bench/results.json. Not part of `npm test` (figures, not pass/fail, on shared machines).
 */
import fs from 'node:fs';
import path from 'node:path';
import { languageChecks, plannerCpu } from './pure';
import { reportRows, sweepRows, surfaceRows } from './site';
import { bundleSizes } from './sizes';
import { learnRows } from './learn';
import { printTable, type BenchRow } from './table';

/**
 * `npm run bench`: every section, the sweep and report at 1,000 / 10,000 / 100,000 open items.
 * `npm run bench:million` (`tsx bench/run.ts million`): the sweep and report at 1,000,000 only,
 * written to bench/results-million.json. `BENCH_SWEEP_SIZES=1000,10000` picks other sizes.
 * `tsx bench/run.ts million-report`: the report alone at 1,000,000 (seeded, no sweep first),
 * written to bench/results-million-report.json.
 */
const MILLION_REPORT = process.argv[2] === 'million-report';
const MILLION = process.argv[2] === 'million' || MILLION_REPORT;
const SWEEP_SIZES = (process.env.BENCH_SWEEP_SIZES ?? (MILLION ? '1000000' : '1000,10000,100000'))
  .split(',')
  .map(Number)
  .filter((x) => x > 0);

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const sections: Array<[string, () => Promise<BenchRow[]> | BenchRow[]]> = MILLION_REPORT
    ? [['report alone in the local site', () => reportRows(SWEEP_SIZES)]]
    : MILLION
      ? [['sweep and report in the local site', () => sweepRows(SWEEP_SIZES)]]
      : [
          ['bundle sizes', bundleSizes],
          ['language checks', languageChecks],
          ['sweep planner', () => plannerCpu([1_000, 10_000, 100_000])],
          ['panel and macro item table', surfaceRows],
          ['learning from incidents', () => learnRows([100_000])],
          ['sweep and report in the local site', () => sweepRows(SWEEP_SIZES)],
        ];
  for (const [name, run] of sections) {
    process.stderr.write(`bench: ${name}…\n`);
    try {
      rows.push(...(await run()));
    } catch (e) {
      // A section that cannot run is a missed row, not the end of the benchmark.
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(`bench: ${name} failed: ${message}\n`);
      rows.push({
        area: name,
        case: 'all',
        metric: 'ran',
        value: `failed: ${message.slice(0, 120)}`,
        target: 'runs',
        ok: false,
        raw: { error: message },
      });
    }
  }
  const table = printTable(rows);
  console.log(table);
  const missed = rows.filter((r) => r.target !== 'info' && !r.ok);
  fs.writeFileSync(
    path.join(__dirname, MILLION_REPORT ? 'results-million-report.json' : MILLION ? 'results-million.json' : 'results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows, missed: missed.length }, null, 2)}\n`,
  );
  console.log(
    missed.length
      ? `\n${missed.length} target(s) missed:\n${missed.map((r) => `  ${r.area}, ${r.case}: ${r.metric} = ${r.value} (target ${r.target})`).join('\n')}`
      : '\nEvery target met.',
  );
  if (missed.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 2;
});
