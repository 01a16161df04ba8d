import type { PathLifting } from '@idyn/lifting';
import type { CostEstimate } from '@idyn/linalg';
import type { CompareFlowsOptions } from './compareFlows.js';
import type { IntrinsicModel } from './IntrinsicModel.js';

/**
 * The cost of {@link compareFlows} before it integrates: the trajectories (θ and z = φ(θ), z(t)
 * and the recovered θ* at every output time: times × (2 d + 2 D) float64), and for models with a
 * network the conditioning σ_min/σ_max of [DPhi; Dh] at every output time (a dense
 * (d + H) × D SVD with about four copies, 8 (d + H) D² multiply-adds each). Work: steps × 7 stages
 * of the θ-flow (a pass over the d paths, depth + 1 factors each, or d · D for another lifting) and
 * of the z-flow (for recovered models a fibre projection and a law Newton step, dominated by the
 * D × D normal equations, D³/3, a few times per stage; the step count is not known in advance:
 * 200 + 2 × times is assumed). With an `mse` loss each stage also runs the samples through the
 * network (4 × samples × D).
 *
 * @param model - the model to compare (its lifting's d and D, and its network when it has one)
 * @param options - the loss and output times (as for compareFlows)
 * @returns the estimate (`task` 'compareFlows')
 * @throws TypeError when `model` is not an IntrinsicModel
 * @example
 * compareFlowsCost(pathIntrinsicModel(parseNetwork('relu:2-3-2'), theta0), { loss, times }).work; // ~1e9
 * @see README (budgets)
 */
export function compareFlowsCost(
  model: IntrinsicModel,
  options: { readonly times?: ArrayLike<number>; readonly loss?: CompareFlowsOptions['loss'] },
): CostEstimate {
  if (model === null || typeof model !== 'object' || typeof model.lifting !== 'object')
    throw new TypeError('compareFlowsCost: model must be an IntrinsicModel');
  const { d, D } = model.lifting;
  const net = (model as { network?: { lawNodes: readonly number[] } }).network;
  const H = net?.lawNodes.length ?? 0;
  const times = options.times?.length ?? 2;
  const path = model.lifting as Partial<PathLifting>;
  const sparse = typeof path.jacobianSparse === 'function';
  const lossType = (options.loss as { type?: string } | undefined)?.type;
  const samples = lossType === 'mse' ? ((options.loss as { samples?: number }).samples ?? 1) : 0;
  const rows = d + H;
  const steps = 200 + 2 * times;
  const thetaRhs = (sparse ? 8 * d : 2 * d * D) + 4 * samples * D;
  const recovered = typeof model.representative === 'function';
  const zRhs = recovered ? 3 * (D ** 3 / 3 + 8 * d) + 4 * samples * D : 2 * d * D + 4 * samples * D;
  const conditioning = net !== undefined && sparse ? times * 8 * rows * D * D : 0;
  return {
    task: 'compareFlows',
    action: 'comparing the theta-flow with the intrinsic flow',
    memoryBytes: 8 * times * (2 * d + 2 * D) + (conditioning > 0 ? 4 * 8 * rows * D : 0) + 8 * D * D,
    work: steps * 7 * (thetaRhs + zRhs) + conditioning,
    sizes: { D, d, times },
  };
}
