import { createRng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { denseJacobian, denseMetricProduct, fdJacobian, maxAbs } from '../test/checks.js';
import { matrixProductLifting } from './matrixProductLifting.js';
import { twoLayerLifting } from './twoLayerLifting.js';

/** theta of matrixProductLifting([m, r, n]) from (U, V): U_1 = V^T (r x m), U_2 = U (n x r). */
function toProductTheta(theta: Float64Array, n: number, r: number, m: number): Float64Array {
  const out = new Float64Array(theta.length);
  const nU = n * r;
  for (let k = 0; k < r; k++) for (let b = 0; b < m; b++) out[k * m + b] = theta[nU + b * r + k]!;
  out.set(theta.subarray(0, nU), r * m);
  return out;
}

/** Product of row-major matrices a (p x q) and b (q x s). */
function mm(a: ArrayLike<number>, b: ArrayLike<number>, p: number, q: number, s: number): Float64Array {
  const c = new Float64Array(p * s);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < q; k++) for (let j = 0; j < s; j++) c[i * s + j]! += a[i * q + k]! * b[k * s + j]!;
  return c;
}

/** Random r x r matrix and its inverse transpose via Gauss-Jordan (well conditioned: I + 0.3 N). */
function invertibleAndInvT(
  rng: ReturnType<typeof createRng>,
  r: number,
): { A: Float64Array; AinvT: Float64Array } {
  const A = rng.normals(r * r, 0.3);
  for (let i = 0; i < r; i++) A[i * r + i]! += 1;
  const aug = Array.from({ length: r }, (_, i) => [
    ...Array.from({ length: r }, (_, j) => A[i * r + j]!),
    ...Array.from({ length: r }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let c = 0; c < r; c++) {
    let piv = c;
    for (let i = c + 1; i < r; i++) if (Math.abs(aug[i]![c]!) > Math.abs(aug[piv]![c]!)) piv = i;
    [aug[c], aug[piv]] = [aug[piv]!, aug[c]!];
    const p = aug[c]![c]!;
    for (let j = 0; j < 2 * r; j++) aug[c]![j]! /= p;
    for (let i = 0; i < r; i++) {
      if (i === c) continue;
      const f = aug[i]![c]!;
      for (let j = 0; j < 2 * r; j++) aug[i]![j]! -= f * aug[c]![j]!;
    }
  }
  const AinvT = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) AinvT[j * r + i] = aug[i]![r + j]!;
  return { A, AinvT };
}

/** Random orthogonal r x r matrix by Gram-Schmidt on a Gaussian matrix. */
function orthogonal(rng: ReturnType<typeof createRng>, r: number): Float64Array {
  const Q = rng.normals(r * r);
  for (let j = 0; j < r; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < r; i++) dot += Q[i * r + j]! * Q[i * r + k]!;
      for (let i = 0; i < r; i++) Q[i * r + j]! -= dot * Q[i * r + k]!;
    }
    let nrm = 0;
    for (let i = 0; i < r; i++) nrm += Q[i * r + j]! ** 2;
    for (let i = 0; i < r; i++) Q[i * r + j]! /= Math.sqrt(nrm);
  }
  return Q;
}

const dims = fc.record({
  n: fc.integer({ min: 1, max: 4 }),
  r: fc.integer({ min: 1, max: 4 }),
  m: fc.integer({ min: 1, max: 4 }),
  seed: fc.nat(1e6),
});

describe('twoLayerLifting', () => {
  it('phi is U V^T (hand-computed)', () => {
    // U = [1; 2], V = [3; 4]: U V^T = [[3, 4], [6, 8]]
    expect(twoLayerLifting([2, 1, 2]).phi([1, 2, 3, 4])).toBeAllClose([3, 4, 6, 8]);
  });

  it('equals matrixProductLifting([m, r, n]) with U_1 = V^T, U_2 = U, for phi, vjp and metricProduct', () => {
    fc.assert(
      fc.property(dims, ({ n, r, m, seed }) => {
        const a = twoLayerLifting([m, r, n]);
        const b = matrixProductLifting([m, r, n]);
        const rng = createRng(seed);
        const theta = rng.normals(a.D);
        const tp = toProductTheta(theta, n, r, m);
        const G = rng.normals(a.d);
        expect(a.phi(theta)).toBeAllClose(b.phi(tp));
        expect(toProductTheta(a.vjp(theta, G), n, r, m)).toBeAllClose(b.vjp(tp, G));
        expect(a.metricProduct(theta, G)).toBeAllClose(b.metricProduct(tp, G));
        expect(a.lawValues(theta)).toBeAllClose(b.lawValues(tp));
      }),
      { numRuns: 30 },
    );
  });

  it('the Jacobian equals central finite differences and M G equals the dense J J^T G', () => {
    const lift = twoLayerLifting([4, 2, 3]);
    const rng = createRng(7);
    const theta = rng.normals(lift.D);
    const J = denseJacobian(lift, theta);
    expect(J).toBeAllClose(fdJacobian(lift, theta), { rtol: 1e-7, atol: 1e-8 });
    const G = rng.normals(lift.d);
    expect(lift.metricProduct(theta, G)).toBeAllClose(denseMetricProduct(J, lift.d, lift.D, G));
  });

  it('z is invariant under (U A, V A^{-T}) for invertible A (MATH.md §5)', () => {
    fc.assert(
      fc.property(dims, ({ n, r, m, seed }) => {
        const lift = twoLayerLifting([m, r, n]);
        const rng = createRng(seed);
        const theta = rng.normals(lift.D);
        const { A, AinvT } = invertibleAndInvT(rng, r);
        const moved = new Float64Array(lift.D);
        moved.set(mm(theta.subarray(0, n * r), A, n, r, r), 0);
        moved.set(mm(theta.subarray(n * r), AinvT, m, r, r), n * r);
        expect(lift.phi(moved)).toBeAllClose(lift.phi(theta), { rtol: 1e-9, atol: 1e-10 });
      }),
      { numRuns: 30 },
    );
  });

  it('M is unchanged under (U A, V A^{-T}) for orthogonal A, and changed for a generic A (MATH.md §5)', () => {
    fc.assert(
      fc.property(dims, ({ n, r, m, seed }) => {
        const lift = twoLayerLifting([m, r, n]);
        const rng = createRng(seed);
        const theta = rng.normals(lift.D);
        const G = rng.normals(lift.d);
        const Q = orthogonal(rng, r);
        const rot = new Float64Array(lift.D);
        rot.set(mm(theta.subarray(0, n * r), Q, n, r, r), 0);
        rot.set(mm(theta.subarray(n * r), Q, m, r, r), n * r); // Q^{-T} = Q
        const M0 = lift.metricProduct(theta, G);
        expect(lift.metricProduct(rot, G)).toBeAllClose(M0, { rtol: 1e-9, atol: 1e-10 });
        // Generic A = diag(2, 1, ...): U U^T G + G V V^T changes by O(1) (U U^T grows, V V^T shrinks).
        const A = new Float64Array(r * r);
        const AinvT = new Float64Array(r * r);
        for (let i = 0; i < r; i++) {
          A[i * r + i] = i === 0 ? 2 : 1;
          AinvT[i * r + i] = i === 0 ? 0.5 : 1;
        }
        const gen = new Float64Array(lift.D);
        gen.set(mm(theta.subarray(0, n * r), A, n, r, r), 0);
        gen.set(mm(theta.subarray(n * r), AinvT, m, r, r), n * r);
        const diff = lift.metricProduct(gen, G).map((x, i) => x - M0[i]!);
        expect(maxAbs(diff)).toBeGreaterThan(1e-3 * maxAbs(M0));
      }),
      { numRuns: 30 },
    );
  });

  it('knownLaws are the upper triangle of U^T U - V^T V (r(r+1)/2 polynomials) and match lawValues', () => {
    const lift = twoLayerLifting([2, 3, 3]);
    const theta = createRng(8).normals(lift.D);
    const laws = lift.knownLaws();
    expect(laws.length).toBe(6);
    expect(laws.map((h) => h.evaluate(theta))).toBeAllClose(lift.lawValues(theta));
    expect(lift.polynomials().map((p) => p.evaluate(theta))).toBeAllClose(lift.phi(theta));
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => twoLayerLifting([1, 1, 0])).toThrow(/widths\[2\] must be a positive integer, got 0/);
    expect(() => twoLayerLifting([1, 1.5, 1])).toThrow(RangeError);
    expect(() => twoLayerLifting([2, 2])).toThrow(/widths must have 3 entries \(input first\), got 2/);
  });
});
