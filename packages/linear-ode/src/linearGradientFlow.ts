import type { IntegrateStats, IntegrationStatus } from '@idyn/integrators';
import { maxAbs } from '@idyn/linalg';
import type { Matrix } from 'ml-matrix';
import { integrateThetaFlow, packLayers, thetaLayout, thetaTrajectory } from './internal/thetaFlow.js';
import { checkChain, checkFinite } from './internal/validate.js';
import { type LinearLoss, syntheticLoss } from './syntheticLoss.js';

/** Options shared by the linear flows. */
export interface LinearFlowOptions {
  /** The loss f(z). @default syntheticLoss(n_L, n_0, { seed: 0 }) (MATH.md §5) */
  loss?: LinearLoss;
  /** Output times (nondecreasing, from 0). @default 11 equispaced times in [0, T] */
  times?: ArrayLike<number>;
  /** Final time when `times` is absent. @default 1 */
  T?: number;
  /** DOPRI5 relative tolerance. @default 1e-11 */
  rtol?: number;
  /** DOPRI5 absolute tolerance. @default 1e-12 */
  atol?: number;
}

/** Result of {@link linearGradientFlow}. */
export interface LinearGradientFlowResult {
  /** Output times reached. */
  times: Float64Array;
  /** The layers [U_1, …, U_L] at each output time. */
  weights: Matrix[][];
  /** z = U_L ⋯ U_1 at each output time. */
  z: Matrix[];
  /** max over times, pairs i and entries of |h_i(θ(t)) − h_i(θ(0))|, h_i = U_{i+1}ᵀU_{i+1} − U_iU_iᵀ. */
  lawDrift: number;
  /** The same maximum at each output time. */
  lawDriftPerTime: Float64Array;
  /** Integrator status. */
  status: IntegrationStatus;
  /** Integrator message (why it stopped, when not `'success'`). */
  message: string;
  /** Integrator work counters. */
  stats: IntegrateStats;
}

/** Resolves the output grid from `times`/`T`. */
export function outputTimes(fn: string, options: LinearFlowOptions): Float64Array {
  if (options.times !== undefined) {
    const times = Float64Array.from(options.times);
    if (times.length === 0) throw new RangeError(`${fn}: options.times must not be empty`);
    times.forEach((t, i) => {
      if (!Number.isFinite(t)) throw new RangeError(`${fn}: options.times[${i}] = ${t} is not finite`);
      if (i > 0 && t < times[i - 1]!)
        throw new RangeError(
          `${fn}: options.times must be nondecreasing, got times[${i - 1}] = ${times[i - 1]} > times[${i}] = ${t}`,
        );
    });
    return times;
  }
  const T = options.T ?? 1;
  checkFinite(fn, 'options.T', T);
  if (!(T > 0)) throw new RangeError(`${fn}: options.T must be > 0, got ${T}`);
  return Float64Array.from({ length: 11 }, (_, i) => (T * i) / 10);
}

/** Validates the DOPRI5 tolerances: 0 < rtol ≤ 1 (above 1 a step error larger than the state passes), atol ≥ 0. */
export function flowTolerances(fn: string, options: LinearFlowOptions): { rtol: number; atol: number } {
  const rtol = options.rtol ?? 1e-11;
  const atol = options.atol ?? 1e-12;
  checkFinite(fn, 'options.rtol', rtol);
  checkFinite(fn, 'options.atol', atol);
  if (!(rtol > 0 && rtol <= 1)) throw new RangeError(`${fn}: options.rtol must be in (0, 1], got ${rtol}`);
  if (!(atol >= 0)) throw new RangeError(`${fn}: options.atol must be >= 0, got ${atol}`);
  return { rtol, atol };
}

/**
 * The parameter-space gradient flow of a linear network z = U_L ⋯ U_1 under a loss f(z):
 * U_i' = −P_iᵀ ∇f(z) Q_iᵀ (P_i = U_L ⋯ U_{i+1}, Q_i = U_{i−1} ⋯ U_1), integrated with adaptive
 * DOPRI5 from `@idyn/integrators`, monitoring the conservation laws U_{i+1}ᵀU_{i+1} − U_iU_iᵀ.
 *
 * @param weights - initial [U_1, …, U_L], U_i of shape n_i × n_{i−1}
 * @param options - loss, output times, tolerances
 * @returns trajectories of θ and z, law drift, status and solver stats
 * @throws TypeError/RangeError on shapes that do not chain or bad options
 * @example
 * const { weights } = relaxedBalancedTwoLayer([2, 3, 3], 0.7);
 * linearGradientFlow(weights, { T: 2 }).lawDrift; // ~1e-12
 * @see MATH.md §0 (gradient flow), §2 (linear laws), §5
 */
export function linearGradientFlow(
  weights: readonly Matrix[],
  options: LinearFlowOptions = {},
): LinearGradientFlowResult {
  const fn = 'linearGradientFlow';
  const widths = checkChain(fn, weights);
  const L = weights.length;
  const loss = options.loss ?? syntheticLoss(widths[L]!, widths[0]!);
  const times = outputTimes(fn, options);
  const { rtol, atol } = flowTolerances(fn, options);
  const layout = thetaLayout(widths);
  const result = integrateThetaFlow(layout, packLayers(layout, weights), loss, times, { rtol, atol });
  const { weights: traj, z: zs, drift } = thetaTrajectory(layout, result, weights);
  return {
    times: Float64Array.from(result.t),
    weights: traj,
    z: zs,
    lawDrift: maxAbs(drift),
    lawDriftPerTime: drift,
    status: result.status,
    message: result.message,
    stats: { ...result.stats },
  };
}
