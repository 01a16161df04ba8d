import { forwardUnchecked } from './internal/forwardUnchecked.js';
import { backpropagate } from './internal/backpropagate.js';
import { checkBatch } from './internal/checkBatch.js';
import { checkTheta } from './internal/checkTheta.js';
import type { Network } from './Network.js';

/** Result of {@link backward}. */
export interface BackwardResult {
  /** Network outputs, row-major [batch, outputs.length]. */
  readonly outputs: Float64Array;
  /** sum over samples of d<G_s, net(x_s)>/dtheta, length D. */
  readonly gradTheta: Float64Array;
  /** d<G_s, net(x_s)>/dx_s per sample, row-major [batch, inputs.length]. */
  readonly gradInputs: Float64Array;
}

/**
 * Reverse-mode gradient of the scalar sum_s <G_s, net(x_s)> for an output cotangent G, with respect
 * to theta (summed over the batch) and to each sample's inputs (a vector-Jacobian product).
 * Conventions at non-differentiable points: ReLU'(0) = 0; a max-pool routes the adjoint to the
 * antecedent its forward pass selected (ties: earliest edge).
 *
 * @param net - the network
 * @param theta - parameters, length D
 * @param X - inputs, row-major [batch, inputs.length]
 * @param batch - number of samples
 * @param cotangent - G, row-major [batch, outputs.length]
 * @returns outputs and both gradients ({@link BackwardResult})
 * @throws TypeError / RangeError naming the argument on a wrong type, length or non-finite entry
 * @example
 * const net = parseNetwork('relu:1-1-1'); // theta = [w(x0→h1_0), w(h1_0→y0)]
 * backward(net, [2, 3], [1], 1, [1]).gradTheta; // Float64Array [3, 2]
 * @see MATH.md §0 (gradient flow), §1 (realization)
 */
export function backward(
  net: Network,
  theta: ArrayLike<number>,
  X: ArrayLike<number>,
  batch: number,
  cotangent: ArrayLike<number>,
): BackwardResult {
  checkTheta('backward', net, theta);
  checkBatch('backward', 'X', X, batch, net.inputs.length);
  checkBatch('backward', 'cotangent', cotangent, batch, net.outputs.length);
  const fwd = forwardUnchecked(net, theta, X, batch);
  return { outputs: fwd.outputs, ...backpropagate(net, theta, fwd, cotangent) };
}
