import { type Matrix, SingularValueDecomposition } from 'ml-matrix';
import { householderR } from './householderR.js';

/** Singular values of an already validated matrix. */
export function singularValuesOf(m: Matrix): Float64Array {
  const k = Math.min(m.rows, m.columns);
  if (k === 0) return new Float64Array(0);
  const t = m.rows >= m.columns ? m : m.transpose();
  // A clearly tall matrix is first reduced to its n×n triangular factor (same singular values).
  const tall = t.rows >= 2 * t.columns ? householderR(t) : t;
  const svd = new SingularValueDecomposition(tall, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: false,
  });
  return Float64Array.from(svd.diagonal)
    .map((s) => Math.abs(s))
    .sort()
    .reverse();
}
