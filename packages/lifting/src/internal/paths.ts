import type { Network } from '@idyn/graph';

/** Number of paths from each node to the outputs: #paths(v) = [v output] + Σ_{v→w} #paths(w). */
export function pathsFromNodes(net: Network): bigint[] {
  const count: bigint[] = new Array(net.nodes.length).fill(0n);
  for (let t = net.topoOrder.length - 1; t >= 0; t--) {
    const v = net.topoOrder[t]!;
    let c = net.nodes[v]!.kind === 'output' ? 1n : 0n;
    for (const e of net.outEdges[v]!) c += count[net.edges[e]!.to]!;
    count[v] = c;
  }
  return count;
}

/**
 * Enumerated paths in flat arrays. Path p: start node `startNode[p]`, kind `fromBias[p]`
 * (1 = starts at the bias of its first node, 0 = at an input); its nodes are
 * `nodes[nodePtr[p] .. nodePtr[p+1])`, its edges `edges[edgePtr[p] .. edgePtr[p+1])` and the
 * parameter indices of its factors `params[paramPtr[p] .. paramPtr[p+1])` (bias first, then the
 * edge weights in path order, skipping the parameter-free edges). `coef[p]` is the product of the
 * fixed weights of its parameter-free edges (1 when they all enter max-pool neurons). With shared
 * parameters an index may repeat within a path.
 */
export interface PathTable {
  count: number;
  coef: Float64Array;
  fromBias: Uint8Array;
  nodePtr: Int32Array;
  nodes: Int32Array;
  edgePtr: Int32Array;
  edges: Int32Array;
  paramPtr: Int32Array;
  params: Int32Array;
  maxFactors: number;
}

/**
 * Enumerates every path (MATH.md §1) in a fixed order: start nodes in node order (an input starts
 * paths with factor 1, a biased neuron with its bias), then depth-first along outgoing edges in
 * edge order; a path is emitted when it reaches an output (and continues only if it can, i.e.
 * never, since outputs have no outgoing edge).
 */
export function enumeratePathTable(net: Network, total: number): PathTable {
  const fromBias = new Uint8Array(total);
  const coef = new Float64Array(total);
  const nodePtr = new Int32Array(total + 1);
  const edgePtr = new Int32Array(total + 1);
  const paramPtr = new Int32Array(total + 1);
  const nodes: number[] = [];
  const edges: number[] = [];
  const params: number[] = [];
  let p = 0;
  let maxFactors = 0;
  const stackNodes: number[] = [];
  const stackEdges: number[] = [];
  const emit = (bias: boolean, biasParam: number) => {
    fromBias[p] = bias ? 1 : 0;
    for (const v of stackNodes) nodes.push(v);
    let nf = 0;
    let c = 1;
    if (bias) {
      params.push(biasParam);
      nf++;
    }
    for (const e of stackEdges) {
      edges.push(e);
      const k = net.edgeParam[e]!;
      if (k >= 0) {
        params.push(k);
        nf++;
      } else c *= net.fixedWeight[e]!;
    }
    coef[p] = c;
    maxFactors = Math.max(maxFactors, nf);
    p++;
    nodePtr[p] = nodes.length;
    edgePtr[p] = edges.length;
    paramPtr[p] = params.length;
  };
  const walk = (v: number, bias: boolean, biasParam: number) => {
    stackNodes.push(v);
    if (net.nodes[v]!.kind === 'output') emit(bias, biasParam);
    for (const e of net.outEdges[v]!) {
      stackEdges.push(e);
      walk(net.edges[e]!.to, bias, biasParam);
      stackEdges.pop();
    }
    stackNodes.pop();
  };
  for (let v = 0; v < net.nodes.length; v++) {
    if (net.nodes[v]!.kind === 'input') walk(v, false, -1);
    else if (net.biasParam[v]! >= 0) walk(v, true, net.biasParam[v]!);
  }
  return {
    count: p,
    coef,
    fromBias,
    nodePtr,
    nodes: Int32Array.from(nodes),
    edgePtr,
    edges: Int32Array.from(edges),
    paramPtr,
    params: Int32Array.from(params),
    maxFactors,
  };
}
