/** Bundles src/index.ts the way Forge does (one CommonJS file for the nodejs22.x runtime). */
import { build, type Metafile } from 'esbuild';
import path from 'node:path';

export interface BackendBundle {
  code: string;
  metafile: Metafile;
  errors: string[];
  warnings: string[];
}

export async function bundleBackend(root = path.resolve(__dirname, '..')): Promise<BackendBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    write: false,
    metafile: true,
    minify: true,
    logLevel: 'silent',
  });
  return {
    code: result.outputFiles[0]?.text ?? '',
    metafile: result.metafile,
    errors: result.errors.map((e) => e.text),
    warnings: result.warnings.map((w) => w.text),
  };
}
