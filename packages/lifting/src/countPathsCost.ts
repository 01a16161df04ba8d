import type { Network } from '@idyn/graph';
import type { CostEstimate } from '@idyn/linalg';
import { checkNetwork } from './internal/network.js';
import { pathSizes } from './internal/pathSizes.js';

/**
 * The cost of {@link countPaths} before it runs: one exact BigInt #paths(v) per node, of
 * log2 #paths(v) bits each (a residual stream of 100 000 blocks has counts of ~2^100000), and one
 * BigInt addition per edge. The bit lengths come from the same recursion in float64 logarithms,
 * in O(edges).
 *
 * @param net - a validated network of `@idyn/graph`
 * @returns the estimate (`task` 'countPaths'); `sizes.log2Paths` is log2 of the total
 * @throws TypeError if `net` is not a network
 * @example
 * countPathsCost(parseNetwork('relu:2-3-2')).memoryBytes; // ~1e3
 * countPathsCost(parseNetwork('resblock:2:100000')).memoryBytes; // ~6e9: refused by the default budget
 * @see README (budgets)
 */
export function countPathsCost(net: Network): CostEstimate {
  checkNetwork('countPathsCost', net);
  const { log2FromNode, log2Total } = pathSizes(net);
  let memoryBytes = 0;
  let work = 0;
  for (let v = 0; v < net.nodes.length; v++) {
    const bits = Math.max(log2FromNode[v]!, 1);
    memoryBytes += 32 + bits / 8;
    work += (net.outEdges[v]!.length + 1) * (4 + bits / 16);
  }
  return {
    task: 'countPaths',
    action: 'counting the paths exactly',
    memoryBytes,
    work,
    sizes: {
      nodes: net.nodes.length,
      edges: net.edges.length,
      log2Paths: Math.max(log2Total, 0),
    },
  };
}
