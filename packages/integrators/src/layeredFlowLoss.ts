import { compileLayered } from './internal/layered.js';
import type { LayeredFlowProblem } from './types.js';

/** A differentiable loss: writes ∇L(θ) into `gradient` and returns L(θ). */
export type LossFunction = (theta: Float64Array, gradient: Float64Array) => number;

/** Result of {@link layeredFlowLoss}. */
export interface LayeredFlowLossResult {
  /** Number of parameters D = Σ n_l n_{l−1} (+ Σ_{l≥1} n_l with biases). */
  readonly dim: number;
  /** Offsets of W_1..W_L in θ. */
  readonly weightOffsets: readonly number[];
  /** Offsets of b_1..b_L in θ (all −1 without bias). */
  readonly biasOffsets: readonly number[];
  /** L(θ) and ∇L(θ) (float64; the function reuses internal buffers and is not reentrant). */
  readonly loss: LossFunction;
}

/**
 * Compiles the loss of a layered-flow problem (the same code the CPU backend integrates): MSE on
 * a data set, or the synthetic loss on z = W_L ⋯ W_1 (MATH.md §5).
 *
 * @param problem - a {@link LayeredFlowProblem}; its θ layout is W_1..W_L row-major (W_l is
 *   n_l × n_{l−1}), then b_1..b_L when `bias`
 * @returns the parameter count, the layout offsets and the loss with its gradient
 * @throws TypeError / RangeError naming the offending field of `problem`
 * @example
 * const { dim, loss } = layeredFlowLoss({
 *   kind: 'layered-flow', widths: [1, 1, 1], activation: 'identity', bias: false,
 *   loss: { type: 'synthetic', Y: [2], quartic: 0 },
 * });
 * const g = new Float64Array(dim);
 * loss(Float64Array.of(1, 1), g); // 0.5 (= ½(1·1 − 2)²); g = [-1, -1]
 * @see MATH.md §5 (the synthetic loss), §1 (layered networks)
 */
export function layeredFlowLoss(problem: LayeredFlowProblem): LayeredFlowLossResult {
  const model = compileLayered('layeredFlowLoss', problem);
  return {
    dim: model.dim,
    weightOffsets: model.wOffset,
    biasOffsets: model.bOffset,
    loss: (theta, gradient) => {
      if (theta.length !== model.dim || gradient.length !== model.dim) {
        throw new RangeError(
          `layeredFlowLoss: theta has length ${theta.length} and gradient ${gradient.length}, expected D = ${model.dim}`,
        );
      }
      return model.valueAndGradient(theta, gradient);
    },
  };
}
