import type { Network } from '@idyn/graph';
import { checkNetwork } from './internal/network.js';
import { neuronParams } from './internal/neuronParams.js';
import { checkVector } from './internal/validate.js';

/**
 * Whole-neuron sign flip of a hidden neuron v: the signs of all its incoming weights, its bias and
 * its outgoing weights are flipped. Every path through v has exactly one incoming factor (a weight
 * or v's bias) and one outgoing weight at v, so Phi is unchanged; the laws h are even in each
 * parameter and unchanged; DPhi changes by a column sign, so M = DPhi DPhi^T is unchanged
 * (MATH.md §1, §5). The network function changes for ReLU neurons: this is a symmetry of the
 * lifting, not of the network.
 *
 * @param net - a validated network of `@idyn/graph`
 * @param theta - parameters, length D (not modified)
 * @param v - the neuron, by id or node index; must be in `net.lawNodes`
 * @returns the flipped parameters (a new array)
 * @throws TypeError if `net` is not a network; RangeError if theta is invalid or v is unknown or
 *   not a hidden ReLU/identity neuron of `net.lawNodes`
 * @example
 * const net = parseNetwork('relu:1-1-1');
 * flipNeuron(net, [2, 3], 'h1_0'); // Float64Array [-2, -3]
 * @see MATH.md §1, §4.2 (recovery up to sign flips), §5 (invariances)
 */
export function flipNeuron(net: Network, theta: ArrayLike<number>, v: number | string): Float64Array {
  const fn = 'flipNeuron';
  checkNetwork(fn, net);
  const out = Float64Array.from(checkVector(fn, 'theta', theta, net.D, 'D'));
  const { incoming, outgoing } = neuronParams(fn, net, v);
  for (const k of incoming) out[k] = -out[k]!;
  for (const k of outgoing) out[k] = -out[k]!;
  return out;
}
