import type { Matrix } from 'ml-matrix';
import { add, product } from './internal/dense.js';
import { checkChain, checkMatrix } from './internal/validate.js';

/**
 * The exact parameter-space metric of a linear network applied to G, M(θ)[G] = Dφ Dφᵀ G, for
 * z = U_L ⋯ U_1: M(θ)[G] = Σ_i P_i P_iᵀ G Q_iᵀ Q_i with P_i = U_L ⋯ U_{i+1}, Q_i = U_{i−1} ⋯ U_1
 * (empty products are identities). This is the reference every intrinsic formula is checked against.
 *
 * @param weights - [U_1, …, U_L], U_i of shape n_i × n_{i−1}
 * @param G - an n_L × n_0 matrix (typically ∇f(z))
 * @returns M(θ)[G], n_L × n_0; the z-velocity of the gradient flow is −M(θ)[∇f(z)]
 * @throws TypeError/RangeError if the shapes do not chain or an entry is not finite
 * @example
 * // two layers z = U Vᵀ: weights = [Vᵀ, U] and M[G] = U Uᵀ G + G V Vᵀ
 * linearNetworkMetric([V.transpose(), U], G);
 * @see MATH.md §4.4 (exact parameter-space metric), §0
 */
export function linearNetworkMetric(weights: readonly Matrix[], G: Matrix): Matrix {
  const widths = checkChain('linearNetworkMetric', weights);
  const L = weights.length;
  checkMatrix('linearNetworkMetric', 'G', G, widths[L], widths[0]);
  let out: Matrix | undefined;
  for (let i = 0; i < L; i++) {
    // P_i = U_L ⋯ U_{i+2} U_{i+1} (0-based: layers after i), Q_i = U_{i−1} ⋯ U_1 (layers before i).
    const P = product(weights.slice(i + 1).reverse(), widths[i + 1]!);
    const Q = product(weights.slice(0, i).reverse(), widths[0]!);
    const term = P.mmul(P.transpose()).mmul(G).mmul(Q.transpose().mmul(Q));
    out = out === undefined ? term : add(out, term);
  }
  return out!;
}
