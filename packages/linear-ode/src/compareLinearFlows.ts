import type { IntegrateStats, IntegrationStatus } from '@idyn/integrators';
import type { Matrix } from 'ml-matrix';
import { maxAbsDiff } from './internal/dense.js';
import { checkChain } from './internal/validate.js';
import {
  type IntrinsicLinearFlowResult,
  intrinsicLinearFlow,
  type LinearIntrinsicModel,
} from './intrinsicLinearFlow.js';
import {
  type LinearFlowOptions,
  type LinearGradientFlowResult,
  linearGradientFlow,
} from './linearGradientFlow.js';
import { relaxedBalancedResidual } from './relaxedBalancedResidual.js';
import { syntheticLoss } from './syntheticLoss.js';

/** Options of {@link compareLinearFlows}. */
export interface CompareLinearFlowsOptions extends LinearFlowOptions {
  /**
   * The intrinsic model. @default inferred from the initial θ: two layers give
   * `{ kind: 'two-layer', lambda: fitted λ, r: hidden width }`; deeper networks give
   * `{ kind: 'deep', lambdas: fitted λ_i }` (square layers).
   */
  model?: LinearIntrinsicModel;
}

/** Result of {@link compareLinearFlows}. */
export interface CompareLinearFlowsResult {
  /** Shared output times (those reached by both flows). */
  times: Float64Array;
  /** z = φ(θ(t)) from the parameter-space flow. */
  zTheta: Matrix[];
  /** z(t) from the intrinsic flow z' = −K(z)∇f(z). */
  zIntrinsic: Matrix[];
  /** max_ij |zTheta − zIntrinsic| at each shared time. */
  deviation: Float64Array;
  /** The largest deviation. */
  maxDeviation: number;
  /** Conservation-law drift of the θ-flow, max over times of max|h(θ(t)) − h(θ(0))|. */
  lawDrift: number;
  /** The model used (given or inferred). */
  model: LinearIntrinsicModel;
  /** Residual of the initial θ from relaxed balanced (with the fitted λ_i). */
  initialResidual: number;
  /** Status of each integration. */
  status: { theta: IntegrationStatus; intrinsic: IntegrationStatus };
  /** Solver stats of each integration. */
  stats: { theta: IntegrateStats; intrinsic: IntegrateStats };
  /** The full results, for further inspection. */
  thetaFlow: LinearGradientFlowResult;
  /** The full result of the intrinsic z-flow. */
  intrinsicFlow: IntrinsicLinearFlowResult;
}

/**
 * Runs the parameter-space gradient flow of a linear network and the intrinsic z-flow from
 * z(0) = φ(θ(0)) with the same loss and output times, and measures how far apart they are.
 * Under relaxed balanced initializations they agree to the solver tolerance; for a generic θ the
 * z-flow is not intrinsic and any single K deviates.
 *
 * @param weights - initial [U_1, …, U_L] (two layers z = U Vᵀ: [Vᵀ, U])
 * @param options - model, loss, times/T, tolerances (DOPRI5 rtol 1e-11, atol 1e-12 by default)
 * @returns both trajectories at shared times, the deviation, the law drift and solver stats
 * @throws TypeError/RangeError on bad shapes, or when the inferred deep model meets non-square layers
 * @example
 * const { weights } = relaxedBalancedTwoLayer([2, 3, 3], 0.7, { seed: 1 });
 * compareLinearFlows(weights, { T: 2 }).maxDeviation; // ~1e-11
 * @see MATH.md §4.3, §4.4, §5 (flows)
 */
export function compareLinearFlows(
  weights: readonly Matrix[],
  options: CompareLinearFlowsOptions = {},
): CompareLinearFlowsResult {
  const fn = 'compareLinearFlows';
  const widths = checkChain(fn, weights);
  const L = weights.length;
  const fitted = relaxedBalancedResidual(weights);
  let model = options.model;
  if (model === undefined) {
    if (L === 1) model = { kind: 'balanced', L: 1 };
    else if (L === 2) model = { kind: 'two-layer', lambda: fitted.lambdas[0]!, r: widths[1]! };
    else {
      if (widths.some((w) => w !== widths[0]))
        throw new RangeError(`${fn}: the deep model needs square layers, got widths [${widths.join(', ')}]`);
      model = { kind: 'deep', lambdas: fitted.lambdas };
    }
  }
  const loss = options.loss ?? syntheticLoss(widths[L]!, widths[0]!);
  const flowOptions = { ...options, loss };
  const thetaFlow = linearGradientFlow(weights, flowOptions);
  const intrinsicFlow = intrinsicLinearFlow(thetaFlow.z[0]!, model, flowOptions);
  const nt = Math.min(thetaFlow.times.length, intrinsicFlow.times.length);
  const deviation = new Float64Array(nt);
  for (let k = 0; k < nt; k++) deviation[k] = maxAbsDiff(thetaFlow.z[k]!, intrinsicFlow.z[k]!);
  return {
    times: thetaFlow.times.slice(0, nt),
    zTheta: thetaFlow.z.slice(0, nt),
    zIntrinsic: intrinsicFlow.z.slice(0, nt),
    deviation,
    maxDeviation: Math.max(0, ...deviation),
    lawDrift: thetaFlow.lawDrift,
    model,
    initialResidual: fitted.residual,
    status: { theta: thetaFlow.status, intrinsic: intrinsicFlow.status },
    stats: { theta: thetaFlow.stats, intrinsic: intrinsicFlow.stats },
    thetaFlow,
    intrinsicFlow,
  };
}
