/**
 * Every Custom UI surface the manifest names stays within the project's budget: under 100 KB of
 * gzipped JavaScript (docs/platform.md, "Custom UI"). Reads the folders `npm run build` writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const BUDGET = 100 * 1024;

describe('Custom UI size budget', () => {
  const manifest = parse(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')) as { resources: Array<{ key: string; path: string }> };
  const surfaces = manifest.resources.filter((r) => r.path.endsWith('/build'));

  it('covers every surface, the issue context included', () => {
    expect(surfaces.map((s) => s.key)).toEqual(
      expect.arrayContaining(['macro', 'macro-config', 'panel', 'context', 'report', 'admin', 'agenda']),
    );
  });

  it.each(surfaces.map((s) => [s.key, s.path]))('%s: its JavaScript is under 100 KB gzipped', (_key, dir) => {
    const assets = path.join(ROOT, dir, 'assets');
    const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    const bytes = js.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
    expect(bytes).toBeLessThan(BUDGET);
  });

  // The surfaces share the backend's contract modules, but only their types and zod-free helpers:
  // zod's runtime probes `new Function('')`, which Forge's content security policy refuses
  // (docs/platform.md, "Custom UI"), and it weighs about 25 KB gzipped. Its global registry's name
  // is in every build that carries it.
  it.each(surfaces.map((s) => [s.key, s.path]))(
    '%s: carries no zod runtime (import contract values only from zod-free modules)',
    (_key, dir) => {
      const assets = path.join(ROOT, dir, 'assets');
      for (const f of fs.readdirSync(assets).filter((n) => n.endsWith('.js'))) {
        expect({ file: f, zod: fs.readFileSync(path.join(assets, f), 'utf8').includes('__zod_globalRegistry') }).toEqual({
          file: f,
          zod: false,
        });
      }
    },
  );
});
