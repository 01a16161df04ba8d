import { bench, describe } from 'vitest';
import { cpuBackend } from '../src/index.js';
import { linearCase } from './cases.js';

// Seeded deep linear nets with the synthetic loss of MATH.md §5 (./cases.ts), integrated to T = 2.
for (const dims of [
  [3, 4, 3],
  [10, 10, 10],
  [8, 8, 8, 8],
]) {
  const { problem, theta0 } = linearCase(dims, 1);
  const D = theta0.length;
  // Baseline: the same flow with a plainly written right-hand side (arrays of arrays, fresh
  // allocations per call), as a user would write it without the compiled layered-flow code.
  const baselineProblem = { dim: D, rhs: naiveLinearFlowRhs(dims, problem.loss.Y as Float64Array) };
  describe(`deep linear [${dims.join(',')}] to T = 2`, () => {
    bench('dopri5 rtol 1e-10', () => {
      cpuBackend.integrate(problem, theta0, { tEnd: 2, rtol: 1e-10, atol: 1e-12 });
    });
    bench('dopri5 rtol 1e-6', () => {
      cpuBackend.integrate(problem, theta0, { tEnd: 2, rtol: 1e-6, atol: 1e-8 });
    });
    bench('rk4 fixed step 1e-3', () => {
      cpuBackend.integrate(problem, theta0, { tEnd: 2, method: 'rk4', step: 1e-3 });
    });
    bench('baseline: dopri5 rtol 1e-10 with a naive right-hand side', () => {
      cpuBackend.integrate(baselineProblem, theta0, { tEnd: 2, rtol: 1e-10, atol: 1e-12 });
    });
  });
}

function naiveLinearFlowRhs(dims: number[], Y: Float64Array) {
  const L = dims.length - 1;
  const n0 = dims[0]!;
  const nL = dims[L]!;
  const matmul = (A: number[][], B: number[][]) =>
    A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
  const transpose = (A: number[][]) => A[0]!.map((_, j) => A.map((row) => row[j]!));
  const eye = (n: number): number[][] =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  return (_t: number, y: Float64Array, dy: Float64Array) => {
    const Ws: number[][][] = [];
    let k = 0;
    for (let l = 1; l <= L; l++) {
      const rows = dims[l]!;
      const cols = dims[l - 1]!;
      Ws.push(
        Array.from({ length: rows }, (_, i) => Array.from(y.subarray(k + i * cols, k + (i + 1) * cols))),
      );
      k += rows * cols;
    }
    let z = Ws[0] as number[][];
    for (let l = 1; l < L; l++) z = matmul(Ws[l] as number[][], z);
    const G = z.map((row, i) => row.map((v, j) => v - Y[i * n0 + j]! + 0.1 * v ** 3));
    k = 0;
    for (let l = 0; l < L; l++) {
      let P = eye(nL);
      for (let m = L - 1; m > l; m--) P = matmul(P, Ws[m] as number[][]);
      let Q = eye(n0);
      for (let m = 0; m < l; m++) Q = matmul(Ws[m] as number[][], Q);
      const grad = matmul(matmul(transpose(P), G), transpose(Q));
      for (const row of grad) for (const v of row) dy[k++] = -v;
    }
  };
}
