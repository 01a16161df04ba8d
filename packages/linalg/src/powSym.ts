import type { Matrix } from 'ml-matrix';
import type { MatrixInput } from './matrixFrom.js';
import { assertTolerance } from './internal/checks.js';
import { recompose } from './internal/recompose.js';
import { type SymmetricFunctionOptions, symmetricEigen } from './symmetricEigen.js';

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

/** @internal shared by powSym and sqrtSym so that errors name the public function. */
export function powSymNamed(fn: string, A: MatrixInput, p: number, options: PowSymOptions): Matrix {
  if (typeof p !== 'number' || !Number.isFinite(p)) {
    throw new RangeError(`${fn}: p must be a finite number, got ${String(p)}`);
  }
  const negTol = options.negativeTol ?? 1e-10;
  assertTolerance(`${fn}: options.negativeTol`, negTol);
  const { values, vectors } = symmetricEigen(A, options, `${fn}: A`);
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  const integer = Number.isInteger(p);
  const mapped = values.map((lambda) => {
    let l = lambda;
    if (l < 0 && -l <= negTol * scale) l = 0;
    if (l < 0 && !integer) {
      throw new RangeError(
        `${fn}: A has eigenvalue ${lambda} < 0 (beyond negativeTol · max|λ| = ${negTol * scale}), so A^${p} is not real`,
      );
    }
    if (l === 0 && p < 0) {
      throw new RangeError(`${fn}: A is singular (eigenvalue ${lambda}), so A^${p} does not exist`);
    }
    return l === 0 ? (p === 0 ? 1 : 0) : l ** p;
  });
  return recompose(vectors, mapped);
}
