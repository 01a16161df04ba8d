import { Matrix } from 'ml-matrix';
import { checkMatrix } from './internal/validate.js';

/** Options of {@link interpolateParameter}. */
export interface InterpolateParameterOptions {
  /**
   * `linear`: piecewise linear (exact for affine A, error O(h²), only continuous);
   * `cubic`: natural cubic spline per entry (C², error O(h⁴) in the interior and O(h²) within a few
   * nodes of s = 0 and s = 1 because of the natural end conditions). @default 'cubic'
   */
  kind?: 'linear' | 'cubic';
}

/** A matrix-valued function of s ∈ [0, 1] (the parameter A(s) of the linear neural ODE). */
export type MatrixFunction = (s: number) => Matrix;

/**
 * Turns a parameter A(s) given on a grid into a function of s, entry by entry.
 *
 * @param grid - strictly increasing nodes s_0 < … < s_N (at least 2; they need not be uniform)
 * @param values - A(s_j) for each node, all of the same shape
 * @param options - interpolation kind
 * @returns s ↦ A(s) on [s_0, s_N]; outside it throws
 * @throws RangeError if the grid is not strictly increasing, lengths differ, shapes differ, or
 *   (from the returned function) s is outside [s_0, s_N]
 * @example
 * const A = interpolateParameter([0, 1], [Matrix.zeros(2, 2), Matrix.eye(2)], { kind: 'linear' });
 * A(0.25); // 0.25 I
 * @see MATH.md §4.5
 */
export function interpolateParameter(
  grid: ArrayLike<number>,
  values: readonly Matrix[],
  options: InterpolateParameterOptions = {},
): MatrixFunction {
  const fn = 'interpolateParameter';
  const N = grid.length;
  if (N < 2) throw new RangeError(`${fn}: grid needs at least 2 nodes, got ${N}`);
  if (values.length !== N)
    throw new RangeError(`${fn}: values has length ${values.length}, expected ${N} (grid length)`);
  for (let j = 0; j < N; j++) {
    if (!Number.isFinite(grid[j]!)) throw new RangeError(`${fn}: grid[${j}] = ${grid[j]} is not finite`);
    if (j > 0 && !(grid[j]! > grid[j - 1]!))
      throw new RangeError(
        `${fn}: grid must be strictly increasing, got grid[${j - 1}] = ${grid[j - 1]}, grid[${j}] = ${grid[j]}`,
      );
  }
  checkMatrix(fn, 'values[0]', values[0]);
  const rows = values[0]!.rows;
  const cols = values[0]!.columns;
  values.forEach((V, j) => {
    checkMatrix(fn, `values[${j}]`, V, rows, cols);
  });
  const kind = options.kind ?? 'cubic';
  if (kind !== 'linear' && kind !== 'cubic')
    throw new RangeError(`${fn}: options.kind must be 'linear' or 'cubic', got ${String(kind)}`);
  const s = Float64Array.from(grid);
  const h = new Float64Array(N - 1);
  for (let j = 0; j + 1 < N; j++) h[j] = s[j + 1]! - s[j]!;
  // Second derivatives of the natural spline, per entry (M_0 = M_N = 0): tridiagonal solve.
  const second: Matrix[] = Array.from({ length: N }, () => Matrix.zeros(rows, cols));
  if (kind === 'cubic' && N > 2) {
    const m = N - 2;
    for (let a = 0; a < rows; a++)
      for (let b = 0; b < cols; b++) {
        const diag = new Float64Array(m);
        const rhs = new Float64Array(m);
        const sup = new Float64Array(m);
        for (let i = 0; i < m; i++) {
          const j = i + 1;
          diag[i] = 2 * (h[j - 1]! + h[j]!);
          sup[i] = h[j]!;
          const y0 = values[j - 1]!.get(a, b);
          const y1 = values[j]!.get(a, b);
          const y2 = values[j + 1]!.get(a, b);
          rhs[i] = 6 * ((y2 - y1) / h[j]! - (y1 - y0) / h[j - 1]!);
        }
        // Thomas algorithm (the matrix is symmetric, diagonally dominant).
        for (let i = 1; i < m; i++) {
          const w = sup[i - 1]! / diag[i - 1]!;
          diag[i] = diag[i]! - w * sup[i - 1]!;
          rhs[i] = rhs[i]! - w * rhs[i - 1]!;
        }
        const x = new Float64Array(m);
        for (let i = m - 1; i >= 0; i--) x[i] = (rhs[i]! - (i + 1 < m ? sup[i]! * x[i + 1]! : 0)) / diag[i]!;
        for (let i = 0; i < m; i++) second[i + 1]!.set(a, b, x[i]!);
      }
  }
  const lo = s[0]!;
  const hi = s[N - 1]!;
  return (t: number): Matrix => {
    if (!(t >= lo && t <= hi)) throw new RangeError(`${fn}: s = ${t} is outside [${lo}, ${hi}]`);
    // Binary search for the interval [s_j, s_{j+1}] containing t.
    let j = 0;
    let k = N - 1;
    while (k - j > 1) {
      const mid = (j + k) >> 1;
      if (s[mid]! <= t) j = mid;
      else k = mid;
    }
    const hj = h[j]!;
    const u = (t - s[j]!) / hj;
    const out = new Matrix(rows, cols);
    for (let a = 0; a < rows; a++)
      for (let b = 0; b < cols; b++) {
        const y0 = values[j]!.get(a, b);
        const y1 = values[j + 1]!.get(a, b);
        let v = (1 - u) * y0 + u * y1;
        if (kind === 'cubic') {
          const m0 = second[j]!.get(a, b);
          const m1 = second[j + 1]!.get(a, b);
          v += ((hj * hj) / 6) * (((1 - u) ** 3 - (1 - u)) * m0 + (u ** 3 - u) * m1);
        }
        out.set(a, b, v);
      }
    return out;
  };
}
