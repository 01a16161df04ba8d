/**
 * Cholesky factor of a symmetric positive definite row-major n x n matrix (lower triangle, in a
 * new array), or the index of the first non-positive pivot when A is not numerically positive
 * definite. A pivot is rejected when it falls below `relTol` times the original diagonal entry,
 * so a singular matrix perturbed by rounding is not accepted.
 */
export function cholesky(A: Float64Array, n: number, relTol = 1e-14): Float64Array | number {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! ** 2;
    if (!(d > relTol * Math.abs(A[j * n + j]!)) || !(d > 0)) return j;
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

/** Solves L L^T x = b for a Cholesky factor from {@link cholesky}. */
export function choleskySolve(L: Float64Array, b: Float64Array, n: number): Float64Array {
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
