import { checkBatch } from './internal/checkBatch.js';
import { forwardUnchecked } from './internal/forwardUnchecked.js';
import { checkTheta } from './internal/checkTheta.js';
import type { Network } from './Network.js';

/** Result of {@link forward}; every array is row-major with one row per sample. */
export interface ForwardResult {
  /** Number of samples. */
  readonly batch: number;
  /** Network outputs, shape [batch, outputs.length]; column j is node `net.outputs[j]`. */
  readonly outputs: Float64Array;
  /**
   * Pre-activation of every node, shape [batch, nodes.length]: the input value for inputs,
   * b_v + sum_{u->v} w_{u->v} u(x) for pointwise neurons (ReLU, identity) and outputs, and the
   * selected (k-th largest) antecedent value for selection neurons (max-pool).
   */
  readonly pre: Float64Array;
  /** Value (post-activation) of every node, shape [batch, nodes.length]. */
  readonly post: Float64Array;
  /**
   * Activation pattern of every node, shape [batch, nodes.length]: for inputs and pointwise neurons
   * 1 where the activation's slope at pre is nonzero and 0 where it is 0 (ReLU: 1 iff pre > 0;
   * identity: always 1); for selection neurons (max-pool) the node index of the selected antecedent.
   */
  readonly pattern: Int32Array;
}

/**
 * Batched forward pass: v(x) = rho_v(b_v + sum_{u->v} w_{u->v} u(x)), nodes visited in
 * topological order; a k-max-pool neuron outputs the k-th largest antecedent value (edges into it
 * have weight 1). Ties in a max-pool are broken towards the antecedent whose edge comes first.
 *
 * @param net - the network
 * @param theta - parameters, length D (layout in {@link Network})
 * @param X - inputs, row-major [batch, inputs.length]; column j feeds node `net.inputs[j]`
 * @param batch - number of samples
 * @returns outputs, pre-activations, values and activation patterns ({@link ForwardResult})
 * @throws TypeError if `theta` or `X` is not an array
 * @throws RangeError (NetworkError for theta) on a wrong length, a non-finite entry, or a batch that
 *   is not a positive integer
 * @example
 * const net = parseNetwork('relu:1-1-1');
 * forward(net, [2, 3], [1, -1], 2).outputs; // Float64Array [6, 0]
 * @see MATH.md §1 (realization)
 */
export function forward(
  net: Network,
  theta: ArrayLike<number>,
  X: ArrayLike<number>,
  batch: number,
): ForwardResult {
  checkTheta('forward', net, theta);
  checkBatch('forward', 'X', X, batch, net.inputs.length);
  return forwardUnchecked(net, theta, X, batch);
}
