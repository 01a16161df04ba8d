/** Row-major dense products on Float64Array; shapes are passed explicitly. */

/** C = A B with A (m x k), B (k x n). */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      const bo = p * n;
      const co = i * n;
      for (let j = 0; j < n; j++) c[co + j]! += aip * b[bo + j]!;
    }
  }
  return c;
}

/** Transpose of A (m x n), giving n x m. */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

/** Identity n x n. */
export function identity(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

/** y += x (same length). */
export function addInto(y: Float64Array, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += x[i]!;
}

/** Appends to `out` the entries on and above the diagonal of Xᵀ X − Yᵀ Y, X (p x r), Y (q x r). */
export function gramDifferenceUpperValues(
  out: number[],
  X: Float64Array,
  Y: Float64Array,
  p: number,
  q: number,
  r: number,
): void {
  const A = matmul(transpose(X, p, r), X, r, p, r);
  const B = matmul(transpose(Y, q, r), Y, r, q, r);
  for (let i = 0; i < r; i++) for (let j = i; j < r; j++) out.push(A[i * r + j]! - B[i * r + j]!);
}
