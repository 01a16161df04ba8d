#!/usr/bin/env node
// Layer check (STYLE.md): every workspace package may depend on, and import, only packages of a
// strictly lower layer; nothing depends on an app. Reads each package.json's dependencies and
// scans src/, test/, bench/ and e2e/ for `@idyn/...` import specifiers, so an import that bypasses
// package.json is caught. It also checks that every declared runtime dependency (`dependencies`,
// any package, not only @idyn/*) is imported by the package's own source: one imported nowhere is
// "declared but never imported"; one imported only by tests (`*.test.*`, `*.bench.*`, files under
// test/, bench/ or e2e/) belongs in devDependencies. Type-only imports count as imports, and so does
// a `/// <reference types="pkg" />` directive (a package of global types, such as @webgpu/types).
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

// Any bare package specifier (not relative, not `node:`): `pkg`, `pkg/sub`, `@scope/pkg/sub`.
const packageImportPattern =
  /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*|\/\/\/\s*<reference\s+types\s*=\s*)['"]((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:\/[^'"]*)?['"]/g;

/** Whether a file of a package (path relative to the package) is test or benchmark code. */
export function isTestFile(relPath) {
  const parts = relPath.split(/[\\/]/);
  return (
    ['test', 'bench', 'e2e'].includes(parts[0]) ||
    /\.(test|bench|spec)\.[cm]?[jt]sx?$/.test(parts.at(-1) ?? '')
  );
}

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
    const usedBySource = new Set();
    const usedByTests = new Set();
    for (const folder of ['src', 'test', 'bench', 'e2e']) {
      for (const file of sourceFiles(join(pkg.dir, folder))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(importPattern)) check(m[1], relative(root, file));
        const used = isTestFile(relative(pkg.dir, file)) ? usedByTests : usedBySource;
        for (const m of text.matchAll(packageImportPattern)) used.add(m[1]);
      }
    }
    // A dependency already reported as a layer violation is not reported again as unused.
    const reported = new Set(
      problems.filter((p) => p.startsWith(`${pkg.name} -> `)).map((p) => p.split(' ')[2]),
    );
    for (const dep of Object.keys(pkg.json.dependencies ?? {})) {
      if (usedBySource.has(dep) || reported.has(dep)) continue;
      problems.push(
        usedByTests.has(dep)
          ? `${pkg.name} -> ${dep} (package.json dependencies): imported only by tests; move it to devDependencies`
          : `${pkg.name} -> ${dep} (package.json dependencies): declared but never imported by the package's source`,
      );
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
