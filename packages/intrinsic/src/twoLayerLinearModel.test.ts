import { createRng } from '@idyn/linalg';
import { relaxedBalancedTwoLayer } from '@idyn/linear-ode';
import { describe, expect, it } from 'vitest';
import { compareFlows, twoLayerLinearModel } from './index.js';

/** theta = (U row-major n x r, V row-major m x r) of twoLayerLifting([m, r, n]). */
function thetaOf(U: { to1DArray(): number[] }, V: { to1DArray(): number[] }): Float64Array {
  return Float64Array.from([...U.to1DArray(), ...V.to1DArray()]);
}

describe('twoLayerLinearModel: linear liftings through compareFlows (MATH.md §4.3, §5)', () => {
  it('agrees with the theta-flow on a relaxed balanced init (n, r, m, lambda) = (3, 3, 2, 0.7), T = 2, to ≤ 1e-11 (measured 1.5e-12; §5: ~1e-12)', () => {
    const { U, V } = relaxedBalancedTwoLayer([2, 3, 3], 0.7, { seed: 1 });
    const model = twoLayerLinearModel([2, 3, 3], thetaOf(U, V));
    const Y = createRng(2).normals(6);
    const r = compareFlows(model, { loss: { type: 'synthetic', Y }, times: [0, 1, 2] });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-11);
  });

  it('says that a generic init has no valid intrinsic metric (kernel inclusion fails, §3)', () => {
    const theta = createRng(3).normals(2 * (3 + 3));
    expect(() => twoLayerLinearModel([3, 2, 3], theta)).toThrow(
      /theta0 has no valid intrinsic metric: the kernel-inclusion criterion fails \(dim ker Dphi ∩ ker Dh = 1/,
    );
  });

  it('forced onto a generic init (3, 2, 3), any single lambda deviates by O(0.1) at T = 2 (§5 negative control)', () => {
    const theta = createRng(3).normals(2 * (3 + 3));
    const Y = createRng(4).normals(9);
    const r = compareFlows(twoLayerLinearModel([3, 2, 3], theta, { validate: false }), {
      loss: { type: 'synthetic', Y },
      tEnd: 2,
    });
    expect(r.maxDeviation).toBeGreaterThan(1e-2);
  });
});
