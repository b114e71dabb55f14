/**
 * Offline Forge validation: manifest.yml passes @forge/manifest's full validation and the
 * @forge/lint client-side linters (scopes checked against spec/, handlers, resources) with zero
 * errors and zero warnings. Needs `npm run build` first (resources must exist), as `npm test` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateForge, type ForgeValidationResult } from '../../scripts/forge-validate';

const manifestText = fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');
const describeProblems = (r: ForgeValidationResult) => r.problems.map((p) => `${p.level} ${p.file}:${p.line} ${p.message}`).join('\n');

// Each validation lints every source file (tens of seconds on a quiet machine, minutes on a busy
// one); a timeout here would say nothing about the app.
jest.setTimeout(600_000);

describe('Forge validation (offline forge lint)', () => {
  it('passes with zero errors and zero warnings', async () => {
    const result = await validateForge();
    expect(describeProblems(result)).toBe('');
    expect(result.filesLinted).toBeGreaterThan(10);
  });

  it('fails, naming the scope, when a scope the code needs is removed', async () => {
    const result = await validateForge({ manifestText: manifestText.replace(/^ {4}- read:jira-work\n/m, '') });
    expect(result.errors).toBeGreaterThan(0);
    expect(describeProblems(result)).toMatch(/requires "read:jira-work" scope/);
  });

  it('fails when storage:app is removed while the code uses @forge/kvs', async () => {
    const result = await validateForge({ manifestText: manifestText.replace(/^ {4}- storage:app\n/m, '') });
    expect(describeProblems(result)).toMatch(/lacks the "storage:app" scope/);
  });

  it('reports a broken manifest (a resource folder that does not exist)', async () => {
    const result = await validateForge({
      manifestText: manifestText.replace('path: static/panel/build', 'path: static/no-such-surface/build'),
    });
    expect(result.errors).toBeGreaterThan(0);
    expect(describeProblems(result)).toMatch(/missing resource 'static\/no-such-surface\/build'/);
  });
});
