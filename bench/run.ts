/**
 * `npm run bench`: measures the app against the local site and prints a table; writes
 * bench/results.json. Not part of `npm test` (figures, not pass/fail, on shared machines).
 */
import fs from 'node:fs';
import path from 'node:path';
import { languageChecks, plannerCpu } from './pure';
import { reportRows, sweepRows, surfaceRows } from './site';
import { bundleSizes } from './sizes';
import { printTable, type BenchRow } from './table';

/** `BENCH_SWEEP_SIZES=1000,10000` runs fewer sizes (the 100,000 run takes about three minutes). */
const SWEEP_SIZES = (process.env.BENCH_SWEEP_SIZES ?? '1000,10000,100000').split(',').map(Number).filter((x) => x > 0);

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const sections: Array<[string, () => Promise<BenchRow[]> | BenchRow[]]> = [
    ['bundle sizes', bundleSizes],
    ['language checks', languageChecks],
    ['sweep planner', () => plannerCpu([1_000, 10_000, 100_000])],
    ['panel and macro item table', surfaceRows],
    ['report', () => reportRows(10_000)],
    ['sweep in the local site', () => sweepRows(SWEEP_SIZES)],
  ];
  for (const [name, run] of sections) {
    process.stderr.write(`bench: ${name}…\n`);
    rows.push(...(await run()));
  }
  const table = printTable(rows);
  console.log(table);
  const missed = rows.filter((r) => r.target !== 'info' && !r.ok);
  fs.writeFileSync(
    path.join(__dirname, 'results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows, missed: missed.length }, null, 2)}\n`,
  );
  console.log(missed.length ? `\n${missed.length} target(s) missed.` : '\nEvery target met.');
  if (missed.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 2;
});
