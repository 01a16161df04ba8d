import { describeValue } from '@idyn/linalg';
import type { Network } from '@idyn/graph';
import { checkNetwork } from './internal/network.js';
import { neuronParams } from './internal/neuronParams.js';
import { checkVector } from './internal/validate.js';

/**
 * Positive rescaling of a hidden neuron v by c > 0: its incoming weights and bias are multiplied
 * by c, its outgoing weights by 1/c. The path-lifting Phi, hence the network function, is unchanged
 * (MATH.md §1); the law h_v changes (it is the generator of this symmetry), the other laws do not.
 *
 * @param net - a validated network of `@idyn/graph`
 * @param theta - parameters, length D (not modified)
 * @param v - the neuron, by id or node index; must be in `net.lawNodes` (hidden ReLU/identity,
 *   no outgoing edge into a max-pool neuron)
 * @param c - the factor, a finite number > 0
 * @returns the rescaled parameters (a new array)
 * @throws TypeError if `net` is not a network; RangeError if theta is invalid, v is unknown or not
 *   rescalable, or c is not a finite positive number
 * @example
 * const net = parseNetwork('relu:1-1-1'); // theta = (w(x0→h), w(h→y0))
 * rescaleNeuron(net, [2, 3], 'h1_0', 4); // Float64Array [8, 0.75]
 * @see MATH.md §1 (rescaling symmetry), §5 (invariances)
 */
export function rescaleNeuron(
  net: Network,
  theta: ArrayLike<number>,
  v: number | string,
  c: number,
): Float64Array {
  const fn = 'rescaleNeuron';
  checkNetwork(fn, net);
  const out = Float64Array.from(checkVector(fn, 'theta', theta, net.D, 'D'));
  if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) {
    throw new RangeError(`${fn}: c must be a finite number > 0, got ${describeValue(c)}`);
  }
  const { incoming, outgoing } = neuronParams(fn, net, v);
  for (const k of incoming) out[k]! *= c;
  for (const k of outgoing) out[k]! /= c;
  return out;
}
