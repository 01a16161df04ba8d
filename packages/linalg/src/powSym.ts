import type { Matrix } from 'ml-matrix';
import type { MatrixInput } from './matrixFrom.js';
import { powSymNamed } from './internal/powSymNamed.js';
import type { SymmetricFunctionOptions } from './symmetricEigen.js';

/** Options of {@link powSym} and {@link sqrtSym}. */
export interface PowSymOptions extends SymmetricFunctionOptions {
  /**
   * Eigenvalues λ < 0 with |λ| <= negativeTol · max|λ| are rounding noise of a positive
   * semi-definite matrix and are treated as 0. A more negative eigenvalue with a fractional power
   * is an error.
   * @default 1e-10
   */
  negativeTol?: number;
}

/**
 * Real power A^p of a symmetric matrix through its eigenvalues: V diag(λ^p) V^T.
 *
 * Integer powers accept any eigenvalues (negative powers need all λ ≠ 0); fractional powers need
 * A positive semi-definite up to `negativeTol`.
 * @param A - a square, (nearly) symmetric matrix with finite entries
 * @param p - a finite exponent
 * @param options - see {@link PowSymOptions}
 * @returns a new symmetric matrix A^p
 * @throws RangeError if `p` is not finite, if an eigenvalue is clearly negative and `p` is not an
 *   integer, if an eigenvalue is 0 (after clamping) and p < 0, or as {@link symmetricFunction}
 * @example
 * powSym([[4, 0], [0, 9]], 0.5).to2DArray(); // [[2, 0], [0, 3]]
 * powSym([[2, 1], [1, 2]], -1).to2DArray(); // [[2/3, -1/3], [-1/3, 2/3]] (to rounding)
 * @see MATH.md §4.4 (balanced case: (z z^T)^((L-j)/L)), §6 (clamp tiny negative eigenvalues)
 */
export function powSym(A: MatrixInput, p: number, options: PowSymOptions = {}): Matrix {
  return powSymNamed('powSym', A, p, options);
}
