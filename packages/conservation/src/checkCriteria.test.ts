import { parseNetwork } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import { pathLifting, twoLayerLifting } from '@idyn/lifting';
import { createRng, haarOrthogonal, Matrix, sqrtSym } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCriteria } from './checkCriteria.js';

/** theta = (U row-major, V row-major) for twoLayerLifting([m, r, n]). */
function packTwoLayer(U: Matrix, V: Matrix): Float64Array {
  return Float64Array.from([...U.to1DArray(), ...V.to1DArray()]);
}

/** MATH.md §4.3 construction (lambda >= 0): V random, U = Q (V^T V + lambda I)^{1/2}. */
function relaxedBalanced(n: number, r: number, m: number, lambda: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const V = new Matrix(m, r);
  for (let i = 0; i < m; i++) for (let k = 0; k < r; k++) V.set(i, k, rng.normal());
  const Q = haarOrthogonal(n, rng).subMatrix(0, n - 1, 0, r - 1);
  const S = sqrtSym(Matrix.add(V.transpose().mmul(V), Matrix.eye(r).mul(lambda)));
  return packTwoLayer(Q.mmul(S), V);
}

function gaussian(D: number, seed: number): Float64Array {
  return createRng(seed).normals(D);
}

/** Central finite difference of M = Dphi Dphi^T along v (the independent check of DM v). */
function dmFiniteDifference(
  lift: ReturnType<typeof twoLayerLifting>,
  theta: Float64Array,
  v: Float64Array,
  eps = 1e-5,
): number[] {
  const M = (t: Float64Array) => {
    const J = lift.jacobian(t);
    return J.mmul(J.transpose());
  };
  const plus = theta.map((t, i) => t + eps * v[i]!);
  const minus = theta.map((t, i) => t - eps * v[i]!);
  return Matrix.sub(M(plus), M(minus))
    .div(2 * eps)
    .to1DArray();
}

describe('checkCriteria (MATH.md §3)', () => {
  it('a generic two-layer linear theta fails kernel inclusion with |DM v| of order 1; the intersection has dimension r(r-1)/2 (MATH.md §4.3, §5)', () => {
    for (const [n, r, m] of [
      [3, 2, 3],
      [3, 3, 3],
    ] as const) {
      const lift = twoLayerLifting([m, r, n]);
      const theta = gaussian(lift.D, 5);
      const res = checkCriteria(lift, theta);
      expect(res.kernelInclusion.dimension).toBe((r * (r - 1)) / 2);
      expect(res.kernelInclusion.holds).toBe(false);
      expect(res.kernelInclusion.defect).toBeGreaterThan(0.1);
      expect(res.recoverable).toBe(false);
      expect(res.frobenius).toBe(false);
      expect(res.intrinsic).toBe('fails');
      expect(res.lawsComplete).toBe(true);
      // The witness is a unit vector, and DM v computed from exact second derivatives matches a
      // central finite difference of M = Dphi Dphi^T (independent method, O(eps^2) error).
      const v = res.kernelInclusion.witness as Float64Array;
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
      const fd = dmFiniteDifference(lift, theta, v);
      const maxFd = Math.max(...fd.map(Math.abs));
      expect(maxFd).toBeAllClose(res.kernelInclusion.defect as number, { rtol: 1e-6 });
    }
  });

  it('a relaxed balanced theta (lambda = 0.8, MATH.md §4.3 construction) passes kernel inclusion to ~1e-9', () => {
    for (const [n, r, m] of [
      [3, 2, 3],
      [3, 3, 2],
      [4, 2, 3],
    ] as const) {
      const lift = twoLayerLifting([m, r, n]);
      const theta = relaxedBalanced(n, r, m, 0.8, 9);
      const res = checkCriteria(lift, theta);
      expect(res.kernelInclusion.dimension).toBe((r * (r - 1)) / 2);
      expect(res.kernelInclusion.holds).toBe(true);
      expect(res.kernelInclusion.defect as number).toBeLessThan(1e-9);
      expect(res.intrinsic).toBe('undecided');
    }
  });

  it('ReLU networks on random DAGs are recoverable at a random theta (Corollary 3.2), and Frobenius holds there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const net = randomDag(createRng(seed), {
          layers: [1, 2],
          width: [1, 3],
          skipProbability: 0.3,
          biasProbability: 0.3,
        });
        const lift = pathLifting(net);
        const res = checkCriteria(lift, gaussian(lift.D, seed % 1000));
        expect(res.recoverable).toBe(true);
        expect(res.frobenius).toBe(true);
        expect(res.kernelInclusion.dimension).toBe(0);
        expect(res.intrinsic).toBe('holds');
      }),
      { numRuns: 25, seed: 3 },
    );
  });

  it('integer theta gives exact ranks (mod p), agreeing with the float SVD ranks at the same point', () => {
    const lift = pathLifting(parseNetwork('relu:2-3-2'));
    const theta = Float64Array.from({ length: lift.D }, (_, i) => ((i * 7) % 5) + 1);
    const exact = checkCriteria(lift, theta);
    expect(exact.exact).toBe(true);
    const float = checkCriteria(
      lift,
      theta.map((t) => t * (1 + 1e-17)),
      { rtol: 1e-10 },
    );
    expect([float.rankJacobian, float.rankLaws, float.rankStacked]).toEqual([
      exact.rankJacobian,
      exact.rankLaws,
      exact.rankStacked,
    ]);
    expect(exact.generic).toEqual({ rankJacobian: 9, rankLaws: 3, recoverable: true });
  });

  it('a ReLU theta with a dead neuron (all its weights 0) is not recoverable: its rescaling direction escapes', () => {
    const lift = pathLifting(parseNetwork('relu:2-2-1'));
    const theta = gaussian(lift.D, 2);
    // Zero every weight at hidden neuron 0 (names mention its id).
    const hid = lift.paramNames.map((nm, i) => (nm.includes('h1_0') ? i : -1)).filter((i) => i >= 0);
    for (const i of hid) theta[i] = 0;
    const res = checkCriteria(lift, theta);
    expect(res.recoverable).toBe(false);
  });

  it('validates theta', () => {
    const lift = twoLayerLifting([2, 1, 2]);
    expect(() => checkCriteria(lift, [1, 2, 3])).toThrow(/theta has length 3, expected D = 4/);
    expect(() => checkCriteria(lift, [1, 2, Number.NaN, 4])).toThrow(/theta\[2\]/);
  });
});
