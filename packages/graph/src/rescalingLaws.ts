import { checkTheta } from './internal/checkTheta.js';
import type { Network } from './Network.js';

/**
 * The conservation laws of the rescaling symmetry (MATH.md §1), one per law neuron v of
 * `net.lawNodes`: h_v(theta) = sum_{u->v} w_{u->v}^2 + b_v^2 - sum_{v->w} w_{v->w}^2.
 *
 * `net.lawNodes` holds the hidden ReLU/identity neurons none of whose outgoing edges enters a
 * max-pool neuron. Max-pool neurons have no incoming parameters to rescale, and a neuron feeding a
 * max-pool cannot be rescaled alone (the edge into the max-pool has the fixed weight 1), so for
 * those <grad h_v, grad Phi_p> = 2 Phi_p != 0 on the paths through that edge and h_v is not conserved.
 * For networks without max-pool, `lawNodes` equals `hidden`.
 *
 * @param net - the network
 * @param theta - parameters, length D
 * @returns h, one entry per `net.lawNodes[i]`
 * @throws TypeError / NetworkError (RangeError) on a bad theta
 * @example
 * rescalingLaws(parseNetwork('relu:1-1-1'), [2, 3]); // Float64Array [4 - 9] = [-5]
 * @see MATH.md §1 (rescaling symmetry, conservation law per hidden neuron)
 */
export function rescalingLaws(net: Network, theta: ArrayLike<number>): Float64Array {
  checkTheta('rescalingLaws', net, theta);
  const h = new Float64Array(net.lawNodes.length);
  net.lawNodes.forEach((v, i) => {
    let s = 0;
    for (const e of net.inEdges[v]!) s += theta[net.edgeParam[e]!]! ** 2;
    const bp = net.biasParam[v]!;
    if (bp >= 0) s += theta[bp]! ** 2;
    for (const e of net.outEdges[v]!) s -= theta[net.edgeParam[e]!]! ** 2;
    h[i] = s;
  });
  return h;
}
