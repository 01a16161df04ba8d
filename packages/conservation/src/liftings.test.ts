import { parseNetwork } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import { matrixProductLifting, pathLifting, twoLayerLifting } from '@idyn/lifting';
import { createRng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layeredRelu, linearNet } from '../test/nets.js';
import { countLaws } from './countLaws.js';
import { findLaws } from './findLaws.js';

describe('countLaws on @idyn/lifting liftings', () => {
  it('pathLifting agrees with the independent construction of test/nets.ts (relu:2-3-2, relu:1-3-3-1)', () => {
    for (const [preset, dims] of [
      ['relu:2-3-2', [2, 3, 2]],
      ['relu:1-3-3-1', [1, 3, 3, 1]],
    ] as const) {
      const a = countLaws(pathLifting(parseNetwork(preset)));
      const b = countLaws(layeredRelu([...dims]));
      expect([a.D, a.rankJacobian, a.lieDim]).toEqual([b.D, b.rankJacobian, b.lieDim]);
      expect(a.complete).toBe(true);
    }
  });

  it('relu:2-2-1+bias reproduces the biased row of MATH.md §5 (D 9, rank = dim Lie 7, 2 laws)', () => {
    const r = countLaws(pathLifting(parseNetwork('relu:2-2-1+bias')));
    expect([r.D, r.rankJacobian, r.lieDim, r.laws]).toEqual([9, 7, 7, 2]);
  });

  it('matrixProductLifting and twoLayerLifting reproduce MATH.md §5 (deep [2,2,2,2]; (n,r,m) = (3,3,3))', () => {
    const deep = countLaws(matrixProductLifting([2, 2, 2, 2]));
    expect([deep.D, deep.rankJacobian, deep.lieDim, deep.laws]).toEqual([12, 4, 6, 6]);
    const two = countLaws(twoLayerLifting([3, 3, 3]));
    expect([two.D, two.rankJacobian, two.lieDim, two.laws]).toEqual([18, 9, 12, 6]);
    expect(countLaws(linearNet([3, 3, 3])).lieDim).toBe(12);
  });

  it('random DAGs (skips, identity neurons, biases): laws = number of hidden ReLU/identity neurons and the Frobenius property holds (MATH.md §3, Theorem 3.1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const net = randomDag(createRng(seed), {
          layers: [1, 3],
          width: [1, 3],
          skipProbability: 0.3,
          identityProbability: 0.3,
          biasProbability: 0.3,
        });
        const r = countLaws(pathLifting(net), { points: 2 });
        expect(r.laws).toBe(net.hidden.length);
        expect(r.frobenius).toBe(true);
        expect(r.complete).toBe(true);
      }),
      { numRuns: 30, seed: 6 },
    );
  });

  it('random DAGs with max-pool neurons: at least one law per h_v neuron (lawNodes), and all laws are quadratic (findLaws at degree 2 finds as many)', () => {
    // Finding, not a MATH.md claim: with max-pool neurons there can be more laws than lawNodes
    // (e.g. randomDag(createRng(5), …) 4th draw: 3 laws, 2 h_v), all of degree 2.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const net = randomDag(createRng(seed), {
          layers: [1, 3],
          width: [1, 3],
          maxpoolProbability: 0.3,
          skipProbability: 0.2,
          biasProbability: 0.3,
        });
        const lift = pathLifting(net);
        const r = countLaws(lift, { points: 2 });
        expect(r.laws).toBeGreaterThanOrEqual(net.lawNodes.length);
        expect(r.frobenius).toBe(true);
        expect(findLaws(lift, { degree: 2 }).laws).toHaveLength(r.laws);
      }),
      { numRuns: 15, seed: 8 },
    );
  });

  it('certifying mode on a random DAG proves the h_v complete without any bracket level', () => {
    const net = randomDag(createRng(11), { layers: 3, width: 3, skipProbability: 0.4 });
    const r = countLaws(pathLifting(net), { mode: 'certify' });
    expect(r.complete).toBe(true);
    expect(r.levels).toHaveLength(1);
  });
});
