/**
 * Ranks of the Jacobians against the reference table of MATH.md §5 (rank DPhi and the number of
 * laws), computed exactly: at a random integer point every Jacobian entry is an integer, and its
 * rank is taken over GF(p) with `modRank` (equal to the rank over Q with probability ≥ 1 − deg/p).
 */
import { parseNetwork } from '@idyn/graph';
import { createRng, modRank } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import type { Lifting } from '../src/Lifting.js';
import { matrixProductLifting } from '../src/matrixProductLifting.js';
import { pathLifting } from '../src/pathLifting.js';
import { twoLayerLifting } from '../src/twoLayerLifting.js';

function exactJacobianRank(lift: Lifting, seed: number): number {
  const rng = createRng(seed);
  // nonzero entries: a zero weight is a non-generic point where the rank can drop
  const theta = Float64Array.from(
    { length: lift.D },
    () => rng.integer(1, 20) * (rng.uniform() < 0.5 ? -1 : 1),
  );
  return modRank(lift.jacobian(theta).to2DArray(), lift.D);
}

describe('Jacobian ranks match MATH.md §5', () => {
  it.each([
    [2, 1, 2, 4, 3],
    [2, 2, 2, 8, 4],
    [3, 2, 2, 10, 6],
    [2, 3, 2, 12, 4],
    [3, 3, 3, 18, 9],
    [4, 2, 1, 10, 4],
  ])('two-layer linear (n,r,m) = (%i,%i,%i): D = %i, rank Dphi = %i', (n, r, m, D, rank) => {
    const lift = twoLayerLifting([m, r, n]);
    expect(lift.D).toBe(D);
    expect(exactJacobianRank(lift, 1)).toBe(rank);
  });

  it('deep linear [2,2,2,2]: D = 12, rank 4; [2,2,2]: D = 8, rank 4', () => {
    expect(matrixProductLifting([2, 2, 2, 2]).D).toBe(12);
    expect(exactJacobianRank(matrixProductLifting([2, 2, 2, 2]), 2)).toBe(4);
    expect(matrixProductLifting([2, 2, 2]).D).toBe(8);
    expect(exactJacobianRank(matrixProductLifting([2, 2, 2]), 3)).toBe(4);
  });

  it.each([
    ['relu:2-2-2', 8, 6, 2],
    ['relu:3-2-2', 10, 8, 2],
    ['relu:1-3-3-1', 15, 9, 6],
    ['relu:2-2-1+bias', 9, 7, 2],
  ])('ReLU path-lifting %s: D = %i, rank DPhi = %i = D − #laws, %i known laws', (preset, D, rank, laws) => {
    const lift = pathLifting(parseNetwork(preset));
    expect(lift.D).toBe(D);
    expect(lift.knownLaws().length).toBe(laws);
    expect(exactJacobianRank(lift, 4)).toBe(rank);
  });
});
