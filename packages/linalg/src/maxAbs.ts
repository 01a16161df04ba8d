import { Matrix } from 'ml-matrix';

/**
 * The largest absolute entry max_i |x_i| of a vector or max_ij |A_ij| of a matrix (0 when empty);
 * a NaN entry makes the result NaN, so a NaN never passes for a small value.
 *
 * @param x - an array, a typed array or an ml-matrix Matrix
 * @returns the max-norm, or NaN
 * @example
 * maxAbs([1, -3, 2]); // 3
 * maxAbs(new Matrix([[1, -4], [2, 0]])); // 4
 * @see MATH.md §6
 */
export function maxAbs(x: ArrayLike<number> | Matrix): number {
  const a = Matrix.isMatrix(x) ? (x as Matrix).to1DArray() : (x as ArrayLike<number>);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m || Number.isNaN(v)) m = v;
    if (Number.isNaN(m)) return m;
  }
  return m;
}
