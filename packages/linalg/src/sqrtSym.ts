import type { Matrix } from 'ml-matrix';
import type { MatrixInput } from './matrixFrom.js';
import { powSymNamed } from './internal/powSymNamed.js';
import type { PowSymOptions } from './powSym.js';

/**
 * The positive semi-definite square root of a symmetric positive semi-definite matrix,
 * A^{1/2} = V diag(sqrt(λ)) V^T; eigenvalues slightly below 0 (within `negativeTol`) count as 0.
 * @param A - a square, (nearly) symmetric, positive semi-definite matrix with finite entries
 * @param options - see {@link PowSymOptions}
 * @returns a new symmetric PSD matrix S with S·S = A
 * @throws RangeError if A has a clearly negative eigenvalue, or as {@link symmetricFunction}
 * @example
 * sqrtSym([[5, 4], [4, 5]]).to2DArray(); // [[2, 1], [1, 2]] (to rounding)
 * @see MATH.md §4.3 (sqrt(z z^T + λ^2/4 I)), §6
 */
export function sqrtSym(A: MatrixInput, options: PowSymOptions = {}): Matrix {
  return powSymNamed('sqrtSym', A, 0.5, options);
}
