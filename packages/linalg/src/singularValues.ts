import type { MatrixInput } from './matrixFrom.js';
import { singularValuesOf } from './internal/singularValuesOf.js';
import { matrixFrom } from './matrixFrom.js';

/**
 * Singular values of a matrix of any shape, in decreasing order (min(m, n) of them).
 *
 * A wide matrix is transposed first (same singular values), because ml-matrix's SVD (a port of
 * JAMA's Golub–Kahan) is only reliable for rows >= columns; a matrix with rows >= 2·columns is
 * first reduced to the triangular factor of its Householder QR (same singular values, cheaper SVD).
 * @param A - an m×n matrix with finite entries (see {@link matrixFrom})
 * @returns min(m, n) non-negative singular values, decreasing
 * @throws TypeError/RangeError as {@link matrixFrom}
 * @example
 * singularValues([[3, 0, 0], [0, 4, 0]]); // Float64Array [4, 3]
 * @see MATH.md §6 (rank decisions by SVD with a relative tolerance)
 */
export function singularValues(A: MatrixInput): Float64Array {
  return singularValuesOf(matrixFrom('singularValues: A', A));
}
