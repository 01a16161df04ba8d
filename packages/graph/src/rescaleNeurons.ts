import { checkTheta } from './internal/checkTheta.js';
import { rescaleLog } from './internal/rescaleLog.js';
import type { Network } from './Network.js';

/**
 * Applies the positive rescaling symmetry (MATH.md §1): with a factor c_v > 0 per node, every weight
 * becomes w_{u->v} c_v / c_u and every bias b_v c_v. Factors must be 1 on inputs, outputs, max-pool
 * neurons and neurons feeding a max-pool (anything not in `net.lawNodes`), where a rescaling would
 * change the function. The network function, hence the path-lifting, is unchanged.
 *
 * @param net - the network
 * @param theta - parameters, length D
 * @param factors - c, one positive finite factor per node (length `nodes.length`)
 * @returns the rescaled parameters (a new array)
 * @throws RangeError naming the node if a factor is not positive and finite, or not 1 outside
 *   `net.lawNodes`; TypeError / RangeError on a bad theta or factors length
 * @example
 * const net = parseNetwork('relu:1-1-1');
 * rescaleNeurons(net, [2, 3], [1, 2, 1]); // Float64Array [4, 1.5]
 * @see MATH.md §1 (rescaling symmetry)
 */
export function rescaleNeurons(
  net: Network,
  theta: ArrayLike<number>,
  factors: ArrayLike<number>,
): Float64Array {
  checkTheta('rescaleNeurons', net, theta);
  const n = net.nodes.length;
  if (factors === null || typeof factors !== 'object' || typeof factors.length !== 'number') {
    throw new TypeError('rescaleNeurons: factors must be an array with one factor per node');
  }
  if (factors.length !== n) {
    throw new RangeError(
      `rescaleNeurons: factors has length ${factors.length}, expected one per node (${n})`,
    );
  }
  const isLaw = new Uint8Array(n);
  for (const v of net.lawNodes) isLaw[v] = 1;
  for (let v = 0; v < n; v++) {
    const c = factors[v]!;
    if (!(Number.isFinite(c) && c > 0)) {
      throw new RangeError(
        `rescaleNeurons: factors[${v}] (node "${net.nodes[v]!.id}") = ${c} is not a positive finite number`,
      );
    }
    if (!isLaw[v] && c !== 1) {
      throw new RangeError(
        `rescaleNeurons: factors[${v}] (node "${net.nodes[v]!.id}") = ${c}, but only hidden ReLU/identity neurons not feeding a max-pool can be rescaled (factor 1 elsewhere)`,
      );
    }
  }
  return rescaleLog(
    net,
    theta,
    Float64Array.from({ length: n }, (_, v) => Math.log(factors[v]!)),
  );
}
