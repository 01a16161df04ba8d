import { createRng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layeredFlowLoss } from '../layeredFlowLoss.js';
import type { LayeredFlowProblem } from '../types.js';
import { layeredFlowRhs } from './layered.js';
import { mulAB, mulABt, mulAtB } from './matmul.js';

// Reference: the plain triple loops, one sum per output element in the natural order of the inner
// index. The blocked kernels promise the very same floating-point result (same operations, same
// order), so the comparison is exact equality, not a tolerance.
function refAB(
  A: Float64Array,
  ao: number,
  B: Float64Array,
  n: number,
  k: number,
  m: number,
  init: Float64Array | null,
  io: number,
) {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = init === null ? 0 : init[io + i]!;
      for (let p = 0; p < k; p++) s += A[ao + i * k + p]! * B[p * m + j]!;
      out[i * m + j] = s;
    }
  return out;
}
function refABt(A: Float64Array, B: Float64Array, n: number, k: number, m: number, sign: number) {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * k + p]! * B[j * k + p]!;
      out[i * m + j] = sign * s;
    }
  return out;
}
function refAtB(A: Float64Array, ao: number, B: Float64Array, n: number, k: number, m: number) {
  const out = new Float64Array(k * m);
  for (let p = 0; p < k; p++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += A[ao + i * k + p]! * B[i * m + j]!;
      out[p * m + j] = s;
    }
  return out;
}

const size = fc.integer({ min: 1, max: 7 });

describe('blocked matrix kernels', () => {
  it('equal the plain triple loops bit for bit, odd and even sizes, offsets, bias init and sign (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        size,
        size,
        size,
        fc.boolean(),
        (seed, n, k, m, useInit) => {
          const rng = createRng(seed);
          const ao = rng.integer(0, 5);
          const A = rng.normals(ao + n * k);
          const B = rng.normals(k * m);
          const init = useInit ? rng.normals(n + 3) : null;
          const out = new Float64Array(n * m);
          mulAB(out, A, ao, B, n, k, m, init, 2);
          expect(Array.from(out)).toEqual(Array.from(refAB(A, ao, B, n, k, m, init, 2)));

          const A2 = rng.normals(n * k);
          const B2 = rng.normals(m * k);
          const sign = useInit ? -1 : 1;
          const out2 = new Float64Array(ao + n * m);
          mulABt(out2, ao, A2, B2, n, k, m, sign);
          expect(Array.from(out2.subarray(ao))).toEqual(Array.from(refABt(A2, B2, n, k, m, sign)));

          const B3 = rng.normals(n * m);
          const out3 = new Float64Array(k * m);
          mulAtB(out3, A, ao, B3, n, k, m);
          expect(Array.from(out3)).toEqual(Array.from(refAtB(A, ao, B3, n, k, m)));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('layered-flow right-hand side', () => {
  it('is exactly −∇L of layeredFlowLoss (linear synthetic and ReLU MSE with bias)', () => {
    const rng = createRng(11);
    const problems: LayeredFlowProblem[] = [
      {
        kind: 'layered-flow',
        widths: [3, 5, 4, 2],
        activation: 'identity',
        bias: false,
        loss: { type: 'synthetic', Y: rng.normals(6) },
      },
      {
        kind: 'layered-flow',
        widths: [3, 5, 4, 1],
        activation: 'relu',
        bias: true,
        loss: { type: 'mse', samples: 7, X: rng.normals(21), Y: rng.normals(7) },
      },
    ];
    for (const p of problems) {
      const { dim, loss } = layeredFlowLoss(p);
      const theta = rng.normals(dim);
      const g = new Float64Array(dim);
      loss(theta, g);
      const dy = new Float64Array(dim);
      layeredFlowRhs('test', p).rhs(0, theta, dy);
      expect(Array.from(dy)).toEqual(Array.from(g, (x) => -x));
    }
  });
});
