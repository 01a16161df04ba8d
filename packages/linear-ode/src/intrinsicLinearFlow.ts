import {
  type IntegrateResult,
  type IntegrateStats,
  type IntegrationStatus,
  integrate,
} from '@idyn/integrators';
import type { Matrix } from 'ml-matrix';
import { aroraMetric } from './aroraMetric.js';
import { deepIntrinsicMetric } from './deepIntrinsicMetric.js';
import { readMatrix, writeMatrix } from './internal/dense.js';
import { checkMatrix } from './internal/validate.js';
import { flowTolerances, type LinearFlowOptions, outputTimes } from './linearGradientFlow.js';
import { type LinearLoss, syntheticLoss } from './syntheticLoss.js';
import { twoLayerIntrinsicMetric } from './twoLayerIntrinsicMetric.js';

/**
 * Which intrinsic metric K(z) drives the z-flow:
 * - `two-layer`: relaxed balanced z = U Vᵀ with Uᵀ U − Vᵀ V = λ I_r ({@link twoLayerIntrinsicMetric});
 * - `deep`: square relaxed balanced with the given λ_i ({@link deepIntrinsicMetric});
 * - `balanced`: Arora et al.'s formula for depth L ({@link aroraMetric}).
 */
export type LinearIntrinsicModel =
  | { kind: 'two-layer'; lambda: number; r: number; rankTolerance?: number }
  | { kind: 'deep'; lambdas: readonly number[] }
  | { kind: 'balanced'; L: number };

/** K(z)[G] for a model. */
export function modelMetric(model: LinearIntrinsicModel, z: Matrix, G: Matrix): Matrix {
  switch (model.kind) {
    case 'two-layer':
      return twoLayerIntrinsicMetric(z, G, model);
    case 'deep':
      return deepIntrinsicMetric(z, G, model.lambdas);
    case 'balanced':
      return aroraMetric(z, G, model.L);
    default:
      throw new RangeError(
        `model.kind must be 'two-layer', 'deep' or 'balanced', got ${String((model as { kind: unknown }).kind)}`,
      );
  }
}

/** Result of {@link intrinsicLinearFlow}. */
export interface IntrinsicLinearFlowResult {
  /** Output times reached. */
  times: Float64Array;
  /** z at each output time. */
  z: Matrix[];
  /** Integrator status. */
  status: IntegrationStatus;
  /** Integrator message (why it stopped, when not `'success'`). */
  message: string;
  /** Integrator work counters. */
  stats: IntegrateStats;
}

/**
 * The intrinsic z-flow z' = −K(z)[∇f(z)] of a linear network, integrated with adaptive DOPRI5.
 *
 * @param z0 - the initial end-to-end matrix
 * @param model - which intrinsic metric (two-layer relaxed balanced, deep, balanced)
 * @param options - loss, output times, tolerances
 * @returns the z trajectory, status and solver stats
 * @throws RangeError on bad input, or (from the metric) when z leaves the validity domain
 * @example
 * const { z } = relaxedBalancedTwoLayer([2, 3, 3], 0.7);
 * intrinsicLinearFlow(z, { kind: 'two-layer', lambda: 0.7, r: 3 }, { T: 2 }).z.at(-1);
 * @see MATH.md §4.3, §4.4
 */
export function intrinsicLinearFlow(
  z0: Matrix,
  model: LinearIntrinsicModel,
  options: LinearFlowOptions = {},
): IntrinsicLinearFlowResult {
  const fn = 'intrinsicLinearFlow';
  checkMatrix(fn, 'z0', z0);
  const loss = options.loss ?? syntheticLoss(z0.rows, z0.columns);
  const times = outputTimes(fn, options);
  const tolerances = flowTolerances(fn, options);
  // Validate the model once at the start (throws with the metric's message).
  modelMetric(model, z0, loss.gradient(z0));
  const run = integrateIntrinsicFlow(z0, model, loss, times, tolerances);
  return {
    times: Float64Array.from(run.result.t),
    z: run.z,
    status: run.result.status,
    message: run.message,
    stats: { ...run.result.stats },
  };
}

/** One run of the z-flow: the integrator's result, z at the times reached, and the message. */
export interface IntrinsicRun {
  /** The integrator's result. */
  readonly result: IntegrateResult;
  /** z at the output times reached. */
  readonly z: Matrix[];
  /** Why it stopped: the integrator's message, with the metric's own message when it failed. */
  readonly message: string;
  /** Whether the metric failed (z left its domain), as opposed to an overflow. */
  readonly metricFailed: boolean;
}

/**
 * Integrates z' = −K(z)[∇f(z)] from z0 over `times` (the first one is the start). A metric that
 * cannot be evaluated at a stage (z leaving the model's validity domain) yields a non-finite
 * derivative: DOPRI5 retries a shorter step and otherwise stops with status 'non-finite'; the
 * metric's message and time are kept, never thrown.
 */
export function integrateIntrinsicFlow(
  z0: Matrix,
  model: LinearIntrinsicModel,
  loss: LinearLoss,
  times: ArrayLike<number>,
  tolerances: { rtol: number; atol: number },
): IntrinsicRun {
  const rows = z0.rows;
  const cols = z0.columns;
  const dim = rows * cols;
  const y0 = new Float64Array(dim);
  writeMatrix(z0, y0, 0);
  const failure: { t: number; message: string | null } = { t: 0, message: null };
  const result = integrate(
    {
      dim,
      rhs(t, y, dydt) {
        // a stage built from an earlier failure is not finite: keep the first cause
        if (!y.every(Number.isFinite)) {
          dydt.fill(Number.NaN);
          return;
        }
        try {
          const z = readMatrix(y, 0, rows, cols);
          writeMatrix(modelMetric(model, z, loss.gradient(z)).mul(-1), dydt, 0);
        } catch (error) {
          failure.t = t;
          failure.message = error instanceof Error ? error.message : String(error);
          dydt.fill(Number.NaN);
        }
      },
    },
    y0,
    { times, rtol: tolerances.rtol, atol: tolerances.atol, method: 'dopri5' },
  );
  const z: Matrix[] = [];
  for (let k = 0; k < result.t.length; k++) z.push(readMatrix(result.y, k * dim, rows, cols));
  const message =
    result.status === 'success' || failure.message === null
      ? result.message
      : `${result.message}; the metric failed at t = ${failure.t}: ${failure.message}`;
  return { result, z, message, metricFailed: failure.message !== null };
}
