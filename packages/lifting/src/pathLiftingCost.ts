import type { Network } from '@idyn/graph';
import type { CostEstimate } from '@idyn/linalg';
import { checkNetwork } from './internal/network.js';
import { pathSizes } from './internal/pathSizes.js';

/**
 * The cost of {@link pathLifting} before it enumerates: per path, its node, edge and parameter
 * indices, its z label and its slots in the vectors of length d (measured: 160 bytes per path for
 * relu:100-100-100, 260 for six layers of 10, 570 for resblock:2:8 with 15-node paths; about
 * 2 s per million three-node paths). Path counts come from float64 logarithms, so a network with
 * 2^100000 paths is sized in O(edges).
 *
 * @param net - a validated network of `@idyn/graph`
 * @returns the estimate (`task` 'pathLifting'); `sizes.paths` is the path count (rounded) and
 *   `sizes.meanPathNodes` the mean number of nodes per path
 * @throws TypeError if `net` is not a network
 * @example
 * pathLiftingCost(parseNetwork('relu:100-101-100')).memoryBytes; // ~2.5e8 for 1010000 paths
 * @see README (budgets)
 */
export function pathLiftingCost(net: Network): CostEstimate {
  checkNetwork('pathLiftingCost', net);
  const { log2Total, meanNodes } = pathSizes(net);
  const paths = 2 ** log2Total;
  return {
    task: 'pathLifting',
    action: 'enumerating the paths of the path-lifting',
    memoryBytes: paths * (120 + 40 * meanNodes) + 200 * net.nodes.length,
    work: paths * meanNodes * 700,
    sizes: {
      paths: Number.isFinite(paths) ? Math.round(paths) : paths,
      log2Paths: Math.max(log2Total, 0),
      meanPathNodes: Math.round(meanNodes * 10) / 10,
      D: net.D,
    },
  };
}
