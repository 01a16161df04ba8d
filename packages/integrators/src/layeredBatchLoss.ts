import type { StochasticLoss } from './gradientSteps.js';
import { compileLayered } from './internal/layered.js';
import { show } from './internal/validate.js';
import type { LayeredFlowProblem } from './types.js';

/**
 * The mini-batch loss of a layered network with an MSE loss: for a batch B of sample indices,
 * L_B(θ) = 1/(2|B|) Σ_{i∈B} ||net(x_i) − y_i||² and its gradient, computed by the same code as the
 * full loss (`layeredFlowLoss`) on the selected rows. With B = all samples it is the full loss.
 *
 * @param problem - a {@link LayeredFlowProblem} whose loss is `mse`
 * @returns a {@link StochasticLoss} for `gradientSteps` (`samples` = N)
 * @throws TypeError / RangeError naming the offending field of `problem`; RangeError if the loss is
 *   not `mse`, and, at call time, if a batch index is outside [0, N) or the batch is empty
 * @example
 * const sl = layeredBatchLoss({ kind: 'layered-flow', widths: [1, 1], activation: 'identity', bias: false,
 *   loss: { type: 'mse', samples: 2, X: [1, 2], Y: [0, 0] } });
 * const g = new Float64Array(1);
 * sl.loss(Float64Array.of(3), g, Int32Array.of(1)); // 18 (= ½ (3·2)²); g = [12]
 * @see MATH.md §7 (discrete steps: mini-batch gradients)
 */
export function layeredBatchLoss(problem: LayeredFlowProblem): StochasticLoss {
  const fn = 'layeredBatchLoss';
  const full = compileLayered(fn, problem);
  const loss = problem.loss;
  if (loss.type !== 'mse') {
    throw new RangeError(`${fn}: problem.loss.type must be 'mse' for mini-batches, got ${show(loss.type)}`);
  }
  const N = loss.samples;
  const n0 = full.widths[0]!;
  const nL = full.widths[full.layers]!;
  return {
    samples: N,
    loss(theta, gradient, batch) {
      if (batch.length === 0) throw new RangeError(`${fn}: the batch is empty`);
      const X = new Float64Array(batch.length * n0);
      const Y = new Float64Array(batch.length * nL);
      batch.forEach((i, b) => {
        if (!Number.isInteger(i) || i < 0 || i >= N) {
          throw new RangeError(`${fn}: batch[${b}] must be a sample index in [0, ${N}), got ${show(i)}`);
        }
        for (let c = 0; c < n0; c++) X[b * n0 + c] = loss.X[i * n0 + c]!;
        for (let c = 0; c < nL; c++) Y[b * nL + c] = loss.Y[i * nL + c]!;
      });
      const model = compileLayered(fn, { ...problem, loss: { type: 'mse', samples: batch.length, X, Y } });
      if (theta.length !== model.dim || gradient.length !== model.dim) {
        throw new RangeError(
          `${fn}: theta has length ${theta.length} and gradient ${gradient.length}, expected D = ${model.dim}`,
        );
      }
      return model.valueAndGradient(theta, gradient);
    },
  };
}
