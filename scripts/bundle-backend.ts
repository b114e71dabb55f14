/**
 * Builds the backend exactly as `forge deploy` does: `@forge/bundler`'s node bundler (webpack and
 * ts-loader on the project's own tsconfig.json), with the entry points the manifest's handlers
 * name. Forge's bundler fetches the runtime wrapper and loader from Atlassian's CDN unless it is
 * given a local wrapper provider; this uses the local site's stand-ins in
 * local/runtime/forge-wrapper, so the build needs no network (docs/platform.md, "Build and deploy").
 *
 * The bundle and the runtime files are written to `outDir` (default: a fresh temp folder).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getEntryPoints, getNodeBundler, LocalWrapperProvider, NODE_RUNTIME_CODE_FILE } from '@forge/bundler';
import { ConfigFile, FileSystemReader, FileSystemWriter, type Logger } from '@forge/cli-shared';

const ROOT = path.resolve(__dirname, '..');
export const LOCAL_FORGE_RUNTIME = path.join(ROOT, 'local', 'runtime', 'forge-wrapper');

export interface BackendBundle {
  /** The folder holding the bundle (`index.cjs`), its source map and the runtime files. */
  outDir: string;
  /** The entry module the manifest's handlers name (`index` → `index.cjs`). */
  entryFile: string;
  /** The runtime loader Forge starts (`__forge__.cjs`). */
  loaderFile: string;
  /** Source files that went into the bundle, relative to the project root. */
  sources: string[];
  /** npm packages bundled. */
  packages: string[];
  warnings: string[];
}

function collectingLogger(warnings: string[]): Logger {
  return {
    traceEnabled: false,
    debugEnabled: false,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => void warnings.push(message),
    error: (error) => void warnings.push(error.message),
  };
}

/** Bundles the backend of the app in `root`; throws with the bundler's own message on any error. */
export async function bundleBackend(opts: { root?: string; outDir?: string } = {}): Promise<BackendBundle> {
  const root = opts.root ?? ROOT;
  const cwd = process.cwd();
  // The Forge CLI runs in the app's folder: the manifest, src/ and tsconfig.json are read from it.
  process.chdir(root);
  const warnings: string[] = [];
  try {
    const reader = new FileSystemReader();
    const config = new ConfigFile(reader, new FileSystemWriter());
    const entryPoints = getEntryPoints(await config.getAppHandlers());
    const bundler = getNodeBundler(collectingLogger(warnings), new LocalWrapperProvider(reader, LOCAL_FORGE_RUNTIME), config);
    const output = await bundler.bundle({ appDirectory: root, entryPoints });
    const outDir = opts.outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'forge-bundle-'));
    fs.mkdirSync(outDir, { recursive: true });
    if (path.resolve(output.outputDir) !== path.resolve(outDir)) fs.cpSync(output.outputDir, outDir, { recursive: true });
    for (const [name, content] of output.additionalOutputs ?? new Map()) {
      fs.mkdirSync(path.dirname(path.join(outDir, name)), { recursive: true });
      fs.writeFileSync(path.join(outDir, name), content);
    }
    const entry = entryPoints[0]?.name ?? 'index';
    const map = JSON.parse(fs.readFileSync(path.join(outDir, `${entry}.cjs.map`), 'utf8')) as { sources: string[] };
    const sources = map.sources
      .filter((s) => !s.startsWith('webpack/') && !/^webpack:\/\/[^/]*\/(webpack|external )/.test(s))
      .map((s) => s.replace(/^webpack:\/\/[^/]*\//, '').replace(/^\.\//, ''));
    return {
      outDir,
      entryFile: path.join(outDir, `${entry}.cjs`),
      loaderFile: path.join(outDir, NODE_RUNTIME_CODE_FILE),
      sources,
      packages: output.metadata?.modules ?? [],
      warnings,
    };
  } finally {
    process.chdir(cwd);
  }
}

if (require.main === module) {
  bundleBackend({ ...(process.argv[2] ? { outDir: path.resolve(process.argv[2]) } : {}) }).then(
    (b) =>
      console.log(
        `Bundled ${b.sources.length} files into ${b.entryFile}${b.warnings.length ? `\nwarnings:\n${b.warnings.join('\n')}` : ''}`,
      ),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
