import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { MatrixInput } from './matrixFrom.js';
import { assertTolerance } from './internal/checks.js';
import { householderR } from './internal/householderR.js';
import { matrixFrom } from './matrixFrom.js';
import { maxAbs } from './maxAbs.js';

/**
 * An orthonormal basis of the numerical right null space {x : A x ≈ 0}, as the columns of an
 * n × (n - r) matrix where r = {@link numericRank}(A, rtol).
 *
 * The basis is the right singular vectors whose singular values are <= rtol · σ_max. For a wide
 * matrix (m < n) a thin SVD has only m right singular vectors and misses n - m null directions, so
 * A is padded with zero rows to n×n first (same null space), giving a full n×n V. A tall matrix
 * (rows >= 2n) is first replaced by the n×n triangular factor R of A = Q R (same null space).
 * @param A - an m×n matrix with finite entries (see {@link matrixFrom})
 * @param rtol - relative threshold on singular values
 * @returns an n × k `Matrix` with orthonormal columns spanning the null space (k may be 0; for a
 *   zero or row-less matrix it is the identity)
 * @throws RangeError if `rtol` is not a finite number >= 0, or as {@link matrixFrom}
 * @example
 * nullSpace([[1, 1, 0]]).columns; // 2
 * nullSpace([[1, 0], [0, 1]]).columns; // 0
 * @see MATH.md §6
 */
export function nullSpace(A: MatrixInput, rtol = 1e-8): Matrix {
  assertTolerance('nullSpace: rtol', rtol);
  const a = matrixFrom('nullSpace: A', A);
  const n = a.columns;
  if (n === 0) return new Matrix(0, 0);
  let m = a;
  if (a.rows >= 2 * n) {
    // A = Q R with orthogonal Q: A and R have the same right singular vectors and values.
    m = householderR(a);
  } else if (a.rows < n) {
    m = new Matrix(n, n);
    if (a.rows > 0) m.setSubMatrix(a, 0, 0);
  }
  const svd = new SingularValueDecomposition(m, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: true,
    autoTranspose: false,
  });
  const s = svd.diagonal.map((x) => Math.abs(x));
  const smax = maxAbs(s);
  const V = svd.rightSingularVectors;
  const keep: number[] = [];
  for (let j = 0; j < n; j++) if (!((s[j] ?? 0) > rtol * smax) || smax === 0) keep.push(j);
  const out = new Matrix(n, keep.length);
  keep.forEach((j, c) => {
    for (let i = 0; i < n; i++) out.set(i, c, V.get(i, j));
  });
  return out;
}
