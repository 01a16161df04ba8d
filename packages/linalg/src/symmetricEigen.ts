import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { MatrixInput } from './matrixFrom.js';
import { assertSquare, assertTolerance } from './internal/checks.js';
import { matrixFrom } from './matrixFrom.js';

/** Options of {@link symmetricFunction} and {@link symmetricEigen}. */
export interface SymmetricFunctionOptions {
  /**
   * Largest accepted asymmetry, relative: max|A - A^T| <= symmetryTol · max|A|. Inputs computed
   * as symmetric products (z z^T) pass easily; a clearly non-symmetric input is an error rather than
   * being silently symmetrised.
   * @default 1e-8
   */
  symmetryTol?: number;
}

/**
 * The eigendecomposition of the symmetric part of a square matrix.
 */
export interface SymmetricEigenResult {
  /** Eigenvalues in ascending order, in the order of the columns of `vectors`. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns. */
  vectors: Matrix;
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of the symmetric part of A (validated as in
 * {@link symmetricFunction}).
 * @param A - a square, (nearly) symmetric matrix with finite entries
 * @param options - see {@link SymmetricFunctionOptions}
 * @param name - the argument's name used in error messages
 * @returns the eigenvalues and eigenvectors (as columns)
 * @throws RangeError as {@link symmetricFunction}
 * @example
 * symmetricEigen([[2, 0], [0, 1]]).values; // Float64Array [1, 2]
 * @see MATH.md §6
 */
export function symmetricEigen(
  A: MatrixInput,
  options: SymmetricFunctionOptions = {},
  name = 'symmetricEigen: A',
): SymmetricEigenResult {
  const m = matrixFrom(name, A);
  assertSquare(name, m);
  const tol = options.symmetryTol ?? 1e-8;
  assertTolerance(`${name.split(':')[0]}: options.symmetryTol`, tol);
  const n = m.rows;
  let scale = 0;
  let asym = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      scale = Math.max(scale, Math.abs(m.get(i, j)));
      if (j > i) asym = Math.max(asym, Math.abs(m.get(i, j) - m.get(j, i)));
    }
  }
  if (asym > tol * scale) {
    throw new RangeError(
      `${name} is not symmetric: max|A - A^T| = ${asym} > symmetryTol · max|A| = ${tol * scale}`,
    );
  }
  const s = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = 0.5 * (m.get(i, j) + m.get(j, i));
      s.set(i, j, v);
      s.set(j, i, v);
    }
  }
  if (n === 0) return { values: new Float64Array(0), vectors: new Matrix(0, 0) };
  const evd = new EigenvalueDecomposition(s, { assumeSymmetric: true });
  const values = Float64Array.from(evd.realEigenvalues);
  const vectors = evd.eigenvectorMatrix;
  // ml-matrix's symmetric path returns them ascending already; sorting makes it a guarantee.
  let sorted = true;
  for (let i = 1; i < n; i++) if (values[i]! < values[i - 1]!) sorted = false;
  if (sorted) return { values, vectors };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const sortedVectors = new Matrix(n, n);
  order.forEach((src, dst) => {
    for (let i = 0; i < n; i++) sortedVectors.set(i, dst, vectors.get(i, src));
  });
  return { values: Float64Array.from(order, (k) => values[k]!), vectors: sortedVectors };
}
