// Bundles bench/node.ts into one ESM file for the GPU machine (no workspace there): the @idyn
// packages inlined through their `source` condition; `webgpu` left out (bench/node.ts loads
// dawn.node from $DAWN_NODE). Usage: node bench/gpu-bundle.mjs OUTDIR
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2];
if (!outDir) throw new Error('usage: node bench/gpu-bundle.mjs OUTDIR');
await build({
  root: here,
  logLevel: 'warn',
  resolve: { conditions: ['source', 'node', 'import', 'module', 'default'] },
  ssr: {
    noExternal: true,
    external: ['webgpu'],
    resolve: { conditions: ['source', 'node', 'import', 'default'] },
  },
  build: {
    ssr: 'node.ts',
    outDir,
    emptyOutDir: false,
    minify: false,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'bench.mjs', format: 'es' } },
  },
});
