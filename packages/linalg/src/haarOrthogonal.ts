import { Matrix, QrDecomposition } from 'ml-matrix';
import type { Rng } from './random.js';

/**
 * A Haar-distributed (uniformly random) n×n orthogonal matrix.
 *
 * Draws G with independent standard normal entries (row-major from `rng.normals`), factors
 * G = Q R (Householder QR) and returns Q·diag(sign(R_ii)). Without the sign correction the
 * distribution of Q depends on the QR convention and is not Haar (Mezzadri 2007).
 * @param n - the size, a non-negative integer
 * @param rng - a seeded generator from {@link createRng}
 * @returns an n×n matrix Q with Q^T Q = I (to rounding)
 * @throws RangeError if `n` is not a non-negative integer; TypeError if `rng` has no `normals`
 * @example
 * const Q = haarOrthogonal(3, createRng(1));
 * Q.transpose().mmul(Q); // ≈ identity
 * @see MATH.md §4.4 (construction with random orthogonal A_i)
 */
export function haarOrthogonal(n: number, rng: Rng): Matrix {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`haarOrthogonal: n must be a non-negative integer, got ${String(n)}`);
  }
  if (rng === null || typeof rng !== 'object' || typeof rng.normals !== 'function') {
    throw new TypeError('haarOrthogonal: rng must be a generator from createRng(seed)');
  }
  if (n === 0) return new Matrix(0, 0);
  const g = rng.normals(n * n);
  const G = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G.set(i, j, g[i * n + j]!);
  const qr = new QrDecomposition(G);
  const Q = qr.orthogonalMatrix;
  const R = qr.upperTriangularMatrix;
  for (let j = 0; j < n; j++) {
    if (R.get(j, j) < 0) for (let i = 0; i < n; i++) Q.set(i, j, -Q.get(i, j));
  }
  return Q;
}
