#!/usr/bin/env node
// Layer check (STYLE.md): every workspace package may depend on, and import, only packages of a
// strictly lower layer; nothing depends on an app. Reads each package.json's dependencies and
// scans src/ for `@idyn/...` import specifiers, so an import that bypasses package.json is caught.
// Usage: check-layers.mjs [workspaceRoot] [--layers file.json]. Exit 1 with one line per violation.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

export function loadWorkspace(root) {
  const packages = [];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const pj = join(dir, name, 'package.json');
      if (!existsSync(pj)) continue;
      const json = JSON.parse(readFileSync(pj, 'utf8'));
      packages.push({ name: json.name, dir: join(dir, name), json });
    }
  }
  return packages;
}

function* sourceFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|tsx|js|mjs)$/.test(entry)) yield p;
  }
}

const importPattern =
  /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"](@idyn\/[a-z0-9-]+)(?:\/[^'"]*)?['"]/g;

/**
 * @returns {string[]} one message per violation
 */
export function checkLayers(root, config) {
  const layerOf = new Map();
  config.layers.forEach((names, i) => {
    for (const n of names) layerOf.set(n, i);
  });
  const apps = new Set(config.apps);
  const tooling = new Set(config.tooling ?? []);
  const problems = [];
  for (const pkg of loadWorkspace(root)) {
    const own = layerOf.get(pkg.name);
    if (own === undefined) {
      problems.push(`${pkg.name}: not assigned to a layer in layers.json`);
      continue;
    }
    const check = (target, where) => {
      if (target === pkg.name || tooling.has(target)) return;
      if (apps.has(target)) {
        problems.push(`${pkg.name} -> ${target} (${where}): nothing may import an app`);
        return;
      }
      const t = layerOf.get(target);
      if (t === undefined) problems.push(`${pkg.name} -> ${target} (${where}): unknown workspace package`);
      else if (t === own)
        problems.push(`${pkg.name} -> ${target} (${where}): sideways import within layer ${own}`);
      else if (t > own)
        problems.push(`${pkg.name} -> ${target} (${where}): upward import from layer ${own} to layer ${t}`);
    };
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const dep of Object.keys(pkg.json[field] ?? {})) {
        if (dep.startsWith('@idyn/')) check(dep, `package.json ${field}`);
      }
    }
    for (const folder of ['src', 'test', 'bench', 'e2e']) {
      for (const file of sourceFiles(join(pkg.dir, folder))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(importPattern)) check(m[1], relative(root, file));
      }
    }
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const li = args.indexOf('--layers');
  const layersFile = li >= 0 ? args[li + 1] : new URL('./layers.json', import.meta.url).pathname;
  const root =
    args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--layers') ??
    new URL('../..', import.meta.url).pathname;
  const problems = checkLayers(root, JSON.parse(readFileSync(layersFile, 'utf8')));
  if (problems.length > 0) {
    for (const p of problems) console.error(`layer check: ${p}`);
    process.exitCode = 1;
  } else {
    console.log('layer check: ok');
  }
}
