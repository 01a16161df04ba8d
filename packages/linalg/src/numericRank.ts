import { assertTolerance } from './internal/checks.js';
import type { MatrixInput } from './matrixFrom.js';
import { matrixFrom } from './matrixFrom.js';
import { singularValuesOf } from './internal/singularValuesOf.js';

/**
 * Numerical rank: the number of singular values above `rtol` times the largest one.
 *
 * Correct for wide matrices (computed on the transpose). Use it only where exact arithmetic is
 * impossible; ranks that decide a count should use {@link modRank}.
 * @param A - an m×n matrix with finite entries (see {@link matrixFrom})
 * @param rtol - relative threshold on singular values
 * @returns the rank in [0, min(m, n)]; 0 for a zero or empty matrix
 * @throws RangeError if `rtol` is not a finite number >= 0, or as {@link matrixFrom}
 * @example
 * numericRank([[1, 2, 3], [2, 4, 6]]); // 1
 * numericRank([[1, 0], [0, 1e-12]]); // 1
 * numericRank([[1, 0], [0, 1e-12]], 1e-14); // 2
 * @see MATH.md §6 (SVD with a relative tolerance around 1e-8 at random points)
 */
export function numericRank(A: MatrixInput, rtol = 1e-8): number {
  assertTolerance('numericRank: rtol', rtol);
  const s = singularValuesOf(matrixFrom('numericRank: A', A));
  const smax = s[0] ?? 0;
  if (smax === 0) return 0;
  let r = 0;
  for (const v of s) if (v > rtol * smax) r++;
  return r;
}
