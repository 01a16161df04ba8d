import { Matrix } from 'ml-matrix';

/**
 * The largest entrywise difference max_i |a_i − b_i| of two vectors or two matrices of the same
 * shape (0 when empty); a NaN difference makes the result NaN.
 *
 * @param a - an array, a typed array or an ml-matrix Matrix
 * @param b - the same kind of value, of the same length (or shape)
 * @returns the max-norm of a − b, or NaN
 * @throws RangeError if the lengths or the shapes differ
 * @example
 * maxAbsDiff([1, 2, 3], [1, 2.5, 2]); // 1
 * maxAbsDiff(new Matrix([[1, 2]]), new Matrix([[0, 2]])); // 1
 * @see MATH.md §6
 */
export function maxAbsDiff(a: ArrayLike<number> | Matrix, b: ArrayLike<number> | Matrix): number {
  const am = Matrix.isMatrix(a);
  const bm = Matrix.isMatrix(b);
  if (am || bm) {
    const A = a as Matrix;
    const B = b as Matrix;
    if (!(am && bm) || A.rows !== B.rows || A.columns !== B.columns) {
      const shape = (x: unknown, m: boolean) =>
        m ? `${(x as Matrix).rows}×${(x as Matrix).columns}` : `length ${(x as ArrayLike<number>).length}`;
      throw new RangeError(`maxAbsDiff: a is ${shape(a, am)} but b is ${shape(b, bm)}`);
    }
  }
  const x = am ? (a as Matrix).to1DArray() : (a as ArrayLike<number>);
  const y = bm ? (b as Matrix).to1DArray() : (b as ArrayLike<number>);
  if (x.length !== y.length)
    throw new RangeError(`maxAbsDiff: a has length ${x.length} but b has length ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]! - y[i]!);
    if (v > m || Number.isNaN(v)) m = v;
    if (Number.isNaN(m)) return m;
  }
  return m;
}
