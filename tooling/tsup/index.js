// Shared tsup config. Each package's tsup.config.ts is one line:
//   export default idynTsup(import.meta.url);
// Entries are read from the package's `exports` map (the `source` condition of each subpath) and
// from `bin`, so the map in package.json is the single place that names the public entry points.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, basename } from 'node:path';
import { defineConfig } from 'tsup';

/** @param {string} configUrl import.meta.url of the package's tsup.config.ts */
export function idynTsup(configUrl, overrides = {}) {
  const dir = dirname(fileURLToPath(configUrl));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entry = {};
  for (const [key, value] of Object.entries(pkg.exports ?? {})) {
    if (value && typeof value === 'object' && typeof value.source === 'string') {
      const name = key === '.' ? 'index' : key.replace(/^\.\//, '');
      entry[name] = join(dir, value.source);
    }
  }
  for (const src of Object.values(pkg.idynBinSources ?? {})) {
    entry[basename(src).replace(/\.ts$/, '')] = join(dir, src);
  }
  return defineConfig({
    entry,
    format: ['esm'],
    target: 'node20',
    dts: { compilerOptions: { customConditions: [] } },
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    outDir: join(dir, 'dist'),
    tsconfig: join(dir, 'tsconfig.json'),
    ...overrides,
  });
}

export default idynTsup;
