import { Matrix } from '@idyn/linalg';

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

/** Rows of a row-major [rows, cols] array. */
export function rowsOf(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]!));
}

/** Splits a row-major [rows, cols] array into `cols` column arrays (at most `limit`). */
export function columns(data: ArrayLike<number>, rows: number, cols: number, limit = cols): Float64Array[] {
  const out: Float64Array[] = [];
  for (let j = 0; j < Math.min(cols, limit); j++) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = data[i * cols + j]!;
    out.push(c);
  }
  return out;
}

/** Output times T·i/(n − 1), i = 0 … n − 1. */
export function outputTimes(T: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (T * i) / (n - 1));
}
