import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers } from '../check-layers.mjs';

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
