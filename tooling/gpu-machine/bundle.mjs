// Bundles tooling/gpu-machine/bench.ts into one ESM file for the GPU machine (no workspace, no
// registry there): the @idyn packages inlined through their `source` condition, gpu.js and gl's
// JavaScript inlined, gl's native addon loaded from $GL_NODE_PATH (else webgl.node beside the
// bundle), and `webgpu` left out (the bench loads Dawn's dawn.node from $DAWN_NODE itself).
// esbuild is the one tsup and tsx already use (no new dependency).
//
//   node tooling/gpu-machine/bundle.mjs OUTFILE
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const outfile = process.argv[2];
if (!outfile) throw new Error('usage: node tooling/gpu-machine/bundle.mjs OUTFILE');
const requireRoot = createRequire(join(root, 'package.json'));
const esbuild = createRequire(requireRoot.resolve('tsup'))('esbuild');
const pkgs = ['integrators-gpu', 'integrators-webgpu', 'integrators', 'linalg'].map((p) =>
  join(root, 'packages', p, 'node_modules'),
);
const gpujs = realpathSync(join(root, 'packages/integrators-gpu/node_modules/gpu.js'));
const gl = realpathSync(join(gpujs, '../gl'));

/** gl does require('bindings')('webgl'): load the addon from a file instead. */
const glBindings = {
  name: 'gl-bindings',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'gl-bindings' }));
    b.onLoad({ filter: /.*/, namespace: 'gl-bindings' }, () => ({
      loader: 'js',
      contents: `module.exports = function (name) {
  const path = require('path');
  const file = process.env.GL_NODE_PATH || path.join(__dirname, name.endsWith('.node') ? name : name + '.node');
  return require(file);
};`,
    }));
  },
};

const result = await esbuild.build({
  entryPoints: [join(here, 'bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  conditions: ['source'],
  nodePaths: pkgs,
  alias: {
    gl,
    // The two GPU packages are imported by no package here: their source entries, by path.
    '@idyn/integrators-gpu': join(root, 'packages/integrators-gpu/src/index.ts'),
    '@idyn/integrators-webgpu/node': join(root, 'packages/integrators-webgpu/src/node.ts'),
  },
  external: ['webgpu'],
  plugins: [glBindings],
  // CommonJS modules inside an ESM bundle call require (path, fs, the addons): give them one, and
  // __dirname for the addon's default location.
  banner: {
    js: "import { createRequire as __idynCreateRequire } from 'node:module'; import { dirname as __idynDirname } from 'node:path'; import { fileURLToPath as __idynToPath } from 'node:url'; const require = __idynCreateRequire(import.meta.url); const __filename = __idynToPath(import.meta.url); const __dirname = __idynDirname(__filename);",
  },
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
console.log(`bundle: ${outfile} (${(bytes / 2 ** 20).toFixed(2)} MiB, gl from ${gl})`);
