import { Matrix } from '@idyn/linalg';
import { UsageError } from './errors.js';
import type { ResolvedNet } from './net.js';

/** Splits θ into the layers U_1, …, U_L (row-major, U_i of shape n_i × n_{i−1}). */
export function unflattenWeights(theta: ArrayLike<number>, widths: readonly number[]): Matrix[] {
  const out: Matrix[] = [];
  let k = 0;
  for (let l = 1; l < widths.length; l++) {
    const rows = widths[l]!;
    const cols = widths[l - 1]!;
    const U = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) U.set(i, j, theta[k++]!);
    out.push(U);
  }
  return out;
}

/** The widths of a matrix-product net, or a usage error naming the command. */
export function linearWidths(command: string, net: ResolvedNet): readonly number[] {
  if (net.liftingKind !== 'matrix' || net.widths === undefined)
    throw new UsageError(
      `idyn ${command} needs a linear: preset without biases (z = U_L...U_1), got <net> '${net.source}'`,
    );
  return net.widths;
}

/** A seeded standard-normal matrix. */
export function gaussianMatrix(rows: number, cols: number, normal: () => number): Matrix {
  const M = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M.set(i, j, normal());
  return M;
}

/** max_ij |A − B|. */
export function maxAbsDiff(A: Matrix, B: Matrix): number {
  let m = 0;
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < A.columns; j++) m = Math.max(m, Math.abs(A.get(i, j) - B.get(i, j)));
  return m;
}

/** Row-major entries of a matrix. */
export function entries(M: Matrix): number[] {
  return M.to1DArray();
}
