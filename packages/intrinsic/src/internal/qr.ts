/**
 * Least-squares solution of min |A x − b| for a dense row-major rows x cols matrix A with
 * rows >= cols, by Householder QR (A and b are overwritten). Works with the condition number of A,
 * not its square as the normal equations would. Returns the first column whose diagonal entry of R
 * falls below `relTol` times the largest column norm when A is numerically rank deficient.
 */
export function qrLeastSquares(
  A: Float64Array,
  b: Float64Array,
  rows: number,
  cols: number,
  relTol = 1e-13,
): Float64Array | number {
  let big = 0;
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += A[i * cols + j]! ** 2;
    big = Math.max(big, Math.sqrt(s));
  }
  const diag = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = j; i < rows; i++) s += A[i * cols + j]! ** 2;
    const norm = Math.sqrt(s);
    if (!(norm > relTol * big)) return j;
    const a0 = A[j * cols + j]!;
    const alpha = a0 > 0 ? -norm : norm;
    // v = x − alpha e1 stored in column j (rows j..), v^T v = 2 norm (norm + |a0|)
    A[j * cols + j] = a0 - alpha;
    const vtv = 2 * norm * (norm + Math.abs(a0));
    for (let k = j + 1; k < cols; k++) {
      let dot = 0;
      for (let i = j; i < rows; i++) dot += A[i * cols + j]! * A[i * cols + k]!;
      const f = (2 * dot) / vtv;
      for (let i = j; i < rows; i++) A[i * cols + k]! -= f * A[i * cols + j]!;
    }
    let dot = 0;
    for (let i = j; i < rows; i++) dot += A[i * cols + j]! * b[i]!;
    const f = (2 * dot) / vtv;
    for (let i = j; i < rows; i++) b[i]! -= f * A[i * cols + j]!;
    diag[j] = alpha;
  }
  const x = new Float64Array(cols);
  for (let j = cols - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let k = j + 1; k < cols; k++) s -= A[j * cols + k]! * x[k]!;
    x[j] = s / diag[j]!;
  }
  return x;
}
