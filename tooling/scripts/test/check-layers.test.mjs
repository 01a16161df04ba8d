import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers, isTestFile } from '../check-layers.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

describe('checkLayers', () => {
  it('reports an upward dependency, a sideways import and an import of an app in the fixture', () => {
    const root = here('./fixtures/bad-workspace');
    const config = JSON.parse(readFileSync(here('./fixtures/bad-workspace/layers.json'), 'utf8'));
    const problems = checkLayers(root, config).sort();
    expect(problems).toEqual([
      '@idyn/high -> @idyn/app (packages/high/src/index.ts): nothing may import an app',
      '@idyn/low -> @idyn/high (package.json dependencies): upward import from layer 0 to layer 1',
      '@idyn/low -> @idyn/sibling (packages/low/src/index.ts): sideways import within layer 0',
    ]);
  });

  it('reports a runtime dependency imported nowhere and one imported only by tests or benchmarks (fixture)', () => {
    const root = here('./fixtures/deps-workspace');
    const config = JSON.parse(readFileSync(here('./fixtures/deps-workspace/layers.json'), 'utf8'));
    // base: ml-matrix used by a type-only import (counts), @webgpu/types by a reference directive
    // (counts). mid: @idyn/base used; d3-array declared and
    // never imported; fast-check imported only under test/. top: @idyn/base used through a dynamic
    // import of a subpath; @idyn/mid imported only by src/top.test.ts and bench/top.bench.ts.
    expect(checkLayers(root, config).sort()).toEqual([
      "@idyn/mid -> d3-array (package.json dependencies): declared but never imported by the package's source",
      '@idyn/mid -> fast-check (package.json dependencies): imported only by tests; move it to devDependencies',
      '@idyn/top -> @idyn/mid (package.json dependencies): imported only by tests; move it to devDependencies',
    ]);
  });

  it('classifies test and benchmark files by folder and suffix', () => {
    expect(
      ['test/a.ts', 'bench/x.ts', 'e2e/run.mjs', 'src/a.test.ts', 'src/b.bench.ts', 'src/c.spec.mjs'].map(
        isTestFile,
      ),
    ).toEqual([true, true, true, true, true, true]);
    expect(['src/testing.ts', 'src/internal/test.ts', 'src/index.ts'].map(isTestFile)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('passes on the real workspace', () => {
    const root = here('../../..');
    const config = JSON.parse(readFileSync(here('../layers.json'), 'utf8'));
    expect(checkLayers(root, config)).toEqual([]);
  });

  it('flags a package that is not assigned to any layer', () => {
    const root = here('./fixtures/bad-workspace');
    const problems = checkLayers(root, { layers: [['@idyn/low']], apps: [] });
    expect(problems).toContain('@idyn/high: not assigned to a layer in layers.json');
  });
});
