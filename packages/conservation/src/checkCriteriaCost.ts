import type { CostEstimate } from '@idyn/linalg';
import type { CheckCriteriaOptions } from './checkCriteria.js';
import { annihilatorCost, lawInputSizes } from './internal/lawCosts.js';

/**
 * The cost of {@link checkCriteria} before it forms anything: the dense Jacobians Dphi (d × D)
 * and [Dphi; Dh] ((d + H) × D) with the SVD copies of the null-space and singular-value
 * computations (about four (d + H) × D and three D × D float64 matrices, ~2 ns per multiply-add of
 * the 4 (d + H) D² SVD work), and the exact law count at a random point ({@link countLawsCost}'s
 * annihilator). H is the number of laws given (`options.laws` or the lifting's known laws), else D
 * (the degree-2 laws are found first).
 *
 * @param input - as for checkCriteria (a Lifting, polynomials or { polynomials })
 * @param options - as for checkCriteria (`laws`)
 * @returns the estimate (`task` 'checkCriteria')
 * @throws TypeError on an input that is not a law input
 * @example
 * checkCriteriaCost(pathLifting(parseNetwork('relu:50-50-50'))).memoryBytes; // ~2e10: refused by default
 * @see README (budgets)
 */
export function checkCriteriaCost(input: unknown, options: CheckCriteriaOptions = {}): CostEstimate {
  const { D, generators: d } = lawInputSizes('checkCriteriaCost', input);
  const lifting = input as { knownLaws?: () => readonly unknown[]; polynomials?: unknown };
  const H =
    options.laws?.length ??
    (typeof lifting.polynomials === 'function' && typeof lifting.knownLaws === 'function'
      ? lifting.knownLaws().length
      : D);
  const rows = d + H;
  const ann = annihilatorCost(D, D);
  const memoryBytes = 8 * (4 * rows * D + 3 * D * D) + 80 * 4 * rows + ann.memoryBytes;
  const work = 2 * 4 * rows * D * D + ann.work + 50 * d * D;
  return {
    task: 'checkCriteria',
    action: 'checking the intrinsic-dynamics criteria',
    memoryBytes,
    work,
    sizes: { D, d, laws: H },
  };
}
