import { Matrix } from 'ml-matrix';
import { depthRoot, offsets } from './internal/deep.js';
import { spectralSandwich, svdSquare } from './internal/dense.js';
import { checkFinite, checkMatrix, checkSquare } from './internal/validate.js';

/**
 * The intrinsic metric of a deep square relaxed balanced linear network
 * (U_{i+1}ᵀU_{i+1} − U_iU_iᵀ = λ_i I_n, z = U_L ⋯ U_1 ∈ R^{n×n}).
 *
 * With c_1 = 0, c_i = λ_1 + … + λ_{i−1} and z = Q_z diag(s) R_zᵀ, x_k is the unique root
 * x ≥ max_i(−c_i) of ∏_i (x + c_i) = s_k² (the product increases there; bracketing + bisection),
 * and K(z)[G] = Q_z [(Q_zᵀ G R_z) ∘ W] R_zᵀ with W_kl = Σ_i ∏_{j>i}(x_k + c_j) ∏_{j<i}(x_l + c_j).
 * With all λ_i = 0 this is the balanced formula ({@link aroraMetric}).
 *
 * @param z - the n × n end-to-end matrix
 * @param G - an n × n matrix (typically ∇f(z))
 * @param lambdas - λ_1, …, λ_{L−1} (depth L = lambdas.length + 1)
 * @returns K(z)[G], equal to M(θ)[G] for every θ on the leaf with φ(θ) = z
 * @throws RangeError on a non-square z, a G of another shape, or non-finite input
 * @example
 * const { weights, z } = relaxedBalancedDeep(3, [0.5, -0.2]);
 * deepIntrinsicMetric(z, G, [0.5, -0.2]); // = linearNetworkMetric(weights, G) to ~1e-14
 * @see MATH.md §4.4
 */
export function deepIntrinsicMetric(z: Matrix, G: Matrix, lambdas: readonly number[]): Matrix {
  const fn = 'deepIntrinsicMetric';
  checkSquare(fn, 'z', z);
  const n = z.rows;
  checkMatrix(fn, 'G', G, n, n);
  if (!Array.isArray(lambdas)) throw new TypeError(`${fn}: lambdas must be an array of numbers`);
  lambdas.forEach((l, i) => {
    checkFinite(fn, `lambdas[${i}]`, l);
  });
  const c = offsets(lambdas);
  const L = c.length;
  const { U, s, V } = svdSquare(z);
  const x = Array.from(s, (sk) => depthRoot(c, sk * sk));
  const W = new Matrix(n, n);
  for (let k = 0; k < n; k++)
    for (let l = 0; l < n; l++) {
      let sum = 0;
      for (let i = 0; i < L; i++) {
        let term = 1;
        for (let j = i + 1; j < L; j++) term *= x[k]! + c[j]!;
        for (let j = 0; j < i; j++) term *= x[l]! + c[j]!;
        sum += term;
      }
      W.set(k, l, sum);
    }
  return spectralSandwich(U, V, G, W);
}
