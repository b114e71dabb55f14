/** `npm run lint:forge`: the offline equivalent of `forge lint`; prints every problem, exits 1 on any. */
import { validateForge } from './forge-validate';

async function main(): Promise<void> {
  const result = await validateForge();
  for (const p of result.problems) {
    console.log(`${p.level.toUpperCase()} ${p.file}:${p.line}:${p.column} [${p.source}] ${p.message}`);
  }
  console.log(
    `Forge validation: manifest.yml + ${result.filesLinted} source files: ${result.errors} error(s), ${result.warnings} warning(s).`,
  );
  if (result.errors + result.warnings > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error('Forge validation could not run:', err);
  process.exitCode = 2;
});
