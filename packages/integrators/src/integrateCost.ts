import type { CostEstimate } from '@idyn/linalg';
import { layeredGradientWork, layeredSizes } from './internal/layered.js';
import type { DataProblem, OdeProblem } from './types.js';

/** What {@link integrateCost} needs to size a run. */
export interface IntegrateCostInput {
  /** The problem, or just its state dimension (per member). */
  readonly problem: OdeProblem | DataProblem | { readonly dim: number };
  /** Number of output times. */
  readonly times: number;
  /** Independent members integrated together (`integrateBatch`). @default 1 */
  readonly batch?: number;
  /** Whether the per-neuron laws are recorded at every output time (`neuronLaws`). @default false */
  readonly neuronLaws?: boolean;
  /**
   * Expected number of steps (unknown before the run: DOPRI5 at rtol 1e-8 typically needs a few
   * hundred for T of order 1). @default 200 + 2 × times
   */
  readonly steps?: number;
}

/**
 * The cost of `integrate` / `integrateBatch` before anything is allocated: the initial states
 * (batch × dim), the trajectories at the output times (batch × times × dim float64), the per-neuron
 * laws if recorded, and the stepper's stage buffers (12 × dim per member, all members at once on a
 * GPU backend); work is steps × 7 stages × the right-hand side (a layered flow: forward and
 * backward passes, 4 × samples × D for an mse loss, 2 × L × D × max width for the synthetic one;
 * a linear problem dim²; a JavaScript rhs assumed 10 × dim).
 *
 * @param input - the problem (or its dimension), output times, batch size, laws, steps
 * @returns the estimate (`task` 'integrate')
 * @throws RangeError when a size is not a positive integer (naming it)
 * @example
 * integrateCost({ problem: { dim: 5000 }, times: 1e9 }).memoryBytes; // 4e13: above the default budget
 * integrateCost({ problem: layeredProblem, times: 11, batch: 4096 }).memoryBytes; // linear:50-50-50: ~4e9
 * @see README (budgets)
 */
export function integrateCost(input: IntegrateCostInput): CostEstimate {
  const fn = 'integrateCost';
  const positive = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new RangeError(`${fn}: ${name} must be a positive integer, got ${String(v)}`);
    return v;
  };
  const times = positive('times', input.times);
  const batch = positive('batch', input.batch ?? 1);
  const p = input.problem as { kind?: string; dim?: number } & Partial<DataProblem>;
  let dim: number;
  let rhsWork: number;
  let laws = 0;
  if (p.kind === 'layered-flow') {
    const lp = p as Extract<DataProblem, { kind: 'layered-flow' }>;
    const { D, hidden } = layeredSizes(lp.widths, lp.bias);
    dim = D;
    laws = input.neuronLaws ? hidden : 0;
    rhsWork = layeredGradientWork(lp.widths, lp.bias, lp.loss);
  } else {
    dim = positive('problem.dim', p.dim);
    rhsWork = p.kind === 'linear' ? 2 * dim * dim : 10 * dim;
  }
  const steps = input.steps ?? 200 + 2 * times;
  const memoryBytes = 8 * batch * (dim + times * dim + times * laws + 12 * dim) + 8 * times;
  const work = batch * steps * 7 * (rhsWork + 20 * dim);
  return {
    task: 'integrate',
    action: batch > 1 ? `integrating ${batch} flows` : 'integrating the flow',
    memoryBytes,
    work,
    sizes: { dim, times, batch },
  };
}
