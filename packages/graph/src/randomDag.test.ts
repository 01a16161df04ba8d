import fc from 'fast-check';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { randomDag } from './randomDag.js';

describe('randomDag', () => {
  it('always yields valid networks honouring the size options', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 4 }), (seed, layers) => {
        const net = randomDag(createRng(seed), {
          inputs: [1, 4],
          outputs: 2,
          layers,
          width: [1, 4],
          skipProbability: 0.5,
          maxpoolProbability: 0.3,
          identityProbability: 0.3,
          biasProbability: 0.5,
        });
        expect(net.outputs.length).toBe(2);
        expect(net.inputs.length).toBeGreaterThanOrEqual(1);
        expect(net.inputs.length).toBeLessThanOrEqual(4);
        expect(net.hidden.length).toBeGreaterThanOrEqual(layers);
        expect(net.hidden.length).toBeLessThanOrEqual(4 * layers);
        for (const v of net.hidden) {
          const node = net.nodes[v]!;
          if (node.activation === 'maxpool') {
            expect(node.k).toBeGreaterThanOrEqual(1);
            expect(node.k).toBeLessThanOrEqual(net.inEdges[v]!.length);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('is reproducible from the seed', () => {
    const a = randomDag(createRng(7), { skipProbability: 0.5 });
    const b = randomDag(createRng(7), { skipProbability: 0.5 });
    expect(a.edges).toEqual(b.edges);
    expect(a.nodes).toEqual(b.nodes);
  });

  it('produces skip connections over two or more layers when asked', () => {
    const rng = createRng(3);
    let longSkips = 0;
    for (let t = 0; t < 20; t++) {
      const net = randomDag(rng, { layers: 3, width: 2, skipProbability: 0.5, shuffle: false });
      const layerOf = (v: number) => {
        const id = net.nodes[v]!.id;
        return id.startsWith('x') ? 0 : id.startsWith('y') ? 4 : Number(id.slice(1, id.indexOf('_')));
      };
      longSkips += net.edges.filter((e) => layerOf(e.to) - layerOf(e.from) >= 3).length;
    }
    expect(longSkips).toBeGreaterThan(0);
  });

  it('rejects out-of-range options naming them', () => {
    expect(() => randomDag(createRng(1), { skipProbability: 2 })).toThrow(
      /options.skipProbability must be a probability in \[0, 1\], got 2/,
    );
    expect(() => randomDag(createRng(1), { inputs: 0 })).toThrow(/options.inputs must be an integer >= 1/);
    expect(() => randomDag(createRng(1), { layers: [3, 1] })).toThrow(RangeError);
  });
});
