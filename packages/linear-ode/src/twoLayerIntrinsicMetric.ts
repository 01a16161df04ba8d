import type { Matrix } from 'ml-matrix';
import { add, recompose, symmetricEigen } from './internal/dense.js';
import { checkFinite, checkInteger, checkMatrix } from './internal/validate.js';

/** Options of {@link twoLayerIntrinsicMetric}. */
export interface TwoLayerIntrinsicMetricOptions {
  /** λ of the leaf, Uᵀ U − Vᵀ V = λ I_r. */
  lambda: number;
  /** Hidden width r. */
  r: number;
  /**
   * Relative tolerance of the numerical rank test used by the zero-eigenvalue rule: rank z = r is
   * accepted when σ_r(z)² > rankTolerance · σ_1(z)². @default 1e-8
   */
  rankTolerance?: number;
}

/**
 * The intrinsic metric of a relaxed balanced two-layer linear network z = U Vᵀ
 * (Uᵀ U − Vᵀ V = λ I_r), K(z)[G] = A(z zᵀ) G + G B(zᵀ z) with
 * A(s) = λ/2 + √(s + λ²/4), B(s) = −λ/2 + √(s + λ²/4) applied to eigenvalues. On the leaf
 * U Uᵀ = A(z zᵀ) and V Vᵀ = B(zᵀ z), because z zᵀ = (UUᵀ)² − λ UUᵀ and zᵀz = (VVᵀ)² + λ VVᵀ.
 *
 * Validity: exact on the whole leaf when λ = 0, or λ > 0 and r = n, or λ < 0 and r = m. When
 * λ > 0 and r < n (resp. λ < 0 and r < m) the n − r (resp. m − r) zero eigenvalues of z zᵀ
 * (resp. zᵀ z) belong to the kernel of U Uᵀ (resp. V Vᵀ) and are mapped to 0 instead of |λ|; this
 * needs rank z = r, and where rank z < r the metric is not a function of z (an error is thrown).
 *
 * @param z - the n × m end-to-end matrix
 * @param G - an n × m matrix (typically ∇f(z))
 * @param options - λ, r and the rank tolerance
 * @returns K(z)[G], equal to M(θ)[G] = U Uᵀ G + G V Vᵀ for every θ on the leaf with φ(θ) = z
 * @throws RangeError if (λ, r) is infeasible (λ > 0 needs r ≤ n, λ < 0 needs r ≤ m), or if the
 *   zero-eigenvalue rule applies and rank z ≠ r, or on bad shapes / non-finite input
 * @example
 * const { U, V, z } = relaxedBalancedTwoLayer([2, 3, 3], 0.7);
 * twoLayerIntrinsicMetric(z, G, { lambda: 0.7, r: 3 }); // = U Uᵀ G + G V Vᵀ to ~1e-14
 * @see MATH.md §4.3
 */
export function twoLayerIntrinsicMetric(
  z: Matrix,
  G: Matrix,
  options: TwoLayerIntrinsicMetricOptions,
): Matrix {
  const fn = 'twoLayerIntrinsicMetric';
  checkMatrix(fn, 'z', z);
  const n = z.rows;
  const m = z.columns;
  checkMatrix(fn, 'G', G, n, m);
  const { lambda, r } = options;
  checkFinite(fn, 'options.lambda', lambda);
  checkInteger(fn, 'options.r', r, 1);
  const tol = options.rankTolerance ?? 1e-8;
  checkFinite(fn, 'options.rankTolerance', tol);
  if (lambda > 0 && r > n)
    throw new RangeError(`${fn}: lambda = ${lambda} > 0 needs r <= n, got r = ${r}, n = ${n}`);
  if (lambda < 0 && r > m)
    throw new RangeError(`${fn}: lambda = ${lambda} < 0 needs r <= m, got r = ${r}, m = ${m}`);
  const half = lambda / 2;
  const q = (lambda * lambda) / 4;
  const left = symmetricEigen(z.mmul(z.transpose()));
  const right = symmetricEigen(z.transpose().mmul(z));
  const zeroLeft = lambda > 0 && r < n ? n - r : 0;
  const zeroRight = lambda < 0 && r < m ? m - r : 0;
  if (zeroLeft > 0 || zeroRight > 0) {
    // Eigenvalues are ascending: the r-th largest of z zᵀ must be clearly nonzero.
    const vals = zeroLeft > 0 ? left.values : right.values;
    const size = vals.length;
    const top = Math.max(vals[size - 1]!, 0);
    const rth = r <= size ? vals[size - r]! : 0;
    if (r > Math.min(n, m) || !(rth > tol * top)) {
      const side =
        zeroLeft > 0
          ? `lambda = ${lambda} > 0 with r = ${r} < n = ${n}`
          : `lambda = ${lambda} < 0 with r = ${r} < m = ${m}`;
      let rank = 0;
      for (const v of vals) if (v > tol * top) rank++;
      throw new RangeError(
        `${fn}: ${side} needs rank z = r = ${r} (where rank z < r, M(theta) is not a function of z), got numerical rank ${rank}`,
      );
    }
  }
  const a = left.values.map((s, i) => (i < zeroLeft ? 0 : half + Math.sqrt(Math.max(s, 0) + q)));
  const b = right.values.map((s, i) => (i < zeroRight ? 0 : -half + Math.sqrt(Math.max(s, 0) + q)));
  const UUt = recompose(left.vectors, a);
  const VVt = recompose(right.vectors, b);
  return add(UUt.mmul(G), G.mmul(VVt));
}
