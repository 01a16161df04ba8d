import type { Matrix } from 'ml-matrix';
import { recompose } from './internal/recompose.js';

/**
 * V diag(d) Vᵀ from eigenvectors (as columns) and values, computed on the upper triangle and
 * mirrored, so the result is exactly symmetric: the second half of {@link symmetricFunction}, for
 * callers that need the eigenvalues themselves between the two halves (a rank test, values that
 * depend on their position in the ascending order of {@link symmetricEigen}).
 *
 * @param vectors - n × k matrix whose columns are orthonormal eigenvectors
 * @param values - the k values d, one per column
 * @returns the n × n symmetric matrix V diag(d) Vᵀ
 * @throws RangeError if `values` does not have one entry per column of `vectors`
 * @example
 * const { values, vectors } = symmetricEigen([[2, 1], [1, 2]]); // values [1, 3]
 * symmetricFromEigen(vectors, values.map(Math.sqrt)); // the square root, as sqrtSym
 * @see MATH.md §4.3 (A and B maps applied to eigenvalues)
 */
export function symmetricFromEigen(vectors: Matrix, values: ArrayLike<number>): Matrix {
  if (values.length !== vectors.columns) {
    throw new RangeError(
      `symmetricFromEigen: values has length ${values.length}, expected one per column of vectors (${vectors.columns})`,
    );
  }
  return recompose(vectors, Float64Array.from(values));
}
