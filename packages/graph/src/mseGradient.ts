import { forwardUnchecked } from './internal/forwardUnchecked.js';
import { backpropagate } from './internal/backpropagate.js';
import { checkBatch } from './internal/checkBatch.js';
import { checkTheta } from './internal/checkTheta.js';
import type { Network } from './Network.js';

/** Result of {@link mseGradient}. */
export interface MseGradientResult {
  /** L = 1/(2N) sum_s ||net(x_s) - y_s||^2, N = batch. */
  readonly loss: number;
  /** Network outputs, row-major [batch, outputs.length]. */
  readonly outputs: Float64Array;
  /** net(x_s) - y_s, row-major [batch, outputs.length]. */
  readonly residual: Float64Array;
  /** dL/dtheta, length D. */
  readonly gradTheta: Float64Array;
  /** dL/dX, row-major [batch, inputs.length]. */
  readonly gradInputs: Float64Array;
}

/**
 * Mean squared error L(theta) = 1/(2N) sum_{s<N} ||net(x_s) - y_s||^2 (N = number of samples; the
 * squared norm sums over outputs, so there is no division by the output count) and its reverse-mode
 * gradients with respect to theta and to the inputs. The output cotangent is residual / N.
 *
 * @param net - the network
 * @param theta - parameters, length D
 * @param X - inputs, row-major [batch, inputs.length]
 * @param Y - targets, row-major [batch, outputs.length]
 * @param batch - number of samples N
 * @returns loss, outputs, residual and gradients ({@link MseGradientResult})
 * @throws TypeError / RangeError naming the argument on a wrong type, length or non-finite entry
 * @example
 * const net = parseNetwork('linear:1-1'); // net(x) = w x
 * mseGradient(net, [2], [1, 2], [0, 0], 2); // loss = (4 + 16) / 4 = 5, gradTheta = [(2*1 + 4*2) / 2] = [5]
 * @see MATH.md §0 (gradient flow)
 */
export function mseGradient(
  net: Network,
  theta: ArrayLike<number>,
  X: ArrayLike<number>,
  Y: ArrayLike<number>,
  batch: number,
): MseGradientResult {
  checkTheta('mseGradient', net, theta);
  checkBatch('mseGradient', 'X', X, batch, net.inputs.length);
  checkBatch('mseGradient', 'Y', Y, batch, net.outputs.length);
  const fwd = forwardUnchecked(net, theta, X, batch);
  const residual = new Float64Array(fwd.outputs.length);
  const cot = new Float64Array(fwd.outputs.length);
  let sq = 0;
  for (let i = 0; i < residual.length; i++) {
    const r = fwd.outputs[i]! - Y[i]!;
    residual[i] = r;
    cot[i] = r / batch;
    sq += r * r;
  }
  return { loss: sq / (2 * batch), outputs: fwd.outputs, residual, ...backpropagate(net, theta, fwd, cot) };
}
