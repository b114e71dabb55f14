// Builds every Custom UI surface with Vite into the folder manifest.yml's resource names
// (static/<surface>/build), one self-contained folder per resource, with relative asset paths.
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SURFACES = ['macro', 'macro-config', 'panel', 'context', 'report', 'admin', 'agenda'];

const only = process.argv.slice(2);
for (const surface of SURFACES.filter((s) => only.length === 0 || only.includes(s))) {
  await build({
    root: path.join(root, 'static', surface),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    // Preact's React-compatible core keeps each surface far inside its 100 KB (gzipped) budget;
    // the code is written (and type-checked) against React's API.
    resolve: {
      alias: [
        // static/ reaches the shared contract as @contracts/<file> (tsconfig.json "paths").
        { find: /^@contracts\//, replacement: `${path.join(root, 'src', 'contracts')}/` },
        { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
        { find: /^react-dom$/, replacement: 'preact/compat' },
        { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
        { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
        { find: /^react$/, replacement: 'preact/compat' },
      ],
    },
    build: { outDir: 'build', emptyOutDir: true, sourcemap: false, reportCompressedSize: false, chunkSizeWarningLimit: 400 },
  });
  console.log(`built static/${surface}/build`);
}
