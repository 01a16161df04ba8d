import { checkInteger, symmetricFunction } from '@idyn/linalg';
import type { Matrix } from 'ml-matrix';
import { add } from './internal/dense.js';
import { checkMatrix } from './internal/validate.js';

/**
 * The balanced intrinsic metric of Arora, Cohen and Hazan (2018) for a depth-L linear network with
 * U_{i+1}ᵀU_{i+1} = U_iU_iᵀ: K(z)[G] = Σ_{j=1}^{L} (z zᵀ)^{(L−j)/L} G (zᵀ z)^{(j−1)/L}, the
 * fractional powers taken on eigenvalues (symmetrised, tiny negative eigenvalues clamped to 0,
 * 0⁰ = 1).
 *
 * @param z - the n_L × n_0 end-to-end matrix
 * @param G - a matrix of the same shape (typically ∇f(z))
 * @param L - the depth, integer ≥ 1
 * @returns K(z)[G]
 * @throws RangeError on shape mismatch, non-finite entries or a bad depth
 * @example
 * const { weights, z } = relaxedBalancedDeep(3, [0, 0]);
 * aroraMetric(z, G, 3); // = linearNetworkMetric(weights, G) to ~2e-15
 * @see MATH.md §4.4 (balanced case)
 */
export function aroraMetric(z: Matrix, G: Matrix, L: number): Matrix {
  const fn = 'aroraMetric';
  checkMatrix(fn, 'z', z);
  checkMatrix(fn, 'G', G, z.rows, z.columns);
  checkInteger(fn, 'L', L, 1);
  const zzt = z.mmul(z.transpose());
  const ztz = z.transpose().mmul(z);
  let out: Matrix | undefined;
  for (let j = 1; j <= L; j++) {
    const left = symmetricFunction(zzt, (s) => Math.max(s, 0) ** ((L - j) / L));
    const right = symmetricFunction(ztz, (s) => Math.max(s, 0) ** ((j - 1) / L));
    const term = left.mmul(G).mmul(right);
    out = out === undefined ? term : add(out, term);
  }
  return out!;
}
