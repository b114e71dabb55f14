/**
 * Ad-hoc measurement of the language checks on a 200 KB page (not a test: no timing is asserted).
 * Run: npx tsx test/unit/domain/postmortem/bench-language.ts [sizeBytes]
 */
import { checkLanguage, checkTemplate, createLanguageChecker } from '../../../../src/domain/postmortem';
import { buildLargePostmortemDoc, FIXTURE_GLOSSARY, FIXTURE_PEOPLE, FIXTURE_TEMPLATE } from './fixtures';

const size = Number(process.argv[2] ?? 200_000);
const page = buildLargePostmortemDoc(size);
const input = { template: FIXTURE_TEMPLATE, people: FIXTURE_PEOPLE, glossary: FIXTURE_GLOSSARY };
const json = JSON.stringify(page);
console.log(`page: ${json.length} bytes`);

function measure(label: string, fn: () => unknown, runs = 50) {
  for (let i = 0; i < 5; i += 1) fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[Math.floor(runs / 2)]!.toFixed(2)} ms, max ${times[runs - 1]!.toFixed(2)} ms`);
}

const cold = process.hrtime.bigint();
const first = checkLanguage(page, input);
console.log(`first run (cold): ${(Number(process.hrtime.bigint() - cold) / 1e6).toFixed(2)} ms, ${first.findings.length} findings`);
measure('checkLanguage (compile + check)', () => checkLanguage(page, input));
const checker = createLanguageChecker(input);
measure('precompiled checker', () => checker(page));
measure('checkLanguage from the JSON string', () => checkLanguage(json, input));
measure('checkTemplate', () => checkTemplate(page, FIXTURE_TEMPLATE));
