import { type IntegrateStats, type IntegrationStatus, integrate } from '@idyn/integrators';
import type { Matrix } from 'ml-matrix';
import { aroraMetric } from './aroraMetric.js';
import { deepIntrinsicMetric } from './deepIntrinsicMetric.js';
import { readMatrix, writeMatrix } from './internal/dense.js';
import { checkMatrix } from './internal/validate.js';
import { type LinearFlowOptions, outputTimes } from './linearGradientFlow.js';
import { syntheticLoss } from './syntheticLoss.js';
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
function modelMetric(model: LinearIntrinsicModel, z: Matrix, G: Matrix): Matrix {
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
  const rows = z0.rows;
  const cols = z0.columns;
  const loss = options.loss ?? syntheticLoss(rows, cols);
  const times = outputTimes(fn, options);
  const dim = rows * cols;
  const y0 = new Float64Array(dim);
  writeMatrix(z0, y0, 0);
  // Validate the model once at the start (throws with the metric's message).
  modelMetric(model, z0, loss.gradient(z0));
  const result = integrate(
    {
      dim,
      rhs(_t, y, dydt) {
        const z = readMatrix(y, 0, rows, cols);
        writeMatrix(modelMetric(model, z, loss.gradient(z)).mul(-1), dydt, 0);
      },
    },
    y0,
    { times, rtol: options.rtol ?? 1e-11, atol: options.atol ?? 1e-12, method: 'dopri5' },
  );
  const z: Matrix[] = [];
  for (let k = 0; k < result.t.length; k++) z.push(readMatrix(result.y, k * dim, rows, cols));
  return {
    times: Float64Array.from(result.t),
    z,
    status: result.status,
    message: result.message,
    stats: { ...result.stats },
  };
}
