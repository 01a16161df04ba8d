import { checkWidths, type Rng } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { gaussianMatrix, orthonormalColumns, symmetricFunction } from './internal/dense.js';
import { rngOf } from './internal/rng.js';
import { checkFinite } from './internal/validate.js';

/** Options of {@link relaxedBalancedTwoLayer}. */
export interface RelaxedBalancedTwoLayerOptions {
  /** Seed of the generator (ignored when `rng` is given). @default 0 */
  seed?: number;
  /** Generator to draw from (takes precedence over `seed`). @default createRng(seed) */
  rng?: Rng;
  /** Standard deviation of the Gaussian factor that is drawn freely. @default 1 */
  scale?: number;
}

/** Result of {@link relaxedBalancedTwoLayer}. */
export interface RelaxedBalancedTwoLayerResult {
  /** U ∈ R^{n×r}. */
  U: Matrix;
  /** V ∈ R^{m×r}. */
  V: Matrix;
  /** z = U Vᵀ ∈ R^{n×m}. */
  z: Matrix;
  /** The same network as a layer chain for the other functions: [U_1, U_2] = [Vᵀ, U]. */
  weights: [Matrix, Matrix];
  /** λ with Uᵀ U − Vᵀ V = λ I_r. */
  lambda: number;
}

/**
 * Samples a relaxed balanced two-layer linear network z = U Vᵀ with Uᵀ U − Vᵀ V = λ I_r.
 *
 * Construction (MATH.md §4.3): for λ ≥ 0 and r ≤ n, V is Gaussian and U = Q (VᵀV + λI)^{1/2}
 * with Q ∈ R^{n×r} Haar with orthonormal columns; for λ < 0 (r ≤ m) the roles are swapped. For
 * λ = 0 and r > n the swapped construction is used when r ≤ m; when r > max(n, m),
 * U = A Σ Wᵀ and V = B Σ Wᵀ with k = min(n, m), orthonormal A, B, W and Σ diagonal positive.
 *
 * @param widths - `[m, r, n]`, input first: m rows of V (input width), r hidden width, n rows of U
 *   (output width), positive integers (the (n, r, m) of MATH.md §4.3)
 * @param lambda - the balance defect λ
 * @param options - seed/rng and scale
 * @returns U, V, z, the chain [Vᵀ, U] and λ
 * @throws RangeError if λ > 0 and r > n, or λ < 0 and r > m (infeasible: UᵀU ⪰ λI_r needs rank r),
 *   or if `widths` has not 3 entries or one is not a positive integer, or λ is not finite
 * @example
 * const { U, V } = relaxedBalancedTwoLayer([2, 3, 3], 0.7, { seed: 1 });
 * // U.transpose().mmul(U) − V.transpose().mmul(V) ≈ 0.7 I_3 (to ~1e-15)
 * relaxedBalancedTwoLayer([3, 3, 2], 0.5);
 * // throws RangeError: relaxedBalancedTwoLayer: lambda = 0.5 > 0 needs r <= n, got r = 3, n = 2
 * @see MATH.md §4.3 (feasibility and construction)
 */
export function relaxedBalancedTwoLayer(
  widths: readonly number[],
  lambda: number,
  options: RelaxedBalancedTwoLayerOptions = {},
): RelaxedBalancedTwoLayerResult {
  const fn = 'relaxedBalancedTwoLayer';
  const [m, r, n] = checkWidths(fn, 'widths', widths, 3) as [number, number, number];
  checkFinite(fn, 'lambda', lambda);
  const scale = options.scale ?? 1;
  checkFinite(fn, 'options.scale', scale);
  if (lambda > 0 && r > n)
    throw new RangeError(`${fn}: lambda = ${lambda} > 0 needs r <= n, got r = ${r}, n = ${n}`);
  if (lambda < 0 && r > m)
    throw new RangeError(`${fn}: lambda = ${lambda} < 0 needs r <= m, got r = ${r}, m = ${m}`);
  const rng = rngOf(options);
  let U: Matrix;
  let V: Matrix;
  // Free factor F (Gaussian) and dependent factor D = Q (FᵀF + |λ| I)^{1/2}: then DᵀD = FᵀF + |λ| I.
  const dependent = (F: Matrix, rows: number): Matrix =>
    orthonormalColumns(rows, r, rng).mmul(
      symmetricFunction(F.transpose().mmul(F), (x) => Math.sqrt(x + Math.abs(lambda))),
    );
  if (lambda > 0 || (lambda === 0 && r <= n)) {
    V = gaussianMatrix(m, r, rng, scale);
    U = dependent(V, n);
  } else if (lambda < 0 || (lambda === 0 && r <= m)) {
    U = gaussianMatrix(n, r, rng, scale);
    V = dependent(U, m);
  } else {
    // λ = 0, r > n and r > m: UᵀU = VᵀV of rank k = min(n, m).
    const k = Math.min(n, m);
    const A = orthonormalColumns(n, k, rng);
    const B = orthonormalColumns(m, k, rng);
    const W = orthonormalColumns(r, k, rng);
    const sigma = Matrix.zeros(k, k);
    for (let i = 0; i < k; i++) sigma.set(i, i, scale * (0.5 + rng.uniform()));
    U = A.mmul(sigma).mmul(W.transpose());
    V = B.mmul(sigma).mmul(W.transpose());
  }
  const z = U.mmul(V.transpose());
  return { U, V, z, weights: [V.transpose(), U], lambda };
}
