import type { Network } from '@idyn/graph';
import { pathLifting } from '@idyn/lifting';
import type { CostEstimate } from '@idyn/linalg';
import { countLawsCost } from './countLawsCost.js';
import { type CountNetworkLawsOptions, chooseMethod } from './countNetworkLaws.js';

/**
 * The cost of {@link countNetworkLaws} before it runs, for the method it would choose. The Lie
 * trace: {@link countLawsCost} of the path-lifting (its ≤ maxPaths polynomials are built). The
 * structural count: the exact path count, the union-find of the rescaling symmetries and the
 * sparse rank of their Jacobian are linear in the edges; measured at 1.3–2.3 µs per edge (D from
 * 2136 to 46 728, up to 426 528 edges: conv1d, conv2d 28×28, dense nets), with 60–160 bytes
 * of heap retained per edge and parameter; the estimate is 2500 operations and (as a bound) 400
 * bytes per edge and per parameter.
 *
 * @param net - a network of `@idyn/graph`
 * @param options - as for countNetworkLaws
 * @returns the estimate (`task` 'countNetworkLaws', `sizes.method` 1 for the trace, 0 otherwise)
 * @throws TypeError/RangeError as countNetworkLaws
 * @example
 * countNetworkLawsCost(parseNetwork('conv2d:28x28:1-8-8:3x3:10')).work; // ~1.2e9 (structural)
 * @see README (budgets)
 */
export function countNetworkLawsCost(net: Network, options: CountNetworkLawsOptions = {}): CostEstimate {
  const { maxPaths, paths, useTrace } = chooseMethod('countNetworkLawsCost', net, options);
  if (useTrace) {
    const lift = pathLifting(net, { maxPaths: Math.max(maxPaths, Number(paths)) });
    return { ...countLawsCost(lift, { points: options.points ?? 3 }), task: 'countNetworkLaws' };
  }
  const size = net.edgeParam.length + net.D;
  return {
    task: 'countNetworkLaws',
    action: 'counting conservation laws structurally (rescaling symmetries)',
    memoryBytes: 400 * size,
    work: 2500 * size,
    sizes: { D: net.D, edges: net.edgeParam.length, method: 0 },
  };
}
