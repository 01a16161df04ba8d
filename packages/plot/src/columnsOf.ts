/**
 * Splits a row-major `rows x cols` matrix (e.g. an ODE solution, times x dim) into its columns, the
 * per-coordinate arrays the plot functions take.
 *
 * @param data - row-major values, length `rows * cols`
 * @param rows - number of rows (time points)
 * @param cols - number of columns (coordinates)
 * @returns `cols` arrays of length `rows`
 * @throws RangeError if the sizes disagree
 * @example
 * columnsOf([1, 2, 3, 4, 5, 6], 3, 2); // [Float64Array [1, 3, 5], Float64Array [2, 4, 6]]
 * @see README (Usage: plotting an integrator result)
 */
export function columnsOf(data: ArrayLike<number>, rows: number, cols: number): Float64Array[] {
  if (!Number.isInteger(rows) || rows < 0)
    throw new RangeError(`columnsOf: rows must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0)
    throw new RangeError(`columnsOf: cols must be a non-negative integer, got ${cols}`);
  if (data.length !== rows * cols) {
    throw new RangeError(`columnsOf: data has length ${data.length}, expected ${rows * cols} (rows * cols)`);
  }
  const out: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = data[i * cols + j]!;
    out.push(c);
  }
  return out;
}
