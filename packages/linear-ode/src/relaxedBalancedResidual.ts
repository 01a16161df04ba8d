import { maxAbs } from '@idyn/linalg';
import type { Matrix } from 'ml-matrix';
import { checkChain } from './internal/validate.js';

/** Result of {@link relaxedBalancedResidual}. */
export interface RelaxedBalancedResidualResult {
  /** max_i max_{jk} |(U_{i+1}ᵀU_{i+1} − U_iU_iᵀ − λ_i I)_{jk}| over all consecutive pairs. */
  residual: number;
  /** The same maximum per pair i = 1, …, L − 1. */
  residuals: number[];
  /** λ_i used: the given ones, or the fitted ones (mean of the diagonal of U_{i+1}ᵀU_{i+1} − U_iU_iᵀ). */
  lambdas: number[];
}

/**
 * How far a linear network is from relaxed balanced: for each consecutive pair of layers,
 * D_i = U_{i+1}ᵀ U_{i+1} − U_i U_iᵀ (the conservation laws), the fitted λ_i = tr(D_i)/n_i and the
 * residual max|D_i − λ_i I|.
 *
 * @param weights - [U_1, …, U_L], U_i of shape n_i × n_{i−1}; a two-layer z = U Vᵀ is [Vᵀ, U]
 * @param lambdas - optional target λ_i (length L − 1); when absent they are fitted
 * @returns the maximal residual, per-pair residuals and the λ_i
 * @throws TypeError/RangeError if shapes do not chain, or `lambdas` has the wrong length
 * @example
 * const { weights } = relaxedBalancedTwoLayer([2, 3, 3], 0.7);
 * relaxedBalancedResidual(weights); // { residual: ~1e-15, lambdas: [0.7…] }
 * @see MATH.md §2 (linear laws), §4.3, §4.4
 */
export function relaxedBalancedResidual(
  weights: readonly Matrix[],
  lambdas?: readonly number[],
): RelaxedBalancedResidualResult {
  const fn = 'relaxedBalancedResidual';
  checkChain(fn, weights);
  const L = weights.length;
  if (lambdas !== undefined && lambdas.length !== L - 1)
    throw new RangeError(`${fn}: lambdas has length ${lambdas.length}, expected L - 1 = ${L - 1}`);
  const residuals: number[] = [];
  const fitted: number[] = [];
  for (let i = 0; i + 1 < L; i++) {
    const Ui = weights[i]!;
    const Un = weights[i + 1]!;
    const D = Un.transpose().mmul(Un).sub(Ui.mmul(Ui.transpose()));
    const k = D.rows;
    let tr = 0;
    for (let j = 0; j < k; j++) tr += D.get(j, j);
    const lam = lambdas?.[i] ?? tr / k;
    let res = 0;
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) res = Math.max(res, Math.abs(D.get(a, b) - (a === b ? lam : 0)));
    residuals.push(res);
    fitted.push(lam);
  }
  return { residual: maxAbs(residuals), residuals, lambdas: fitted };
}
