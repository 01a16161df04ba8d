// Entry-point validation shared by the package's exports (private).
import { Matrix } from 'ml-matrix';

/** Throws unless `M` is an ml-matrix Matrix with finite entries (and the given shape, if any). */
export function checkMatrix(
  fn: string,
  name: string,
  M: unknown,
  rows?: number,
  cols?: number,
): asserts M is Matrix {
  if (!Matrix.isMatrix(M)) throw new TypeError(`${fn}: ${name} must be an ml-matrix Matrix, got ${typeof M}`);
  const A = M as Matrix;
  if (rows !== undefined && A.rows !== rows)
    throw new RangeError(`${fn}: ${name} has ${A.rows} rows, expected ${rows}`);
  if (cols !== undefined && A.columns !== cols)
    throw new RangeError(`${fn}: ${name} has ${A.columns} columns, expected ${cols}`);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < A.columns; j++) {
      const v = A.get(i, j);
      if (!Number.isFinite(v))
        throw new RangeError(`${fn}: ${name}[${i}][${j}] is ${v}, expected a finite number`);
    }
}

/** Throws unless `M` is a finite square matrix. */
export function checkSquare(fn: string, name: string, M: unknown, n?: number): asserts M is Matrix {
  checkMatrix(fn, name, M, n, n);
  const A = M as Matrix;
  if (A.rows !== A.columns)
    throw new RangeError(`${fn}: ${name} must be square, got ${A.rows} x ${A.columns}`);
}

/** Throws unless `x` is a finite number. */
export function checkFinite(fn: string, name: string, x: unknown): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${String(x)}`);
}

/**
 * Checks a chain of layer matrices [U_1, …, U_L] (U_i of shape n_i × n_{i−1}) and returns the
 * widths [n_0, …, n_L].
 */
export function checkChain(fn: string, weights: unknown): number[] {
  if (!Array.isArray(weights) || weights.length === 0)
    throw new TypeError(`${fn}: weights must be a non-empty array of matrices [U_1, ..., U_L]`);
  weights.forEach((U, i) => {
    checkMatrix(fn, `weights[${i}]`, U);
  });
  const W = weights as Matrix[];
  const widths = [W[0]!.columns];
  for (let i = 0; i < W.length; i++) {
    if (W[i]!.columns !== widths[i])
      throw new RangeError(
        `${fn}: weights[${i}] has ${W[i]!.columns} columns, expected ${widths[i]} (rows of weights[${i - 1}])`,
      );
    widths.push(W[i]!.rows);
  }
  return widths;
}
