import {
  type GradientStepsOptions,
  type GradientStepsResult,
  gradientSteps,
  type StochasticLoss,
} from './gradientSteps.js';
import { assertPositiveFinite, show } from './internal/validate.js';
import type { LossFunction } from './layeredFlowLoss.js';
import type { LayeredFlowProblem } from './types.js';

/** Options of {@link sweepEta}. */
export interface SweepEtaOptions extends Omit<GradientStepsOptions, 'eta' | 'steps'> {
  /** The fixed time T = K η, finite and > 0. */
  readonly T: number;
  /** The step sizes, at least 2, each dividing T into a whole number of steps K = T/η. */
  readonly etas: readonly number[];
}

/** Result of {@link sweepEta}. */
export interface SweepEtaResult {
  /** The fixed time T. */
  readonly T: number;
  /** The step sizes η, as given. */
  readonly etas: Float64Array;
  /** The number of steps K = T/η of each run. */
  readonly steps: Int32Array;
  /** max_j |h_j(θ_K) − h_j(θ_0)| of each run. */
  readonly finalDrift: Float64Array;
  /** The largest per-step identity residual of each run (see `gradientSteps`). */
  readonly maxIdentityResidual: Float64Array;
  /** Least-squares slope of log(finalDrift) against log(η): ≈ 1 (drift ∝ η at fixed T). */
  readonly slope: number;
  /** Intercept of that fit: finalDrift ≈ exp(intercept) η^slope. */
  readonly intercept: number;
  /** Coefficient of determination R² of the fit. */
  readonly r2: number;
  /** The individual runs. */
  readonly runs: readonly GradientStepsResult[];
}

/**
 * Sweeps the step size η at a fixed time T = K η and fits the log-log slope of the final law drift
 * (MATH.md §7, discrete steps): each step drifts a quadratic law by exactly η² gᵀ A g, K = T/η steps
 * add up to η ∫ gᵀ A g dt + O(η²), so the slope is 1. The same batch seed is used for every η.
 *
 * @param loss - as for {@link gradientSteps}
 * @param theta0 - initial parameters θ_0
 * @param options - `T`, `etas` and the options of `gradientSteps` except `eta` and `steps`
 *   (`laws` is required)
 * @returns the drifts, the fitted slope, intercept and R², and the runs; see {@link SweepEtaResult}
 * @throws RangeError naming the option: T ≤ 0, fewer than 2 etas, an η that does not divide T
 *   (|T/η − round(T/η)| > 1e-9 T/η), no laws, a run that did not complete, or a zero final drift
 *   (log undefined)
 * @example
 * const loss = (th, g) => { const r = th[0] * th[1] - 1; g[0] = r * th[1]; g[1] = r * th[0]; return 0.5 * r * r; };
 * const s = sweepEta(loss, [0.5, 0.2], { T: 1, etas: [0.1, 0.05, 0.025],
 *   laws: [{ rows: [0, 1], cols: [0, 1], values: [1, -1] }] });
 * s.slope; // ≈ 1.02
 * @see MATH.md §7 (discrete steps: slope 1 in log-log)
 */
export function sweepEta(
  loss: LossFunction | StochasticLoss | LayeredFlowProblem,
  theta0: ArrayLike<number>,
  options: SweepEtaOptions,
): SweepEtaResult {
  const fn = 'sweepEta';
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object { T, etas, laws, … }, got ${show(options)}`);
  }
  const T = assertPositiveFinite(fn, 'options.T', options.T);
  const { etas, T: _T, ...rest } = options;
  if (!Array.isArray(etas) || etas.length < 2) {
    throw new RangeError(`${fn}: options.etas must be an array of at least 2 step sizes, got ${show(etas)}`);
  }
  if (options.laws === undefined || options.laws.length === 0) {
    throw new RangeError(`${fn}: options.laws must name at least one quadratic law`);
  }
  const steps = etas.map((eta, i) => {
    assertPositiveFinite(fn, `options.etas[${i}]`, eta);
    const ratio = T / eta;
    const K = Math.round(ratio);
    if (K < 1 || Math.abs(ratio - K) > 1e-9 * ratio) {
      throw new RangeError(
        `${fn}: options.etas[${i}] = ${eta} does not divide T = ${T} into a whole number of steps (T/η = ${ratio})`,
      );
    }
    return K;
  });
  const runs = etas.map((eta, i) => {
    const r = gradientSteps(loss, theta0, { ...rest, eta, steps: steps[i]! });
    if (r.status !== 'success') {
      throw new RangeError(
        `${fn}: the run with η = ${eta} stopped early (${r.status}) after ${r.steps} steps`,
      );
    }
    if (!(r.finalDrift > 0)) {
      throw new RangeError(
        `${fn}: the run with η = ${eta} has zero final drift; the log-log slope is undefined`,
      );
    }
    return r;
  });
  const x = etas.map(Math.log);
  const y = runs.map((r) => Math.log(r.finalDrift));
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  if (sxx === 0) throw new RangeError(`${fn}: options.etas must not all be equal`);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return {
    T,
    etas: Float64Array.from(etas),
    steps: Int32Array.from(steps),
    finalDrift: Float64Array.from(runs, (r) => r.finalDrift),
    maxIdentityResidual: Float64Array.from(runs, (r) => r.maxIdentityResidual),
    slope,
    intercept,
    r2,
    runs,
  };
}
