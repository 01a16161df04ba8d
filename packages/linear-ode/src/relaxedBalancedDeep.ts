import { checkInteger, haarOrthogonal } from '@idyn/linalg';
import type { Rng } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { product } from './internal/dense.js';
import { offsets } from './internal/deep.js';
import { rngOf } from './internal/rng.js';
import { checkFinite } from './internal/validate.js';

/** Options of {@link relaxedBalancedDeep}. */
export interface RelaxedBalancedDeepOptions {
  /** Seed of the generator (ignored when `rng` is given). @default 0 */
  seed?: number;
  /** Generator to draw from (takes precedence over `seed`). @default createRng(seed) */
  rng?: Rng;
  /**
   * The spectral parameters x_k (length n), each ≥ max_i(−c_i). @default max_i(−c_i) + 0.2 + u_k
   * with u_k uniform in [0, 1)
   */
  x?: ArrayLike<number>;
}

/** Result of {@link relaxedBalancedDeep}. */
export interface RelaxedBalancedDeepResult {
  /** [U_1, …, U_L], each n × n. */
  weights: Matrix[];
  /** z = U_L ⋯ U_1. */
  z: Matrix;
  /** The spectral parameters x_k used. */
  x: Float64Array;
  /** c_1 = 0, c_i = λ_1 + … + λ_{i−1}. */
  c: Float64Array;
  /** The λ_i (length L − 1). */
  lambdas: number[];
}

/**
 * Samples a deep square relaxed balanced linear network: U_{i+1}ᵀ U_{i+1} − U_i U_iᵀ = λ_i I_n,
 * with U_i = A_{i+1} diag(√(x + c_i)) A_iᵀ, A_1, …, A_{L+1} Haar orthogonal. Then
 * U_i U_iᵀ = A_{i+1} diag(x + c_i) A_{i+1}ᵀ and U_{i+1}ᵀU_{i+1} = A_{i+1} diag(x + c_{i+1}) A_{i+1}ᵀ,
 * whose difference is (c_{i+1} − c_i) I = λ_i I. The singular values of z are √∏_i (x_k + c_i).
 *
 * @param n - width of every layer, integer ≥ 1
 * @param lambdas - λ_1, …, λ_{L−1} (depth L = lambdas.length + 1; empty gives one layer)
 * @param options - seed/rng and optional x
 * @returns the layers, z, x, c and λ
 * @throws RangeError if n is not a positive integer, a λ_i or x_k is not finite, x has the wrong
 *   length or some x_k < max_i(−c_i)
 * @example
 * const { weights } = relaxedBalancedDeep(3, [0.5, -0.2], { seed: 3 });
 * relaxedBalancedResidual(weights).lambdas; // ≈ [0.5, -0.2]
 * @see MATH.md §4.4 (construction)
 */
export function relaxedBalancedDeep(
  n: number,
  lambdas: readonly number[],
  options: RelaxedBalancedDeepOptions = {},
): RelaxedBalancedDeepResult {
  const fn = 'relaxedBalancedDeep';
  checkInteger(fn, 'n', n, 1);
  if (!Array.isArray(lambdas)) throw new TypeError(`${fn}: lambdas must be an array of numbers`);
  lambdas.forEach((l, i) => {
    checkFinite(fn, `lambdas[${i}]`, l);
  });
  const c = offsets(lambdas);
  let floor = -Infinity;
  for (const ci of c) floor = Math.max(floor, -ci);
  const rng = rngOf(options);
  const x = new Float64Array(n);
  if (options.x !== undefined) {
    if (options.x.length !== n)
      throw new RangeError(`${fn}: options.x has length ${options.x.length}, expected n = ${n}`);
    for (let k = 0; k < n; k++) {
      const xk = options.x[k]!;
      checkFinite(fn, `options.x[${k}]`, xk);
      if (xk < floor) throw new RangeError(`${fn}: options.x[${k}] = ${xk} < max_i(-c_i) = ${floor}`);
      x[k] = xk;
    }
  } else {
    for (let k = 0; k < n; k++) x[k] = floor + 0.2 + rng.uniform();
  }
  const L = c.length;
  const A = Array.from({ length: L + 1 }, () => haarOrthogonal(n, rng));
  const weights: Matrix[] = [];
  for (let i = 0; i < L; i++) {
    const D = Matrix.zeros(n, n);
    for (let k = 0; k < n; k++) D.set(k, k, Math.sqrt(Math.max(x[k]! + c[i]!, 0)));
    weights.push(A[i + 1]!.mmul(D).mmul(A[i]!.transpose()));
  }
  const z = product([...weights].reverse(), n);
  return { weights, z, x, c, lambdas: [...lambdas] };
}
