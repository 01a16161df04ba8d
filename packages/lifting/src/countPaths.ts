import type { Network } from '@idyn/graph';
import { type Budget, checkBudget } from '@idyn/linalg';
import { countPathsCost } from './countPathsCost.js';
import { checkNetwork } from './internal/network.js';
import { pathsFromNodes } from './internal/paths.js';

/** Result of {@link countPaths}. */
export interface CountPathsResult {
  /** Total number of paths d of the path-lifting (exact). */
  total: bigint;
  /** Paths starting at an input. */
  fromInputs: bigint;
  /** Paths starting at a bias (including length-0 paths of biased outputs). */
  fromBiases: bigint;
  /** For each node v, #paths(v): the number of paths from v to the outputs. */
  fromNode: bigint[];
}

/** Options of {@link countPaths}. */
export interface CountPathsOptions {
  /** Memory and work budget for the BigInt counts ({@link countPathsCost}). @default DEFAULT_BUDGET */
  budget?: Budget;
}

/**
 * Counts the paths of the path-lifting without enumerating them, exactly (BigInt), in time linear
 * in the number of edges: #paths(v) = [v is an output] + Σ_{v→w} #paths(w), summed over the
 * inputs and the biased neurons.
 *
 * @param net - a validated network of `@idyn/graph`
 * @param options - the budget
 * @returns the total, the split by kind of start, and #paths(v) per node
 * @throws TypeError if `net` is not a network; BudgetError when the counts (BigInts of
 *   log2 #paths bits per node) exceed the memory or work budget
 * @example
 * countPaths(parseNetwork('relu:2-3-2')).total; // 12n
 * @see MATH.md §1 (number of paths)
 */
export function countPaths(net: Network, options: CountPathsOptions = {}): CountPathsResult {
  checkNetwork('countPaths', net);
  checkBudget(countPathsCost(net), options.budget);
  const fromNode = pathsFromNodes(net);
  let fromInputs = 0n;
  let fromBiases = 0n;
  for (let v = 0; v < net.nodes.length; v++) {
    if (net.nodes[v]!.kind === 'input') fromInputs += fromNode[v]!;
    else if (net.biasParam[v]! >= 0) fromBiases += fromNode[v]!;
  }
  return { total: fromInputs + fromBiases, fromInputs, fromBiases, fromNode };
}
