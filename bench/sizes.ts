/** Gzipped size of each Custom UI surface's JavaScript and CSS, and of the backend bundle. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { bundleBackend } from '../scripts/bundle-backend';
import type { BenchRow } from './table';

const ROOT = path.resolve(__dirname, '..');
const gz = (buf: Buffer | string) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export async function bundleSizes(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const manifest = fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
  const surfaces = [...manifest.matchAll(/path: static\/([a-z-]+)\/build/g)].map((m) => m[1] ?? '');
  for (const s of surfaces) {
    const assets = path.join(ROOT, 'static', s, 'build', 'assets');
    if (!fs.existsSync(assets)) throw new Error(`static/${s}/build is missing: run npm run build first`);
    const files = fs.readdirSync(assets);
    const js = files.filter((f) => f.endsWith('.js')).reduce((n, f) => n + gz(fs.readFileSync(path.join(assets, f))), 0);
    const css = files.filter((f) => f.endsWith('.css')).reduce((n, f) => n + gz(fs.readFileSync(path.join(assets, f))), 0);
    rows.push({
      area: 'bundle size',
      case: `${s} (JS)`,
      metric: 'gzipped',
      value: kb(js),
      target: '≤ 100 KB',
      ok: js <= 100 * 1024,
      raw: { bytes: js },
    });
    rows.push({
      area: 'bundle size',
      case: `${s} (CSS)`,
      metric: 'gzipped',
      value: kb(css),
      target: 'info',
      ok: true,
      raw: { bytes: css },
    });
  }
  const backend = await bundleBackend();
  const bytes = gz(fs.readFileSync(backend.entryFile));
  fs.rmSync(backend.outDir, { recursive: true, force: true });
  rows.push({
    area: 'bundle size',
    case: 'backend (src/index.ts, @forge/bundler)',
    metric: 'gzipped',
    value: kb(bytes),
    target: 'info',
    ok: true,
    raw: { bytes },
  });
  return rows;
}
