import { Matrix } from 'ml-matrix';

/** V diag(d) V^T, computed on the upper triangle and mirrored (exactly symmetric). */
export function recompose(V: Matrix, d: Float64Array): Matrix {
  const n = V.rows;
  const out = new Matrix(n, n);
  const cols = d.length;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < cols; k++) acc += V.get(i, k) * d[k]! * V.get(j, k);
      out.set(i, j, acc);
      out.set(j, i, acc);
    }
  }
  return out;
}
