import { checkCriteria } from '@idyn/conservation';
import { checkWidths, Matrix } from '@idyn/linalg';
import { twoLayerLifting } from '@idyn/lifting';
import { twoLayerIntrinsicMetric } from '@idyn/linear-ode';
import type { IntrinsicModel } from './IntrinsicModel.js';
import { emptyStats } from './internal/stats.js';
import { checkNumber, checkVector } from './internal/validate.js';

/** Options of {@link twoLayerLinearModel}. */
export interface TwoLayerLinearModelOptions {
  /**
   * Check that theta0 admits an intrinsic metric: the kernel-inclusion criterion of
   * `@idyn/conservation` (MATH.md §3, Theorem 2.14) and relaxed balancedness within
   * `balanceTolerance`. Turn off only to run a negative control (the metric of the fitted lambda on
   * a leaf where none is valid).
   * @default true
   */
  validate?: boolean;
  /** lambda of the leaf U^T U − V^T V = lambda I. @default fitted: tr(U^T U − V^T V)/r */
  lambda?: number;
  /** Largest max |U^T U − V^T V − lambda I| / (1 + |lambda|) accepted as relaxed balanced. @default 1e-9 */
  balanceTolerance?: number;
}

/**
 * The intrinsic model of a relaxed balanced two-layer linear network z = U V^T (MATH.md §4.3) on
 * `twoLayerLifting([m, r, n])` of `@idyn/lifting` (theta = U row-major n x r, then V row-major
 * m x r), with the metric `twoLayerIntrinsicMetric` of `@idyn/linear-ode`. A generic init has no
 * intrinsic metric: with `validate` (the default) the factory says so, from the kernel-inclusion
 * criterion (ker Dphi ∩ ker Dh ⊄ ker DM, with the defect) or, where it holds, from the relaxed
 * balanced residual; linear-ode's validity rules (lambda > 0 needs r ≤ n, …, rank z = r) are
 * checked when the metric is evaluated.
 *
 * @param widths - `[m, r, n]`, input first: m columns of z (inputs), r hidden width, n rows of z
 *   (outputs) (the (n, r, m) of MATH.md §4.3)
 * @param theta0 - initial (U, V), length r (n + m)
 * @param options - see {@link TwoLayerLinearModelOptions}
 * @returns the model (no `representative`: nothing is recovered)
 * @throws RangeError "no valid intrinsic metric" when validation fails (naming the criterion and
 *   its numbers), or on bad sizes / theta0
 * @example
 * twoLayerLinearModel([3, 2, 3], createRng(3).normals(12));
 * // throws RangeError: theta0 has no valid intrinsic metric: the kernel-inclusion criterion fails (dim … = 1, …)
 * @see MATH.md §3 (kernel inclusion), §4.3, §5 (negative control)
 */
export function twoLayerLinearModel(
  widths: readonly number[],
  theta0: ArrayLike<number>,
  options: TwoLayerLinearModelOptions = {},
): IntrinsicModel {
  const fn = 'twoLayerLinearModel';
  const [m, r, n] = checkWidths(fn, 'widths', widths, 3) as [number, number, number];
  const lift = twoLayerLifting([m, r, n]);
  const t0 = checkVector(fn, 'theta0', theta0, lift.D, 'r (n + m)');
  const U = new Matrix(n, r);
  const V = new Matrix(m, r);
  for (let a = 0; a < n; a++) for (let k = 0; k < r; k++) U.set(a, k, t0[a * r + k]!);
  for (let b = 0; b < m; b++) for (let k = 0; k < r; k++) V.set(b, k, t0[n * r + b * r + k]!);
  const S = U.transpose().mmul(U).sub(V.transpose().mmul(V));
  let tr = 0;
  for (let k = 0; k < r; k++) tr += S.get(k, k);
  const lambda = options.lambda === undefined ? tr / r : checkNumber(fn, 'options.lambda', options.lambda);
  if (options.validate ?? true) {
    const crit = checkCriteria(lift, t0);
    const ki = crit.kernelInclusion;
    if (!ki.holds) {
      throw new RangeError(
        `${fn}: theta0 has no valid intrinsic metric: the kernel-inclusion criterion fails (dim ker Dphi ∩ ker Dh = ${ki.dimension}, |DM v| = ${ki.defectNorm?.toExponential(3)} for a unit v in it; MATH.md §3, Theorem 2.14)`,
      );
    }
    const tol = checkNumber(fn, 'options.balanceTolerance', options.balanceTolerance ?? 1e-9, true);
    let res = 0;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) res = Math.max(res, Math.abs(S.get(i, j) - (i === j ? lambda : 0)));
    }
    if (res > tol * (1 + Math.abs(lambda))) {
      throw new RangeError(
        `${fn}: theta0 has no valid intrinsic metric implemented: it is not relaxed balanced (max |UᵀU − VᵀV − λI| = ${res.toExponential(3)} with λ = ${lambda}; MATH.md §4.3)`,
      );
    }
  }
  const toMatrix = (x: Float64Array) => {
    const M = new Matrix(n, m);
    for (let a = 0; a < n; a++) for (let b = 0; b < m; b++) M.set(a, b, x[a * m + b]!);
    return M;
  };
  return {
    name: `${lift.name}, lambda = ${lambda}`,
    lifting: lift,
    theta0: t0,
    laws: lift.lawValues(t0),
    stats: emptyStats(),
    metricProduct(z, G) {
      const zz = checkVector(`${fn}.metricProduct`, 'z', z, n * m, 'n m');
      const g = checkVector(`${fn}.metricProduct`, 'G', G, n * m, 'n m');
      return Float64Array.from(twoLayerIntrinsicMetric(toMatrix(zz), toMatrix(g), { lambda, r }).to1DArray());
    },
    reset() {},
  };
}
