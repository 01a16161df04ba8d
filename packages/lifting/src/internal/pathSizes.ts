// Sizes of the path-lifting computed in float64 (logarithms), so that a network with 2^100000
// paths is sized without forming a single BigInt.
import type { Network } from '@idyn/graph';

/** log2 of the path counts and the total number of path nodes, in float64. */
export interface PathSizes {
  /** log2 #paths(v) per node (−Infinity where no path reaches an output). */
  readonly log2FromNode: Float64Array;
  /** log2 of the total number of paths d. */
  readonly log2Total: number;
  /** Mean number of nodes of a path (its length + 1), 0 without paths. */
  readonly meanNodes: number;
}

/** log2(2^a + 2^b) without overflow. */
function log2Add(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const hi = Math.max(a, b);
  return hi + Math.log2(1 + 2 ** (Math.min(a, b) - hi));
}

/**
 * #paths(v) = [v output] + Σ_{v→w} #paths(w) and the summed node counts of those paths,
 * n(v) = #paths(v) + Σ_{v→w} n(w), both as log2 in one reverse topological sweep (O(edges)).
 */
export function pathSizes(net: Network): PathSizes {
  const V = net.nodes.length;
  const lp = new Float64Array(V).fill(Number.NEGATIVE_INFINITY);
  const ln = new Float64Array(V).fill(Number.NEGATIVE_INFINITY);
  for (let t = net.topoOrder.length - 1; t >= 0; t--) {
    const v = net.topoOrder[t]!;
    let c = net.nodes[v]!.kind === 'output' ? 0 : Number.NEGATIVE_INFINITY;
    let s = Number.NEGATIVE_INFINITY;
    for (const e of net.outEdges[v]!) {
      const w = net.edges[e]!.to;
      c = log2Add(c, lp[w]!);
      s = log2Add(s, ln[w]!);
    }
    lp[v] = c;
    ln[v] = log2Add(c, s);
  }
  let total = Number.NEGATIVE_INFINITY;
  let nodes = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < V; v++) {
    if (net.nodes[v]!.kind === 'input' || net.biasParam[v]! >= 0) {
      total = log2Add(total, lp[v]!);
      nodes = log2Add(nodes, ln[v]!);
    }
  }
  return {
    log2FromNode: lp,
    log2Total: total,
    meanNodes: total === Number.NEGATIVE_INFINITY ? 0 : 2 ** (nodes - total),
  };
}
