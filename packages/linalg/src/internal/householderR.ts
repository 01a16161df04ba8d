import { Matrix } from 'ml-matrix';

/**
 * The n×n triangular factor R of a tall m×n matrix A = Q R (m >= n), by Householder reflections
 * on column-major Float64Arrays. A and R have the same singular values and right singular vectors
 * (R^T R = A^T A exactly in exact arithmetic, and the reflections are backward stable), so a tall
 * SVD can be replaced by the much cheaper SVD of R. This avoids ml-matrix's element accessors in the
 * O(m n^2) part.
 */
export function householderR(a: Matrix): Matrix {
  const m = a.rows;
  const n = a.columns;
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const c = new Float64Array(m);
    for (let i = 0; i < m; i++) c[i] = a.get(i, j);
    cols.push(c);
  }
  const v = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    const x = cols[k] as Float64Array;
    let scale = 0;
    for (let i = k; i < m; i++) scale = Math.max(scale, Math.abs(x[i]!));
    if (scale === 0) continue;
    let ss = 0;
    for (let i = k; i < m; i++) {
      const y = x[i]! / scale;
      ss += y * y;
    }
    const norm = scale * Math.sqrt(ss);
    const x0 = x[k]!;
    const alpha = x0 >= 0 ? -norm : norm;
    // v = x - alpha e_k; |v|^2 = 2 norm (norm + |x0|).
    for (let i = k; i < m; i++) v[i] = x[i]!;
    v[k] = x0 - alpha;
    const vv = 2 * norm * (norm + Math.abs(x0));
    for (let j = k + 1; j < n; j++) {
      const c = cols[j] as Float64Array;
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i]! * c[i]!;
      const s = (2 * dot) / vv;
      if (s !== 0) for (let i = k; i < m; i++) c[i] = c[i]! - s * v[i]!;
    }
    x[k] = alpha;
    for (let i = k + 1; i < m; i++) x[i] = 0;
  }
  const r = new Matrix(n, n);
  for (let j = 0; j < n; j++) {
    const c = cols[j] as Float64Array;
    for (let i = 0; i <= j; i++) r.set(i, j, c[i]!);
  }
  return r;
}
