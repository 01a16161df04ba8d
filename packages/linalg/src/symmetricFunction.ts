import type { Matrix } from 'ml-matrix';
import type { MatrixInput } from './matrixFrom.js';
import { recompose } from './internal/recompose.js';
import { type SymmetricFunctionOptions, symmetricEigen } from './symmetricEigen.js';

export type { SymmetricFunctionOptions } from './symmetricEigen.js';

/**
 * Applies a scalar function to a symmetric matrix through its eigenvalues: f(A) = V diag(f(λ)) V^T.
 *
 * A is first symmetrised, S = (A + A^T)/2, then eigendecomposed (ml-matrix, symmetric path); the
 * result is assembled from its upper triangle so it is exactly symmetric.
 * @param A - a square, (nearly) symmetric matrix with finite entries (see {@link matrixFrom})
 * @param f - maps an eigenvalue λ (and its index) to a finite number
 * @param options - see {@link SymmetricFunctionOptions}
 * @returns a new symmetric matrix f(A)
 * @throws RangeError if A is not square, not symmetric within `symmetryTol`, has non-finite
 *   entries, or if `f` returns a non-finite value (message names the eigenvalue)
 * @example
 * symmetricFunction([[2, 0], [0, 3]], Math.exp).get(1, 1); // 20.085536923187668
 * symmetricFunction([[5, 4], [4, 5]], Math.sqrt).to2DArray(); // [[2, 1], [1, 2]] (to rounding)
 * @see MATH.md §4.3 (A and B maps applied to eigenvalues), §6 (symmetrise first)
 */
export function symmetricFunction(
  A: MatrixInput,
  f: (lambda: number, index: number) => number,
  options: SymmetricFunctionOptions = {},
): Matrix {
  if (typeof f !== 'function')
    throw new TypeError(`symmetricFunction: f must be a function, got ${typeof f}`);
  const { values, vectors } = symmetricEigen(A, options, 'symmetricFunction: A');
  const mapped = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const y = f(values[k]!, k);
    if (typeof y !== 'number' || !Number.isFinite(y)) {
      throw new RangeError(
        `symmetricFunction: f(${values[k]}) = ${String(y)} is not finite (eigenvalue ${k})`,
      );
    }
    mapped[k] = y;
  }
  return recompose(vectors, mapped);
}
