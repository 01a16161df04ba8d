#!/usr/bin/env node
// Packaging test (part of `npm test`): every publishable @idyn/* package must
//  1. pass publint and are-the-types-wrong (ESM-only profile) on its built tarball,
//  2. install from its tarball with npm into a scratch project outside the workspace,
//  3. work there through its published entry points only (tooling/scripts/pack-smoke.mjs builds a
//     DAG, counts its laws and integrates a flow),
//  4. and @idyn/conservation's installed tree must not contain gpu.js or gl.
// Writes .idyn/results/packaging.json ({ name, passed, failed }) for the test summary.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const results = { name: 'packaging', passed: 0, failed: 0 };
const check = (label, fn) => {
  try {
    fn();
    results.passed++;
    console.log(`  ok    ${label}`);
  } catch (error) {
    results.failed++;
    const out = [error.stdout, error.stderr].filter(Boolean).map(String).join('\n').trim();
    console.log(
      `  FAIL  ${label}: ${error.message.split('\n')[0]}${out ? `\n${out.split('\n').slice(-15).join('\n')}` : ''}`,
    );
  }
};
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...opts,
  });

const publishable = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    const pj = join(dir, 'package.json');
    if (!existsSync(pj)) continue;
    const json = JSON.parse(readFileSync(pj, 'utf8'));
    if (!json.private) publishable.push({ name: json.name, dir, json });
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'idyn-pack-'));
const tarballs = join(scratch, 'tarballs');
mkdirSync(tarballs);
const tarballOf = new Map();
for (const pkg of publishable) {
  check(`${pkg.name}: pnpm pack`, () => {
    run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: pkg.dir });
    const file = readdirSync(tarballs).find((f) =>
      f.startsWith(pkg.name.replace('@', '').replace('/', '-') + '-'),
    );
    if (!file) throw new Error('no tarball produced');
    tarballOf.set(pkg.name, join(tarballs, file));
  });
}
for (const pkg of publishable) {
  const tgz = tarballOf.get(pkg.name);
  if (!tgz) continue;
  check(`${pkg.name}: publint`, () => run('pnpm', ['exec', 'publint', '--strict', tgz], { cwd: root }));
  check(`${pkg.name}: are-the-types-wrong (esm-only)`, () =>
    run('pnpm', ['exec', 'attw', '--profile', 'esm-only', '--format', 'ascii', tgz], { cwd: root }),
  );
}

// A consumer project outside the workspace, installing every tarball with npm (pnpm's workspace
// protocol is rewritten to versions by pnpm pack; npm must resolve @idyn/* from the tarballs).
const consumer = join(scratch, 'consumer');
mkdirSync(consumer);
const deps = Object.fromEntries([...tarballOf].map(([name, tgz]) => [name, `file:${tgz}`]));
writeFileSync(
  join(consumer, 'package.json'),
  JSON.stringify(
    { name: 'idyn-consumer', private: true, type: 'module', dependencies: deps, overrides: deps },
    null,
    2,
  ),
);
cpSync(new URL('./pack-smoke.mjs', import.meta.url), join(consumer, 'smoke.mjs'));
// a PyTorch-exported model for @idyn/onnx's smoke check
cpSync(join(root, 'packages/onnx/test/fixtures/mlp.onnx'), join(consumer, 'mlp.onnx'));
check('npm install of every tarball into a scratch project', () =>
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: consumer,
  }),
);
check('smoke script through the published entry points', () => {
  const out = run(process.execPath, ['smoke.mjs'], { cwd: consumer });
  process.stdout.write(out.replace(/^/gm, '        '));
});

// @idyn/conservation alone must not pull gpu.js or gl.
const lone = join(scratch, 'lone');
mkdirSync(lone);
const loneDeps = Object.fromEntries(
  [...tarballOf]
    .filter(([n]) => n !== '@idyn/cli' && n !== '@idyn/integrators-gpu')
    .map(([n, t]) => [n, `file:${t}`]),
);
writeFileSync(
  join(lone, 'package.json'),
  JSON.stringify(
    {
      name: 'idyn-lone',
      private: true,
      type: 'module',
      dependencies: { '@idyn/conservation': deps['@idyn/conservation'] },
      overrides: loneDeps,
    },
    null,
    2,
  ),
);
check('@idyn/conservation installs without gpu.js or gl', () => {
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: lone });
  for (const banned of ['gpu.js', 'gl', 'webgpu']) {
    if (existsSync(join(lone, 'node_modules', banned))) throw new Error(`node_modules/${banned} is present`);
  }
  run(
    process.execPath,
    [
      '-e',
      "import('@idyn/conservation').then(m => { if (typeof m.countLaws !== 'function') throw new Error('countLaws missing'); })",
    ],
    { cwd: lone },
  );
});

if (!process.env.IDYN_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
mkdirSync(join(root, '.idyn', 'results'), { recursive: true });
writeFileSync(join(root, '.idyn', 'results', 'packaging.json'), JSON.stringify(results));
console.log(`packaging: ${results.passed} passed, ${results.failed} failed`);
process.exitCode = results.failed > 0 ? 1 : 0;
