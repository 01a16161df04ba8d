import type { Network } from './Network.js';

/**
 * The depth of every node: 0 for the inputs, else 1 + the largest depth of a tail, i.e. the edges on
 * the longest path from an input (the layer index of a layered network).
 *
 * @param network - the network
 * @returns depths indexed like `network.nodes`
 * @example
 * nodeDepths(parseNetwork('relu:2-3-1')); // Int32Array [0, 0, 1, 1, 1, 2]
 * nodeDepths(parseNetwork('dense:2-3-1')); // an edge x → y skips a layer: y is still at depth 2
 */
export function nodeDepths(network: Network): Int32Array {
  const depth = new Int32Array(network.nodes.length);
  for (const v of network.topoOrder) {
    let dv = 0;
    for (const e of network.inEdges[v]!) dv = Math.max(dv, depth[network.edges[e]!.from]! + 1);
    depth[v] = dv;
  }
  return depth;
}
