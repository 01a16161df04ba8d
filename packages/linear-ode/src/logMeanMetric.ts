import { Matrix } from 'ml-matrix';
import { spectralSandwich, svdSquare } from './internal/dense.js';
import { logMean } from './internal/logMean.js';
import { checkMatrix, checkSquare } from './internal/validate.js';

/**
 * The intrinsic metric of the linear neural ODE under relaxed balanced parameters (independent of
 * λ(·)): K(z)[G] = ∫₀¹ (z zᵀ)^{1−s} G (zᵀ z)^s ds, in closed form with z = Q_z diag(σ) R_zᵀ:
 * K(z)[G] = Q_z [(Q_zᵀ G R_z) ∘ W] R_zᵀ, W_kl = (σ_k² − σ_l²)/(ln σ_k² − ln σ_l²), W_kk = σ_k²
 * (the logarithmic mean, computed stably for σ_k ≈ σ_l).
 *
 * @param z - the n × n end-to-end matrix X(1)
 * @param G - an n × n matrix
 * @returns K(z)[G]
 * @throws RangeError on shape mismatch or non-finite entries
 * @example
 * logMeanMetric(Matrix.eye(2), G); // = G (all σ = 1)
 * @see MATH.md §4.5
 */
export function logMeanMetric(z: Matrix, G: Matrix): Matrix {
  const fn = 'logMeanMetric';
  checkSquare(fn, 'z', z);
  checkMatrix(fn, 'G', G, z.rows, z.columns);
  const n = z.rows;
  const { U, s, V } = svdSquare(z);
  const W = new Matrix(n, n);
  for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) W.set(k, l, logMean(s[k]! ** 2, s[l]! ** 2));
  return spectralSandwich(U, V, G, W);
}
