import { IndexHeap } from './internal/heap.js';
import { checkTheta, describe } from './internal/checkTheta.js';
import { defaultParamNames, paramLayout } from './internal/paramLayout.js';
import type { Activation, Network, NetworkEdge, NetworkNode, NetworkSpec, NodeKind } from './Network.js';
import { NetworkError } from './NetworkError.js';

const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KINDS: readonly NodeKind[] = ['input', 'hidden', 'output'];
const ACTIVATIONS: readonly Activation[] = ['relu', 'identity', 'maxpool'];
const SPEC_FIELDS = ['nodes', 'edges', 'theta', 'paramNames'];
const NODE_FIELDS = ['id', 'kind', 'activation', 'k', 'bias', 'biasParam'];
const EDGE_FIELDS = ['from', 'to', 'param', 'weight'];

function checkFields(obj: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new NetworkError(
        'unknown-field',
        `createNetwork: ${where} has unknown field ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})`,
      );
    }
  }
}

/**
 * Validates a {@link NetworkSpec} and builds the {@link Network} with its parameter layout.
 *
 * Classic layout (no `param`/`biasParam` in the spec): theta holds one weight per parametrised edge
 * (head not a max-pool neuron, no fixed `weight`), in edge order, then one bias per biased node, in
 * node order. With indices, edge e reads theta[param_e] and node v's bias theta[biasParam_v]; several
 * edges or biases may share an index (MATH.md §7). Names: the spec's `paramNames`, else
 * `w(from→to)` / `b(id)` (ASCII `w(from->to)`) and `θj` for a shared parameter.
 *
 * @param spec - nodes, edges and optionally theta (see the JSON Schema `@idyn/graph/schema.json`)
 * @returns the validated network (plain data; `theta` copied into a Float64Array when given)
 * @throws TypeError if `spec` or a field has the wrong type
 * @throws NetworkError (a RangeError) naming the node or edge, for every invalid structure listed in
 *   {@link NetworkErrorCode}: empty graph, unknown fields, duplicate ids, unknown endpoints, self-loops, duplicate edges,
 *   edges into inputs or out of outputs, cycles (printed `a → b → c → a`), hidden neurons on no
 *   input→output path, biases on max-pool neurons, k out of 1..in-degree, parameter indices that are
 *   mixed with unindexed edges or biases, out of 0..D−1, on a parameter-free edge or shared between a
 *   weight and a bias (the message names the edge or node and the index), bad fixed weights, bad
 *   `paramNames`, theta of the wrong length or with non-finite entries
 * @example
 * const net = createNetwork({
 *   nodes: [{ id: 'x0', kind: 'input' }, { id: 'h', kind: 'hidden', bias: true }, { id: 'y0', kind: 'output' }],
 *   edges: [{ from: 'x0', to: 'h' }, { from: 'h', to: 'y0' }],
 * });
 * net.D; // 3
 * net.paramNames; // ['w(x0→h)', 'w(h→y0)', 'b(h)']
 * // Two edges sharing one parameter (a 1-D convolution with kernel size 1 over two positions):
 * const conv = createNetwork({
 *   nodes: [{ id: 'x0', kind: 'input' }, { id: 'x1', kind: 'input' }, { id: 'y0', kind: 'output' }, { id: 'y1', kind: 'output' }],
 *   edges: [{ from: 'x0', to: 'y0', param: 0 }, { from: 'x1', to: 'y1', param: 0 }],
 *   paramNames: ['W[0]'],
 * });
 * [conv.D, conv.shared, conv.paramEdges[0]]; // [1, true, [0, 1]]
 * @see MATH.md §1, §7 (shared weights)
 */
export function createNetwork(spec: NetworkSpec): Network {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new TypeError(
      `createNetwork: spec must be an object { nodes, edges, theta? }, got ${describe(spec)}`,
    );
  }
  checkFields(spec, SPEC_FIELDS, 'spec');
  const { nodes: nodeSpecs, edges: edgeSpecs } = spec;
  if (!Array.isArray(nodeSpecs)) {
    throw new TypeError(`createNetwork: spec.nodes must be an array, got ${describe(nodeSpecs)}`);
  }
  if (!Array.isArray(edgeSpecs)) {
    throw new TypeError(`createNetwork: spec.edges must be an array, got ${describe(edgeSpecs)}`);
  }
  if (nodeSpecs.length === 0) throw new NetworkError('empty', 'createNetwork: the network has no nodes');

  const nodes: NetworkNode[] = [];
  const nodeIndex = new Map<string, number>();
  const biasIndex: (number | undefined)[] = [];
  nodeSpecs.forEach((ns, i) => {
    const node = checkNode(ns, i);
    const bp = (ns as { biasParam?: unknown }).biasParam;
    const where = `node "${node.id}" (nodes[${i}])`;
    if (bp !== undefined && !node.bias) {
      throw new NetworkError(
        'param-index',
        `createNetwork: ${where} has bias parameter index ${String(bp)} but no bias: true`,
      );
    }
    biasIndex.push(checkIndex(bp, `the bias of ${where}`));
    if (nodeIndex.has(node.id)) {
      throw new NetworkError(
        'duplicate-id',
        `createNetwork: duplicate node id "${node.id}" (nodes[${nodeIndex.get(node.id)}] and nodes[${i}])`,
      );
    }
    nodeIndex.set(node.id, i);
    nodes.push(node);
  });
  const n = nodes.length;

  const edges: NetworkEdge[] = [];
  const edgeIndex: (number | undefined)[] = [];
  const fixed: number[] = [];
  const inEdges: number[][] = nodes.map(() => []);
  const outEdges: number[][] = nodes.map(() => []);
  const seen = new Map<string, number>();
  edgeSpecs.forEach((es, e) => {
    if (es === null || typeof es !== 'object') {
      throw new TypeError(`createNetwork: edges[${e}] must be an object { from, to }, got ${describe(es)}`);
    }
    checkFields(es, EDGE_FIELDS, `edges[${e}]`);
    const { from, to, param, weight } = es;
    if (typeof from !== 'string' || typeof to !== 'string') {
      throw new TypeError(
        `createNetwork: edges[${e}] must have string fields from and to, got from=${describe(from)}, to=${describe(to)}`,
      );
    }
    const label = `edge ${from} → ${to} (edges[${e}])`;
    const u = nodeIndex.get(from);
    const v = nodeIndex.get(to);
    if (u === undefined || v === undefined) {
      const missing = u === undefined ? from : to;
      throw new NetworkError('unknown-endpoint', `createNetwork: ${label} names unknown node "${missing}"`);
    }
    if (u === v) throw new NetworkError('self-loop', `createNetwork: ${label} is a self-loop`);
    const key = `${u},${v}`;
    const prev = seen.get(key);
    if (prev !== undefined) {
      throw new NetworkError('duplicate-edge', `createNetwork: ${label} duplicates edges[${prev}]`);
    }
    seen.set(key, e);
    if (nodes[v]!.kind === 'input') {
      throw new NetworkError('input-incoming', `createNetwork: ${label} enters input "${to}"`);
    }
    if (nodes[u]!.kind === 'output') {
      throw new NetworkError('output-outgoing', `createNetwork: ${label} leaves output "${from}"`);
    }
    if (nodes[v]!.activation === 'maxpool' && (param !== undefined || weight !== undefined)) {
      const what = param !== undefined ? `parameter index ${String(param)}` : `weight ${String(weight)}`;
      throw new NetworkError(
        param !== undefined ? 'param-index' : 'edge-weight',
        `createNetwork: ${label} enters max-pool "${to}" and carries no parameter (fixed weight 1), but has ${what}`,
      );
    }
    if (weight !== undefined) {
      if (typeof weight !== 'number') {
        throw new TypeError(`createNetwork: ${label} has weight ${describe(weight)}, expected a number`);
      }
      if (!Number.isFinite(weight) || weight === 0) {
        throw new NetworkError(
          'edge-weight',
          `createNetwork: ${label} has fixed weight ${weight}, expected a finite nonzero number`,
        );
      }
      if (param !== undefined) {
        throw new NetworkError(
          'edge-weight',
          `createNetwork: ${label} has both a fixed weight (${weight}) and parameter index ${String(param)}: an edge is either fixed or parametrised`,
        );
      }
    }
    edgeIndex.push(checkIndex(param, label));
    fixed.push(nodes[v]!.activation === 'maxpool' ? 1 : weight === undefined ? Number.NaN : weight);
    edges.push({ from: u, to: v });
    inEdges[v]!.push(e);
    outEdges[u]!.push(e);
  });

  const inputs: number[] = [];
  const hidden: number[] = [];
  const outputs: number[] = [];
  for (let i = 0; i < n; i++) {
    const kind = nodes[i]!.kind;
    (kind === 'input' ? inputs : kind === 'hidden' ? hidden : outputs).push(i);
  }
  if (inputs.length === 0)
    throw new NetworkError('no-inputs', 'createNetwork: the network has no input node');
  if (outputs.length === 0)
    throw new NetworkError('no-outputs', 'createNetwork: the network has no output node');

  const topoOrder = topologicalOrder(nodes, edges, inEdges, outEdges);

  for (const v of hidden) {
    const node = nodes[v]!;
    if (node.activation === 'maxpool') {
      const deg = inEdges[v]!.length;
      if (!(node.k >= 1 && node.k <= deg)) {
        throw new NetworkError(
          'k-range',
          `createNetwork: max-pool node "${node.id}" has k = ${node.k}, expected an integer in 1..${deg} (its in-degree)`,
        );
      }
    }
  }

  checkPaths(nodes, edges, inEdges, outEdges, inputs, outputs, hidden);

  const layout = paramLayout(
    nodes,
    edges,
    fixed.map((w) => Number.isNaN(w)),
    { edgeIndex, biasIndex },
  );
  const { edgeParam, biasParam } = layout;
  const [genNames, genAscii] = defaultParamNames(nodes, edges, layout);
  const given = checkParamNames(spec.paramNames, layout.D);
  const paramNames = given ?? genNames;
  const paramNamesAscii = given ? given.map(asciiName) : genAscii;

  // A neuron carries a law of its own when rescaling it alone is a reparametrisation (MATH.md §1,
  // §7): no parameter-free incident edge, and every incident parameter is carried by that edge or
  // bias only (a shared one would be rescaled elsewhere too; groups are rescalingSymmetries' job).
  const uses = layout.paramEdges.map((l, j) => l.length + layout.paramBiasNodes[j]!.length);
  const ownLaw = (v: number): boolean =>
    nodes[v]!.activation !== 'maxpool' &&
    [...inEdges[v]!, ...outEdges[v]!].every((e) => edgeParam[e]! >= 0 && uses[edgeParam[e]!] === 1) &&
    (biasParam[v]! < 0 || uses[biasParam[v]!] === 1);
  const lawNodes = hidden.filter(ownLaw);

  const net: Network = {
    nodes,
    edges,
    nodeIndex,
    D: layout.D,
    nWeights: layout.nWeights,
    paramNames,
    paramNamesAscii,
    edgeParam,
    biasParam,
    fixedWeight: fixed,
    paramEdge: layout.paramEdge,
    paramNode: layout.paramNode,
    paramEdges: layout.paramEdges,
    paramBiasNodes: layout.paramBiasNodes,
    shared: layout.shared,
    topoOrder,
    inputs,
    hidden,
    outputs,
    lawNodes,
    inEdges,
    outEdges,
  };
  if (spec.theta !== undefined) {
    checkTheta('createNetwork: spec.theta', net, spec.theta);
    return { ...net, theta: Float64Array.from(spec.theta) };
  }
  return net;
}

/** A parameter index from the spec: undefined, or an integer >= 0 (TypeError / NetworkError otherwise). */
function checkIndex(j: unknown, where: string): number | undefined {
  if (j === undefined) return undefined;
  if (typeof j !== 'number') {
    throw new TypeError(`createNetwork: ${where} has parameter index ${describe(j)}, expected a number`);
  }
  if (!Number.isInteger(j) || j < 0) {
    throw new NetworkError(
      'param-index',
      `createNetwork: ${where} has parameter index ${j}, expected an integer in 0..D−1`,
    );
  }
  return j;
}

function checkParamNames(names: unknown, D: number): string[] | undefined {
  if (names === undefined) return undefined;
  if (!Array.isArray(names) || names.some((s) => typeof s !== 'string')) {
    throw new TypeError(`createNetwork: spec.paramNames must be an array of strings, got ${describe(names)}`);
  }
  if (names.length !== D) {
    throw new NetworkError(
      'param-names',
      `createNetwork: spec.paramNames has ${names.length} names, expected D = ${D}`,
    );
  }
  const seen = new Map<string, number>();
  names.forEach((s: string, j) => {
    if (s.length === 0) {
      throw new NetworkError('param-names', `createNetwork: spec.paramNames[${j}] is empty`);
    }
    const prev = seen.get(s);
    if (prev !== undefined) {
      throw new NetworkError(
        'param-names',
        `createNetwork: spec.paramNames[${j}] ${JSON.stringify(s)} repeats spec.paramNames[${prev}]`,
      );
    }
    seen.set(s, j);
  });
  return [...names];
}

/** ASCII form of a name: arrows as `->`, θ as `theta`. */
function asciiName(s: string): string {
  return s.replaceAll('→', '->').replaceAll('θ', 'theta');
}

function checkNode(ns: unknown, i: number): NetworkNode {
  if (ns === null || typeof ns !== 'object' || Array.isArray(ns)) {
    throw new TypeError(
      `createNetwork: nodes[${i}] must be an object { id, kind, ... }, got ${describe(ns)}`,
    );
  }
  const { id, kind, activation, k, bias } = ns as Record<string, unknown>;
  if (typeof id !== 'string')
    throw new TypeError(`createNetwork: nodes[${i}].id must be a string, got ${describe(id)}`);
  checkFields(ns, NODE_FIELDS, `node "${id}" (nodes[${i}])`);
  if (!ID_PATTERN.test(id)) {
    throw new NetworkError(
      'bad-node',
      `createNetwork: nodes[${i}].id ${JSON.stringify(id)} is not an identifier (letters, digits, _, not starting with a digit)`,
    );
  }
  if (typeof kind !== 'string' || !KINDS.includes(kind as NodeKind)) {
    throw new NetworkError(
      'bad-node',
      `createNetwork: node "${id}" has kind ${describe(kind)}, expected 'input', 'hidden' or 'output'`,
    );
  }
  const nodeKind = kind as NodeKind;
  if (
    activation !== undefined &&
    (typeof activation !== 'string' || !ACTIVATIONS.includes(activation as Activation))
  ) {
    throw new NetworkError(
      'bad-node',
      `createNetwork: node "${id}" has activation ${describe(activation)}, expected 'relu', 'identity' or 'maxpool'`,
    );
  }
  const act: Activation =
    (activation as Activation | undefined) ?? (nodeKind === 'hidden' ? 'relu' : 'identity');
  if (nodeKind !== 'hidden' && act !== 'identity') {
    throw new NetworkError(
      'bad-node',
      `createNetwork: ${nodeKind} node "${id}" has activation '${act}', but inputs and outputs are identity`,
    );
  }
  if (bias !== undefined && typeof bias !== 'boolean') {
    throw new TypeError(`createNetwork: node "${id}" has bias ${describe(bias)}, expected a boolean`);
  }
  const hasBias = bias === true;
  if (hasBias && act === 'maxpool') {
    throw new NetworkError('maxpool-bias', `createNetwork: max-pool node "${id}" cannot have a bias`);
  }
  if (hasBias && nodeKind === 'input') {
    throw new NetworkError('bad-node', `createNetwork: input node "${id}" cannot have a bias`);
  }
  let kk = 0;
  if (k !== undefined) {
    if (typeof k !== 'number')
      throw new TypeError(`createNetwork: node "${id}" has k ${describe(k)}, expected a number`);
    if (act !== 'maxpool') {
      throw new NetworkError(
        'k-range',
        `createNetwork: node "${id}" has k = ${k} but is not a max-pool neuron`,
      );
    }
    if (!Number.isInteger(k)) {
      throw new NetworkError(
        'k-range',
        `createNetwork: max-pool node "${id}" has k = ${k}, expected an integer`,
      );
    }
    kk = k;
  } else if (act === 'maxpool') {
    kk = 1;
  }
  return { id, kind: nodeKind, activation: act, k: kk, bias: hasBias };
}

/** Kahn's algorithm with smallest-index tie breaking; on a cycle, throws with the cycle printed. */
function topologicalOrder(
  nodes: readonly NetworkNode[],
  edges: readonly NetworkEdge[],
  inEdges: readonly (readonly number[])[],
  outEdges: readonly (readonly number[])[],
): number[] {
  const n = nodes.length;
  const indeg = inEdges.map((l) => l.length);
  const heap = new IndexHeap();
  for (let v = 0; v < n; v++) if (indeg[v] === 0) heap.push(v);
  const order: number[] = [];
  while (heap.size > 0) {
    const u = heap.pop();
    order.push(u);
    for (const e of outEdges[u]!) {
      const v = edges[e]!.to;
      indeg[v]!--;
      if (indeg[v] === 0) heap.push(v);
    }
  }
  if (order.length === n) return order;
  // Every node left has a predecessor that is also left: walk predecessors until one repeats.
  const left = indeg.map((d) => d > 0);
  let v = left.indexOf(true);
  const pos = new Map<number, number>();
  const walk: number[] = [];
  while (!pos.has(v)) {
    pos.set(v, walk.length);
    walk.push(v);
    const e = inEdges[v]!.find((ee) => left[edges[ee]!.from]);
    v = edges[e!]!.from;
  }
  const cycle = walk.slice(pos.get(v)!).reverse();
  // Start the printed cycle at its smallest node index so the message is deterministic.
  const start = cycle.indexOf(Math.min(...cycle));
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  const text = [...rotated, rotated[0]!].map((i) => nodes[i]!.id).join(' → ');
  throw new NetworkError('cycle', `createNetwork: the graph has a cycle ${text}`);
}

function checkPaths(
  nodes: readonly NetworkNode[],
  edges: readonly NetworkEdge[],
  inEdges: readonly (readonly number[])[],
  outEdges: readonly (readonly number[])[],
  inputs: readonly number[],
  outputs: readonly number[],
  hidden: readonly number[],
): void {
  const fromInput = reach(inputs, nodes.length, (v) => outEdges[v]!.map((e) => edges[e]!.to));
  const toOutput = reach(outputs, nodes.length, (v) => inEdges[v]!.map((e) => edges[e]!.from));
  for (const v of hidden) {
    if (!fromInput[v] || !toOutput[v]) {
      const why = !fromInput[v] ? 'no input reaches it' : 'it reaches no output';
      throw new NetworkError(
        'dead-neuron',
        `createNetwork: hidden node "${nodes[v]!.id}" is on no input→output path (${why})`,
      );
    }
  }
}

function reach(starts: readonly number[], n: number, next: (v: number) => number[]): boolean[] {
  const seen = new Array<boolean>(n).fill(false);
  const stack = [...starts];
  for (const s of starts) seen[s] = true;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of next(v)) {
      if (!seen[w]) {
        seen[w] = true;
        stack.push(w);
      }
    }
  }
  return seen;
}
