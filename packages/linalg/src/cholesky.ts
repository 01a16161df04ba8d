/**
 * Cholesky factor L (lower triangular, L Lᵀ = A) of a symmetric positive definite matrix given
 * row-major as a Float64Array, or the index of the first pivot that is not positive. A pivot is
 * rejected when it falls to `relTol` times its original diagonal entry or below, so a singular
 * matrix perturbed by rounding is reported rather than factored into huge numbers.
 *
 * Only the lower triangle of A is read. Cost n³/3 multiply-adds.
 *
 * @param A - row-major n × n matrix (symmetric positive definite)
 * @param n - its order
 * @param relTol - relative pivot threshold @default 1e-14
 * @returns the factor L (row-major n × n, upper triangle zero), or the index of the failing pivot
 * @throws RangeError if `A.length` is not n²
 * @example
 * const L = cholesky(new Float64Array([4, 2, 2, 3]), 2); // Float64Array [2, 0, 1, 1.414…]
 * cholesky(new Float64Array([1, 1, 1, 1]), 2); // 1 (singular: second pivot is 0)
 */
export function cholesky(A: Float64Array, n: number, relTol = 1e-14): Float64Array | number {
  if (!Number.isInteger(n) || n < 0 || A.length !== n * n) {
    throw new RangeError(`cholesky: A has length ${A.length}, expected n² with n = ${n}`);
  }
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const ajj = A[j * n + j]!;
    let d = ajj;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! ** 2;
    if (!(d > relTol * Math.abs(ajj)) || !(d > 0)) return j;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

/**
 * Solves L Lᵀ x = b by forward and back substitution, for a factor from {@link cholesky}.
 *
 * @param L - row-major n × n lower-triangular factor with a positive diagonal
 * @param b - right-hand side of length n
 * @param n - the order
 * @returns x with L Lᵀ x = b
 * @throws RangeError if the lengths do not match n
 * @example
 * const L = cholesky(new Float64Array([4, 2, 2, 3]), 2) as Float64Array;
 * choleskySolve(L, new Float64Array([6, 5]), 2); // Float64Array [1, 1]
 */
export function choleskySolve(L: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  if (L.length !== n * n || b.length !== n) {
    throw new RangeError(
      `choleskySolve: L has length ${L.length} and b length ${b.length}, expected ${n * n} and ${n}`,
    );
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
    y[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}
