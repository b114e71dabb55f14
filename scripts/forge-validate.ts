/**
 * Offline Forge validation (docs/platform.md, "Build and deploy"): what `forge lint` checks, without a login.
 *  - `@forge/manifest`'s FullValidationProcessor validates manifest.yml;
 *  - `@forge/lint`'s client-side linters check scopes against the calls in the code (reading the
 *    product specs from spec/ instead of the network), handlers, resources and the rest.
 * Used by `npm run lint:forge` and by test/forge/forge-validation.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FullValidationProcessor } from '@forge/manifest';
import { lint } from '@forge/lint';
import type { StatsigService } from '@forge/cli-shared';
import { parse as parseYaml } from 'yaml';

export interface ForgeProblem {
  source: 'manifest' | 'lint';
  level: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface ForgeValidationResult {
  problems: ForgeProblem[];
  errors: number;
  warnings: number;
  filesLinted: number;
}

const ROOT = path.resolve(__dirname, '..');

/** Every file `forge lint` would read: the backend and the Custom UI sources. */
export function sourceFiles(root = ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'build') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path.relative(root, full));
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'static'));
  return out.sort();
}

function useLocalSpecs(root: string): void {
  const spec = (name: string) => path.join(root, 'spec', name);
  process.env.USE_LOCAL_SWAGGER = '1';
  process.env.LOCAL_JIRA_SWAGGER = spec('jira-platform.v3.json');
  process.env.LOCAL_JSM_SWAGGER = spec('empty.json');
  process.env.LOCAL_JSW_SWAGGER = spec('empty.json');
  process.env.LOCAL_CONF_SWAGGER = spec('confluence-v1.v3.json');
  process.env.LOCAL_CONF_V2_SWAGGER = spec('confluence-v2.v3.json');
  process.env.LOCAL_BB_SWAGGER = spec('empty.json');
}

/** The one statsig method the client-side linters call; offline, no runtime is deprecated. */
const offlineStatsig = { getDeprecatedRuntimes: async () => [] } as unknown as StatsigService;

const quietLogger = {
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  error: () => undefined,
  trace: () => undefined,
};

/**
 * `forge lint` checks product calls against scopes but not `@forge/kvs` (it only knows the old
 * storage API): storage:app must be declared exactly when the code uses app storage.
 */
function storageScopeProblems(root: string, files: string[], manifest: unknown): ForgeProblem[] {
  const scopes: unknown = (manifest as { permissions?: { scopes?: unknown } })?.permissions?.scopes;
  const declared = Array.isArray(scopes) && scopes.includes('storage:app');
  const users = files.filter((f) => /from '@forge\/kvs'/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  if (users.length && !declared) {
    return [
      {
        source: 'lint',
        level: 'error',
        file: users[0] ?? '',
        line: 1,
        column: 0,
        message: `@forge/kvs is used (${users.join(', ')}) but the manifest lacks the "storage:app" scope`,
      },
    ];
  }
  if (!users.length && declared) {
    return [
      {
        source: 'lint',
        level: 'warning',
        file: 'manifest.yml',
        line: 0,
        column: 0,
        message: 'The "storage:app" scope is declared but no code uses @forge/kvs',
      },
    ];
  }
  return [];
}

export interface ValidateOptions {
  root?: string;
  /** Lint this manifest text instead of manifest.yml (tests use it to remove a scope). */
  manifestText?: string;
  files?: string[];
}

export async function validateForge(options: ValidateOptions = {}): Promise<ForgeValidationResult> {
  const root = options.root ?? ROOT;
  useLocalSpecs(root);
  const problems: ForgeProblem[] = [];
  const previousCwd = process.cwd();
  let manifestPath = path.join(root, 'manifest.yml');
  let tmpManifest: string | undefined;
  if (options.manifestText !== undefined) {
    // beside the real one: the validators resolve handlers and resources from the manifest's folder
    tmpManifest = path.join(root, `.manifest-under-test-${process.pid}-${Date.now()}.yml`);
    manifestPath = tmpManifest;
    fs.writeFileSync(manifestPath, options.manifestText);
  }
  try {
    process.chdir(root);
    const processor = new FullValidationProcessor({ deprecatedRuntimes: [] } as never);
    const result = await processor.process(manifestPath as never);
    for (const e of result.errors ?? []) {
      problems.push({
        source: 'manifest',
        level: e.level === 'warning' ? 'warning' : 'error',
        file: 'manifest.yml',
        line: e.line ?? 0,
        column: e.column ?? 0,
        message: e.message,
      });
    }
    const manifest = parseYaml(fs.readFileSync(manifestPath, 'utf8'));
    const files = options.files ?? sourceFiles(root);
    problems.push(...storageScopeProblems(root, files, manifest));
    const results = await lint(files, manifest, 'development', quietLogger as never, offlineStatsig, {
      linter: { mode: 'client-side' },
    });
    for (const r of results) {
      for (const e of r.errors)
        problems.push({ source: 'lint', level: 'error', file: r.file, line: e.line, column: e.column, message: e.message });
      for (const w of r.warnings)
        problems.push({ source: 'lint', level: 'warning', file: r.file, line: w.line, column: w.column, message: w.message });
    }
    return {
      problems,
      errors: problems.filter((p) => p.level === 'error').length,
      warnings: problems.filter((p) => p.level === 'warning').length,
      filesLinted: files.length,
    };
  } finally {
    process.chdir(previousCwd);
    if (tmpManifest) fs.rmSync(tmpManifest, { force: true });
  }
}
