/** The layer rules of docs/architecture.md ("Layers"), enforced by ESLint: shown failing on code that breaks them. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Lints `code` as if it were `file`, in a child process (ESLint's config loader needs real ESM). */
async function messages(file: string, code: string): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'],
    {
      cwd: ROOT,
      input: code,
      encoding: 'utf8',
    },
  );
  const results = JSON.parse(run.stdout) as Array<{ messages: Array<{ message: string }> }>;
  return (results[0]?.messages ?? []).map((m) => m.message);
}

describe('layer rules', () => {
  it('keeps @forge packages out of src/domain', async () => {
    expect(await messages('src/domain/example.ts', "import api from '@forge/api';\nexport const x = api;\n")).toEqual([
      expect.stringContaining('src/domain is pure'),
    ]);
  });
  it('keeps adapters out of src/domain', async () => {
    expect(
      await messages('src/domain/example.ts', "import { readSettings } from '../adapters/settings';\nexport const x = readSettings;\n"),
    ).toEqual([expect.stringContaining('must not import adapters')]);
  });
  it('keeps use cases out of src/domain', async () => {
    expect(
      await messages(
        'src/domain/example.ts',
        "import { saveSettings } from '../usecases/admin/save-settings';\nexport const x = saveSettings;\n",
      ),
    ).toEqual([expect.stringContaining('must not import adapters, use cases')]);
  });
  it('lets use cases import domain, adapters and contracts, but not resolvers or @forge packages', async () => {
    expect(
      await messages(
        'src/usecases/admin/example.ts',
        "import { readSettings } from '../../adapters/settings';\nimport { describeChanges } from '../../domain/settings';\nimport type { Settings } from '../../contracts/settings';\nexport const x = [readSettings, describeChanges] as unknown as Settings;\n",
      ),
    ).toEqual([]);
    expect(
      await messages('src/usecases/admin/example.ts', "import { handler } from '../../resolvers/admin';\nexport const x = handler;\n"),
    ).toEqual([expect.stringContaining('Use cases do not import resolvers')]);
    expect(await messages('src/usecases/example.ts', "import { kvs } from '@forge/kvs';\nexport const x = kvs;\n")).toEqual([
      expect.stringContaining('through src/adapters only'),
    ]);
  });
  it('keeps static/ out of the backend', async () => {
    expect(
      await messages('src/resolvers/example.ts', "import { mount } from '../../static/common/mount';\nexport const x = mount;\n"),
    ).toEqual([expect.stringContaining('never imports from static/')]);
  });
  it('lets static/ import only src/contracts', async () => {
    expect(
      await messages('static/panel/src/Example.tsx', "import { todayIn } from '../../../src/domain/dates';\nexport const x = todayIn;\n"),
    ).toEqual([expect.stringContaining('imports only src/contracts')]);
    expect(
      await messages('static/panel/src/Example.tsx', "import { resolverName } from '@contracts/names';\nexport const x = resolverName;\n"),
    ).toEqual([]);
  });
  it('sends every storage call through the storage gateway', async () => {
    expect(await messages('src/adapters/example.ts', "import { kvs } from '@forge/kvs';\nexport const x = kvs;\n")).toEqual([
      expect.stringContaining('storage gateway'),
    ]);
    expect(await messages('src/adapters/storage.ts', "import { kvs } from '@forge/kvs';\nexport const x = kvs;\n")).toEqual([]);
  });
  it('reads the time only through src/adapters/clock.ts', async () => {
    expect(await messages('src/triggers/example.ts', 'export const started = Date.now();\n')).toEqual([
      expect.stringContaining('src/adapters/clock.ts'),
    ]);
    expect(await messages('src/domain/example.ts', 'export const today = new Date();\n')).toEqual([
      expect.stringContaining('src/adapters/clock.ts'),
    ]);
    expect(await messages('src/domain/example.ts', "export const parsed = new Date('2026-03-01T00:00:00Z');\n")).toEqual([]);
    expect(await messages('src/adapters/clock.ts', 'export const nowMs = (): number => Date.now();\n')).toEqual([]);
  });
  it('keeps resolvers and trigger shells thin: they call use cases, not adapters or domain', async () => {
    expect(await messages('src/resolvers/example.ts', "import * as jira from '../adapters/jira';\nexport const x = jira;\n")).toEqual([
      expect.stringContaining('Resolvers and triggers are thin'),
    ]);
    expect(await messages('src/resolvers/example.ts', "import { todayIn } from '../domain/dates';\nexport const x = todayIn;\n")).toEqual([
      expect.stringContaining('Resolvers and triggers are thin'),
    ]);
    expect(
      await messages('src/triggers/example.ts', "import { readSettings } from '../adapters/settings';\nexport const x = readSettings;\n"),
    ).toEqual([expect.stringContaining('Resolvers and triggers are thin')]);
    expect(
      await messages(
        'src/resolvers/example.ts',
        "import { getReport } from '../usecases/report/get-report';\nimport { IssueKey } from '../contracts/ids';\nexport const x = [getReport, IssueKey];\n",
      ),
    ).toEqual([]);
  });
  it("lets the sweep's steps read adapters and the planner, as a use case does", async () => {
    expect(
      await messages(
        'src/triggers/sweep/example.ts',
        "import * as jira from '../../adapters/jira';\nimport { sweepSelection } from '../../domain/sweep';\nexport const x = [jira, sweepSelection];\n",
      ),
    ).toEqual([]);
    expect(await messages('src/triggers/sweep/example.ts', "import { kvs } from '@forge/kvs';\nexport const x = kvs;\n")).toEqual([
      expect.stringContaining('Only src/adapters'),
    ]);
  });
  it('lets static/ reach the contract only through the @contracts alias, which the backend never uses', async () => {
    expect(
      await messages(
        'static/panel/src/Example.tsx',
        "import { resolverName } from '../../../src/contracts/names';\nexport const x = resolverName;\n",
      ),
    ).toEqual([expect.stringContaining('@contracts/<file>')]);
    expect(await messages('src/usecases/example.ts', "import { IssueKey } from '@contracts/ids';\nexport const x = IssueKey;\n")).toEqual([
      expect.stringContaining('Forge’s bundler does not resolve the @contracts alias'),
    ]);
  });
  it('keeps the local site and the product apart: src/ never imports local/, local/ only src/index.ts', async () => {
    expect(
      await messages('src/adapters/example.ts', "import { startSite } from '../../local/main';\nexport const x = startSite;\n"),
    ).toEqual([expect.stringContaining('never imports the local site')]);
    expect(
      await messages(
        'local/runtime/example.ts',
        "import { readSettings } from '../../src/adapters/settings';\nexport const x = readSettings;\n",
      ),
    ).toEqual([expect.stringContaining('public entry')]);
    expect(
      await messages('local/runtime/example.ts', "import type * as app from '../../src/index';\nexport type X = typeof app;\n"),
    ).toEqual([]);
  });
  it("lints the local site's browser scripts", async () => {
    expect(await messages('local/host/client/example.js', "(function () {\n  'use strict';\n  var unused = 1;\n})();\n")).toEqual(
      expect.arrayContaining([expect.stringContaining("'unused' is assigned a value but never used")]),
    );
  });
  it('keeps product calls in adapters', async () => {
    expect(await messages('src/resolvers/example.ts', "import { kvs } from '@forge/kvs';\nexport const x = kvs;\n")).toEqual([
      expect.stringContaining('Only src/adapters'),
    ]);
  });
});
