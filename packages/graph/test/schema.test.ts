import { readFileSync } from 'node:fs';
import { createRng } from '@idyn/linalg';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkSpec } from '../src/networkSpec.js';
import { presetSpec } from '../src/presetSpec.js';
import { randomDag } from '../src/randomDag.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../src/network.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

describe('network.schema.json', () => {
  it('is shipped as the ./schema.json subpath', () => {
    expect(pkg.exports['./schema.json']).toBe('./src/network.schema.json');
    expect(pkg.files).toContain('src');
  });

  it('accepts every preset spec and the canonical spec of random DAGs with theta', () => {
    for (const p of [
      'relu:2-3-2',
      'linear:2-3-2+bias',
      'dense:2-3-3-1+hbias',
      'resblock:2:3+bias',
      'maxpool:2-4-2-1:2+bias',
      'conv1d:6:2-3-2:3:0:p1:res+bias',
      'conv2d:6x6:1-2-2:2x2:2:pool2+hbias',
    ]) {
      expect(validate(presetSpec(p)), `${p}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = randomDag(rng, {
          maxpoolProbability: 0.3,
          identityProbability: 0.3,
          biasProbability: 0.5,
        });
        const spec = networkSpec(net, rng.normals(net.D));
        expect(validate(spec), JSON.stringify(validate.errors)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('rejects the field-level errors that createNetwork also rejects', () => {
    const base = (node: object) => ({ nodes: [{ id: 'x', kind: 'input' }, node], edges: [] });
    const bad = [
      { nodes: [], edges: [] },
      base({ id: '1y', kind: 'output' }),
      base({ id: 'y', kind: 'neuron' }),
      base({ id: 'y', kind: 'output', activation: 'relu' }),
      base({ id: 'm', kind: 'hidden', activation: 'maxpool', bias: true }),
      base({ id: 'h', kind: 'hidden', activation: 'relu', k: 1 }),
      base({ id: 'h', kind: 'hidden', k: 1 }),
      base({ id: 'm', kind: 'hidden', activation: 'maxpool', k: 0 }),
      base({ id: 'y', kind: 'output', extra: 1 }),
      { nodes: [{ id: 'x', kind: 'input', bias: true }], edges: [] },
      { nodes: [{ id: 'x', kind: 'input' }], edges: [{ from: 'x' }] },
      { nodes: [{ id: 'x', kind: 'input' }], edges: [], theta: ['a'] },
    ];
    for (const spec of bad) expect(validate(spec), JSON.stringify(spec)).toBe(false);
  });
});
