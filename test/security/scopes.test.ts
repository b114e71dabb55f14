/**
 * Scopes (README, "Scopes, and why each is needed"): the manifest's scopes are exactly those the code needs. The offline Forge
 * validation passes with all of them (test/forge checks that), and fails with any one removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { validateForge } from '../../scripts/forge-validate';

const manifestText = fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');
const scopes = ((parseYaml(manifestText) as { permissions?: { scopes?: string[] } }).permissions?.scopes ?? []).slice();

describe('every scope in manifest.yml is needed', () => {
  test('the manifest declares scopes', () => {
    expect(scopes.length).toBeGreaterThan(3);
  });

  test('removing any one scope makes the offline Forge validation fail', async () => {
    const results = await Promise.all(
      scopes.map(async (scope) => {
        const without = manifestText.replace(new RegExp(`^\\s*- ${scope.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`, 'm'), '');
        if (without === manifestText) throw new Error(`could not remove ${scope}`);
        const r = await validateForge({ manifestText: without });
        return { scope, errors: r.errors, mentions: r.problems.some((p) => p.message.includes(scope)) };
      }),
    );
    expect(results.filter((r) => r.errors === 0).map((r) => r.scope)).toEqual([]);
    expect(results.filter((r) => !r.mentions).map((r) => r.scope)).toEqual([]);
  }, 900_000);
});
