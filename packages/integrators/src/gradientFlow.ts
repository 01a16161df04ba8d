import type { LawsFunction } from './createLawMonitor.js';
import { runFlow } from './internal/runFlow.js';
import type { LossFunction } from './layeredFlowLoss.js';
import type { IntegrateOptions, IntegrateResult, LayeredFlowProblem } from './types.js';

/** Options of {@link gradientFlow}: those of `integrate`, plus a law monitor. */
export interface GradientFlowOptions extends IntegrateOptions {
  /** Conservation laws to monitor at the output times. @default none */
  readonly laws?: LawsFunction;
}

/** Result of {@link gradientFlow}. */
export interface GradientFlowResult extends IntegrateResult {
  /** L(θ(t)) at the output times reached. */
  readonly loss: Float64Array;
  /** h(θ(t)) at the output times, row-major `[t.length, lawCount]` (empty without laws). */
  readonly laws: Float64Array;
  /** Number of laws h_j (0 without laws). */
  readonly lawCount: number;
  /** max_j |h_j(θ(t)) − h_j(θ₀)| at the output times (zeros without laws). */
  readonly lawDrift: Float64Array;
  /** Largest entry of `lawDrift` (0 without laws). */
  readonly maxLawDrift: number;
}

/**
 * Integrates the gradient flow θ' = −∇L(θ) (CPU, float64; adaptive DOPRI5 by default) and
 * monitors the loss and, optionally, conservation laws along the output times.
 *
 * @param loss - `(theta, gradient) => value` writing ∇L(θ) into gradient, or a
 *   {@link LayeredFlowProblem} (its compiled loss is used)
 * @param theta0 - initial parameters θ₀
 * @param options - `integrate` options (times/tEnd, method, rtol, atol, events, …) and `laws`
 * @returns the `integrate` result plus `loss`, `laws`, `lawDrift` and `maxLawDrift`
 * @throws TypeError / RangeError naming the offending argument (see `integrate`)
 * @example
 * // L(u, v) = ½(uv − 1)², law h = u² − v².
 * const loss = (th, g) => { const r = th[0] * th[1] - 1; g[0] = r * th[1]; g[1] = r * th[0]; return 0.5 * r * r; };
 * const r = gradientFlow(loss, [0.5, 0.2], { tEnd: 5, rtol: 1e-10, atol: 1e-12,
 *   laws: (th) => [th[0] ** 2 - th[1] ** 2] });
 * r.maxLawDrift; // ~1e-11
 * @see MATH.md §0 (gradient flow), §2 (conservation laws), §5 (reference flows)
 */
export function gradientFlow(
  loss: LossFunction | LayeredFlowProblem,
  theta0: ArrayLike<number>,
  options: GradientFlowOptions,
): GradientFlowResult {
  return runFlow('gradientFlow', loss, theta0, options);
}
