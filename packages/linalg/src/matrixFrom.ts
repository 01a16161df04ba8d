import { Matrix } from 'ml-matrix';
import { assertFiniteArray } from './assertFiniteArray.js';
import { describeValue } from './describeValue.js';

/**
 * What the dense helpers accept as a matrix: an ml-matrix `Matrix`, an array of rows, or a flat
 * row-major array / typed array together with an explicit shape.
 */
export type MatrixInput = Matrix | ReadonlyArray<ArrayLike<number>>;

/**
 * Validates `data` and returns it as an ml-matrix `Matrix`.
 *
 * A `Matrix` is returned as is (not copied); arrays of rows and flat arrays are copied. Entries must
 * be finite, rows must all have the same length, and the shape must match `rows`/`cols` when given.
 * A flat (1-D) array needs `rows`; `cols` defaults to `length / rows`.
 * @param name - the argument's name, used in error messages (e.g. "sqrtSym: A")
 * @param data - a `Matrix`, an array of rows, or a flat row-major array / typed array
 * @param rows - expected number of rows (required for flat data)
 * @param cols - expected number of columns
 * @returns the validated matrix
 * @throws TypeError if `data` is not one of the accepted forms; RangeError naming the entry for a
 *   non-finite value, the row for a ragged array, and the actual and expected shapes on a mismatch
 * @example
 * matrixFrom('A', [[1, 2], [3, 4]]).get(1, 0); // 3
 * matrixFrom('A', new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3).columns; // 3
 * matrixFrom('A', [[1, 2], [3]]); // RangeError: A is ragged: row 1 has length 1, row 0 has length 2
 * @see MATH.md §0 (shapes of theta, z, Dphi)
 */
export function matrixFrom(name: string, data: unknown, rows?: number, cols?: number): Matrix {
  if (rows !== undefined && (!Number.isSafeInteger(rows) || rows < 0)) {
    throw new RangeError(`${name}: rows must be a non-negative integer, got ${String(rows)}`);
  }
  if (cols !== undefined && (!Number.isSafeInteger(cols) || cols < 0)) {
    throw new RangeError(`${name}: cols must be a non-negative integer, got ${String(cols)}`);
  }
  let m: Matrix;
  if (Matrix.isMatrix(data)) {
    m = data as Matrix;
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.columns; j++) {
        const v = m.get(i, j);
        if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}][${j}] = ${v} is not finite`);
      }
    }
  } else if (Array.isArray(data) && (data.length === 0 || typeof data[0] !== 'number')) {
    const nr = data.length;
    const nc = nr === 0 ? (cols ?? 0) : lengthOf(name, data[0], 0);
    m = new Matrix(nr, nc);
    for (let i = 0; i < nr; i++) {
      const row = data[i] as unknown;
      const len = lengthOf(name, row, i);
      if (len !== nc) {
        throw new RangeError(`${name} is ragged: row ${i} has length ${len}, row 0 has length ${nc}`);
      }
      assertFiniteArray(`${name}[${i}]`, row);
      for (let j = 0; j < nc; j++) m.set(i, j, row[j]!);
    }
  } else if (Array.isArray(data) || ArrayBuffer.isView(data)) {
    assertFiniteArray(name, data);
    if (rows === undefined) {
      throw new TypeError(`${name} is a flat array of length ${data.length}: pass its shape (rows, cols)`);
    }
    const nc = cols ?? (rows === 0 ? 0 : data.length / rows);
    if (!Number.isInteger(nc) || rows * nc !== data.length) {
      throw new RangeError(
        `${name} has length ${data.length}, expected rows × cols = ${rows} × ${cols ?? '?'}${cols === undefined ? '' : ` = ${rows * cols}`}`,
      );
    }
    m = new Matrix(rows, nc);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < nc; j++) m.set(i, j, data[i * nc + j]!);
    }
  } else {
    throw new TypeError(
      `${name} must be a Matrix, an array of rows or a flat array, got ${describeValue(data)}`,
    );
  }
  if ((rows !== undefined && m.rows !== rows) || (cols !== undefined && m.columns !== cols)) {
    throw new RangeError(
      `${name} has shape ${m.rows}×${m.columns}, expected ${rows ?? 'any'}×${cols ?? 'any'}`,
    );
  }
  return m;
}

function lengthOf(name: string, row: unknown, i: number): number {
  if (!(Array.isArray(row) || ArrayBuffer.isView(row))) {
    throw new TypeError(`${name}[${i}] must be an array of numbers, got ${describeValue(row)}`);
  }
  return (row as ArrayLike<unknown>).length;
}
