import { checkInteger } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { add, scale } from './internal/dense.js';
import { checkMatrix, checkSquare } from './internal/validate.js';
import type { MatrixFunction } from './interpolateParameter.js';

/** Result of {@link resnetMetric}. */
export interface ResnetMetricResult {
  /** (1/L) Σ_k P_k P_kᵀ G Q_kᵀ Q_k. */
  metric: Matrix;
  /** z_L = U_L ⋯ U_1. */
  z: Matrix;
  /** The layers U_k = I + A(k/L)/L, k = 1 … L. */
  weights: Matrix[];
}

/**
 * The metric of the discrete residual network U_k = I + A(k/L)/L (k = 1 … L), z = U_L ⋯ U_1, with
 * the inner product (1/L) Σ_k ⟨A_k, B_k⟩ on its parameters: (1/L) Σ_k P_k P_kᵀ G Q_kᵀ Q_k with
 * P_k = U_L ⋯ U_{k+1}, Q_k = U_{k−1} ⋯ U_1. It converges to the neural ODE metric with O(1/L) error.
 * Prefix and suffix products make it O(L) matrix products.
 *
 * @param A - the parameter s ↦ A(s) on [0, 1], n × n
 * @param L - the depth, integer ≥ 1
 * @param G - an n × n matrix
 * @returns the metric applied to G, z and the layers
 * @throws RangeError on a bad depth or shapes
 * @example
 * resnetMetric(A, 100, G).metric; // ≈ neuralOdeMetric(solveLinearOde(A), G) + O(1/100)
 * @see MATH.md §4.5
 */
export function resnetMetric(A: MatrixFunction, L: number, G: Matrix): ResnetMetricResult {
  const fn = 'resnetMetric';
  if (typeof A !== 'function') throw new TypeError(`${fn}: A must be a function s => Matrix`);
  checkInteger(fn, 'L', L, 1);
  const weights: Matrix[] = [];
  for (let k = 1; k <= L; k++) {
    const Ak = A(k / L);
    checkSquare(fn, `A(${k}/${L})`, Ak);
    weights.push(add(Matrix.eye(Ak.rows), scale(Ak, 1 / L)));
  }
  const n = weights[0]!.rows;
  checkMatrix(fn, 'G', G, n, n);
  // prefix[k] = U_k ⋯ U_1 (prefix[0] = I); suffix[k] = U_L ⋯ U_{k+1} (suffix[L] = I).
  const prefix: Matrix[] = [Matrix.eye(n)];
  for (let k = 0; k < L; k++) prefix.push(weights[k]!.mmul(prefix[k]!));
  const suffix: Matrix[] = new Array(L + 1);
  suffix[L] = Matrix.eye(n);
  for (let k = L - 1; k >= 0; k--) suffix[k] = suffix[k + 1]!.mmul(weights[k]!);
  let metric = Matrix.zeros(n, n);
  for (let k = 1; k <= L; k++) {
    const P = suffix[k]!;
    const Q = prefix[k - 1]!;
    metric = add(metric, P.mmul(P.transpose()).mmul(G).mmul(Q.transpose().mmul(Q)));
  }
  return { metric: scale(metric, 1 / L), z: prefix[L]!, weights };
}
