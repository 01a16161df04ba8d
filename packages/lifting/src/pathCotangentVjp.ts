import type { Network } from '@idyn/graph';
import { forwardStates } from './internal/forwardStates.js';
import { checkNetwork } from './internal/network.js';
import { checkVector, describe } from './internal/validate.js';

/**
 * DPhi(theta)^T G for the data-structured path cotangent
 * G = Σ_s A(theta, x_s) ∘ (x_s; 1) ⊗ C_s (what a loss on samples produces: C_s is the cotangent
 * of the outputs at sample s), without enumerating paths: it is backpropagation, one forward pass
 * recording the activation pattern and one backward pass, in time linear in edges × samples.
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
    throw new RangeError(`${fn}: batch must be a positive integer, got ${describe(batch)}`);
  }
  const t = checkVector(fn, 'theta', theta, net.D, 'D');
  const nIn = net.inputs.length;
  const nOut = net.outputs.length;
  const x = checkVector(fn, 'X', X, batch * nIn, 'batch * nIn');
  const c = checkVector(fn, 'C', C, batch * nOut, 'batch * nOut');
  const st = forwardStates(net, t, x, batch);
  const delta = new Float64Array(net.nodes.length * batch);
  net.outputs.forEach((v, j) => {
    for (let s = 0; s < batch; s++) delta[v * batch + s] = c[s * nOut + j]!;
  });
  const grad = new Float64Array(net.D);
  for (let i = net.topoOrder.length - 1; i >= 0; i--) {
    const v = net.topoOrder[i]!;
    const node = net.nodes[v]!;
    if (node.kind === 'input') continue;
    const base = v * batch;
    if (node.activation === 'maxpool') {
      for (let s = 0; s < batch; s++) {
        const e = st.selected[base + s]!;
        delta[net.edges[e]!.from * batch + s]! += delta[base + s]!;
      }
      continue;
    }
    // delta becomes the cotangent of the pre-activation.
    for (let s = 0; s < batch; s++) if (!st.active[base + s]) delta[base + s] = 0;
    const bp = net.biasParam[v]!;
    if (bp >= 0) {
      let g = 0;
      for (let s = 0; s < batch; s++) g += delta[base + s]!;
      grad[bp]! += g;
    }
    for (const e of net.inEdges[v]!) {
      const k = net.edgeParam[e]!;
      const w = k >= 0 ? t[k]! : net.fixedWeight[e]!;
      const ub = net.edges[e]!.from * batch;
      let g = 0;
      for (let s = 0; s < batch; s++) {
        const dv = delta[base + s]!;
        g += dv * st.value[ub + s]!;
        delta[ub + s]! += dv * w;
      }
      if (k >= 0) grad[k]! += g;
    }
  }
  return grad;
}
