import type { NetworkEdge, NetworkNode } from '../Network.js';
import { NetworkError } from '../NetworkError.js';

/** The parameter layout of a network: which edge and bias reads which theta entry. */
export interface ParamLayout {
  D: number;
  nWeights: number;
  edgeParam: number[];
  biasParam: number[];
  paramEdge: number[];
  paramNode: number[];
  paramEdges: number[][];
  paramBiasNodes: number[][];
  shared: boolean;
}

/** Per-edge and per-node indices read from a spec (undefined where the spec has none). */
export interface SpecIndices {
  edgeIndex: (number | undefined)[];
  biasIndex: (number | undefined)[];
}

const edgeLabel = (nodes: readonly NetworkNode[], edges: readonly NetworkEdge[], e: number) =>
  `edge ${nodes[edges[e]!.from]!.id} → ${nodes[edges[e]!.to]!.id} (edges[${e}])`;

/**
 * Builds the layout. `parametrised[e]` says whether edge e carries a parameter (not into a max-pool,
 * no fixed weight). Without any index: the classic layout (weights in edge order, then biases in node
 * order). With indices: every parametrised edge and every bias must carry one, the indices used must
 * be exactly 0..D−1, and a parameter is either a weight or a bias.
 */
export function paramLayout(
  nodes: readonly NetworkNode[],
  edges: readonly NetworkEdge[],
  parametrised: readonly boolean[],
  idx: SpecIndices,
): ParamLayout {
  const indexed = idx.edgeIndex.some((j) => j !== undefined) || idx.biasIndex.some((j) => j !== undefined);
  const edgeParam: number[] = new Array(edges.length).fill(-1);
  const biasParam: number[] = new Array(nodes.length).fill(-1);
  if (!indexed) {
    let D = 0;
    for (let e = 0; e < edges.length; e++) if (parametrised[e]) edgeParam[e] = D++;
    const nWeights = D;
    for (let v = 0; v < nodes.length; v++) if (nodes[v]!.bias) biasParam[v] = D++;
    return finish(edgeParam, biasParam, D, nWeights);
  }
  const missing = (what: string) =>
    new NetworkError(
      'param-index',
      `createNetwork: ${what} has no parameter index, but other edges or biases carry one: either no edge and no bias carries an index, or every parametrised edge and every bias does`,
    );
  let max = -1;
  const seen = new Set<number>();
  for (let e = 0; e < edges.length; e++) {
    if (!parametrised[e]) continue;
    const j = idx.edgeIndex[e];
    if (j === undefined) throw missing(edgeLabel(nodes, edges, e));
    edgeParam[e] = j;
    seen.add(j);
    max = Math.max(max, j);
  }
  for (let v = 0; v < nodes.length; v++) {
    if (!nodes[v]!.bias) continue;
    const j = idx.biasIndex[v];
    if (j === undefined) throw missing(`the bias of node "${nodes[v]!.id}" (nodes[${v}])`);
    biasParam[v] = j;
    seen.add(j);
    max = Math.max(max, j);
  }
  const D = seen.size;
  if (max >= D) {
    // Name the edge or bias carrying the largest index, which is out of range.
    const e = edgeParam.indexOf(max);
    const where =
      e >= 0 ? edgeLabel(nodes, edges, e) : `the bias of node "${nodes[biasParam.indexOf(max)]!.id}"`;
    let unused = 0;
    while (seen.has(unused)) unused++;
    throw new NetworkError(
      'param-index',
      `createNetwork: ${where} has parameter index ${max}, but only ${D} distinct indices are used: indices must be 0..${D - 1}, each used at least once (index ${unused} is unused)`,
    );
  }
  const weightOf = new Int32Array(D).fill(-1);
  edgeParam.forEach((j, e) => {
    if (j >= 0 && weightOf[j] === -1) weightOf[j] = e;
  });
  biasParam.forEach((j, v) => {
    if (j >= 0 && weightOf[j]! >= 0) {
      throw new NetworkError(
        'param-index',
        `createNetwork: parameter index ${j} is the weight of ${edgeLabel(nodes, edges, weightOf[j]!)} and the bias of node "${nodes[v]!.id}": a parameter is either a weight or a bias, never both`,
      );
    }
  });
  let nWeights = 0;
  for (let j = 0; j < D; j++) if (weightOf[j]! >= 0) nWeights++;
  return finish(edgeParam, biasParam, D, nWeights);
}

function finish(edgeParam: number[], biasParam: number[], D: number, nWeights: number): ParamLayout {
  const paramEdges: number[][] = Array.from({ length: D }, () => []);
  const paramBiasNodes: number[][] = Array.from({ length: D }, () => []);
  edgeParam.forEach((j, e) => {
    if (j >= 0) paramEdges[j]!.push(e);
  });
  biasParam.forEach((j, v) => {
    if (j >= 0) paramBiasNodes[j]!.push(v);
  });
  const paramEdge = paramEdges.map((l) => (l.length > 0 ? l[0]! : -1));
  const paramNode = paramBiasNodes.map((l) => (l.length > 0 ? l[0]! : -1));
  const shared = paramEdges.some((l, j) => l.length + paramBiasNodes[j]!.length > 1);
  return { D, nWeights, edgeParam, biasParam, paramEdge, paramNode, paramEdges, paramBiasNodes, shared };
}

/**
 * Generated parameter names: `w(a→b)` for a weight carried by one edge, `b(id)` for a bias carried by
 * one node, `θj` for a shared parameter. Returns [unicode, ascii].
 */
export function defaultParamNames(
  nodes: readonly NetworkNode[],
  edges: readonly NetworkEdge[],
  layout: {
    readonly paramEdges: readonly (readonly number[])[];
    readonly paramBiasNodes: readonly (readonly number[])[];
  },
): [string[], string[]] {
  const uni: string[] = [];
  const ascii: string[] = [];
  layout.paramEdges.forEach((es, j) => {
    const bs = layout.paramBiasNodes[j]!;
    if (es.length + bs.length > 1) {
      uni.push(`θ${j}`);
      ascii.push(`theta${j}`);
    } else if (es.length === 1) {
      const a = nodes[edges[es[0]!]!.from]!.id;
      const b = nodes[edges[es[0]!]!.to]!.id;
      uni.push(`w(${a}→${b})`);
      ascii.push(`w(${a}->${b})`);
    } else {
      uni.push(`b(${nodes[bs[0]!]!.id})`);
      ascii.push(`b(${nodes[bs[0]!]!.id})`);
    }
  });
  return [uni, ascii];
}

/** Whether the layout is the classic one (what a spec without indices gives). */
export function isClassicLayout(edgeParam: readonly number[], biasParam: readonly number[]): boolean {
  let next = 0;
  for (const j of edgeParam) if (j >= 0 && j !== next++) return false;
  for (const j of biasParam) if (j >= 0 && j !== next++) return false;
  return true;
}
