import { describeValue } from '@idyn/linalg';
import { backward, type Network } from '@idyn/graph';
import { checkNetwork } from './internal/network.js';
import { checkVector } from './internal/validate.js';

/**
 * DPhi(theta)^T G for the data-structured path cotangent
 * G = Σ_s A(theta, x_s) ∘ (x_s; 1) ⊗ C_s (what a loss on samples produces: C_s is the cotangent
 * of the outputs at sample s), without enumerating paths: it is backpropagation (`backward` of
 * `@idyn/graph`), one forward pass recording the activation pattern and one backward pass, in time
 * linear in edges × samples.
 *
 * Equals `pathLifting(net).vjp(theta, lift.dataCotangent(theta, X, C, batch))`, and, for a loss
 * L(theta) = Σ_s ℓ_s(output(theta, x_s)) with C_s = ∇ℓ_s, the gradient ∇L(theta) (MATH.md §0:
 * grad L = DPhi^T grad f).
 *
 * @param net - a validated network of `@idyn/graph`
 * @param theta - parameters, length D
 * @param X - inputs, batch x nIn row-major (column j feeds `net.inputs[j]`)
 * @param C - output cotangents, batch x nOut row-major (column j for `net.outputs[j]`)
 * @param batch - number of samples, a positive integer
 * @returns DPhi^T G, length D
 * @throws TypeError if `net` is not a network; RangeError for a bad `batch` or an array of the
 *   wrong length or with a non-finite entry
 * @example
 * const net = parseNetwork('linear:1-1-1');
 * pathCotangentVjp(net, [2, 3], [1], [1], 1); // Float64Array [3, 2]
 * With shared parameters the entry of θ_j adds up over every edge and bias carrying j (MATH.md §7).
 *
 * @see MATH.md §0 (gradient flow through phi), §1 (path activations), §7 (shared weights)
 */
export function pathCotangentVjp(
  net: Network,
  theta: ArrayLike<number>,
  X: ArrayLike<number>,
  C: ArrayLike<number>,
  batch: number,
): Float64Array {
  const fn = 'pathCotangentVjp';
  checkNetwork(fn, net);
  if (typeof batch !== 'number' || !Number.isInteger(batch) || batch < 1) {
    throw new RangeError(`${fn}: batch must be a positive integer, got ${describeValue(batch)}`);
  }
  const t = checkVector(fn, 'theta', theta, net.D, 'D');
  const nIn = net.inputs.length;
  const nOut = net.outputs.length;
  const x = checkVector(fn, 'X', X, batch * nIn, 'batch * nIn');
  const c = checkVector(fn, 'C', C, batch * nOut, 'batch * nOut');
  // It is the backward pass of the network (one implementation, in @idyn/graph): the gradient of
  // Σ_s <C_s, output(x_s)> with respect to theta.
  return backward(net, t, x, batch, c).gradTheta;
}
