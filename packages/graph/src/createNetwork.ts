import { ACTIVATION_NAMES, ACTIVATIONS, DEFAULT_HIDDEN_ACTIVATION } from './activations.js';
import { IndexHeap } from './internal/heap.js';
import { checkTheta, describe } from './internal/checkTheta.js';
import type { Activation, Network, NetworkEdge, NetworkNode, NetworkSpec, NodeKind } from './Network.js';
import { NetworkError } from './NetworkError.js';

const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KINDS: readonly NodeKind[] = ['input', 'hidden', 'output'];
const SPEC_FIELDS = ['nodes', 'edges', 'theta'];
const NODE_FIELDS = ['id', 'kind', 'activation', 'k', 'bias'];
const EDGE_FIELDS = ['from', 'to'];

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
 * Layout: theta holds one weight per edge whose head is not a max-pool neuron, in edge order, then
 * one bias per biased node, in node order. Names: `w(from→to)` / `b(id)` (ASCII `w(from->to)`).
 *
 * @param spec - nodes, edges and optionally theta (see the JSON Schema `@idyn/graph/schema.json`)
 * @returns the validated network (plain data; `theta` copied into a Float64Array when given)
 * @throws TypeError if `spec` or a field has the wrong type
 * @throws NetworkError (a RangeError) naming the node or edge, for every invalid structure listed in
 *   {@link NetworkErrorCode}: empty graph, unknown fields, duplicate ids, unknown endpoints, self-loops, duplicate edges,
 *   edges into inputs or out of outputs, cycles (printed `a → b → c → a`), hidden neurons on no
 *   input→output path, biases on max-pool neurons, k out of 1..in-degree, theta of the wrong length or
 *   with non-finite entries
 * @example
 * const net = createNetwork({
 *   nodes: [{ id: 'x0', kind: 'input' }, { id: 'h', kind: 'hidden', bias: true }, { id: 'y0', kind: 'output' }],
 *   edges: [{ from: 'x0', to: 'h' }, { from: 'h', to: 'y0' }],
 * });
 * net.D; // 3
 * net.paramNames; // ['w(x0→h)', 'w(h→y0)', 'b(h)']
 * @see MATH.md §1
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
  nodeSpecs.forEach((ns, i) => {
    const node = checkNode(ns, i);
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
  const inEdges: number[][] = nodes.map(() => []);
  const outEdges: number[][] = nodes.map(() => []);
  const seen = new Map<string, number>();
  edgeSpecs.forEach((es, e) => {
    if (es === null || typeof es !== 'object') {
      throw new TypeError(`createNetwork: edges[${e}] must be an object { from, to }, got ${describe(es)}`);
    }
    checkFields(es, EDGE_FIELDS, `edges[${e}]`);
    const { from, to } = es;
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
    const spec = ACTIVATIONS[node.activation];
    if (spec.combine === 'selection') {
      const deg = inEdges[v]!.length;
      if (!(node.k >= 1 && node.k <= deg)) {
        throw new NetworkError(
          'k-range',
          `createNetwork: ${spec.label} node "${node.id}" has k = ${node.k}, expected an integer in 1..${deg} (its in-degree)`,
        );
      }
    }
  }

  checkPaths(nodes, edges, inEdges, outEdges, inputs, outputs, hidden);

  const edgeParam: number[] = [];
  const paramEdge: number[] = [];
  const paramNode: number[] = [];
  const paramNames: string[] = [];
  const paramNamesAscii: string[] = [];
  edges.forEach((edge, e) => {
    if (ACTIVATIONS[nodes[edge.to]!.activation].combine === 'selection') {
      edgeParam.push(-1);
      return;
    }
    edgeParam.push(paramEdge.length);
    paramEdge.push(e);
    paramNode.push(-1);
    const a = nodes[edge.from]!.id;
    const b = nodes[edge.to]!.id;
    paramNames.push(`w(${a}→${b})`);
    paramNamesAscii.push(`w(${a}->${b})`);
  });
  const nWeights = paramEdge.length;
  const biasParam: number[] = nodes.map((node, v) => {
    if (!node.bias) return -1;
    paramEdge.push(-1);
    paramNode.push(v);
    paramNames.push(`b(${node.id})`);
    paramNamesAscii.push(`b(${node.id})`);
    return paramEdge.length - 1;
  });

  // A law neuron: positively homogeneous, its incoming edges weighted (not a selection) and every
  // outgoing edge carrying a parameter to absorb the rescaling (MATH.md §1).
  const carriesLaw = (v: number): boolean => {
    const spec = ACTIVATIONS[nodes[v]!.activation];
    return (
      spec.positivelyHomogeneous &&
      spec.combine === 'pointwise' &&
      outEdges[v]!.every((e) => ACTIVATIONS[nodes[edges[e]!.to]!.activation].combine === 'pointwise')
    );
  };
  const lawNodes = hidden.filter(carriesLaw);

  const net: Network = {
    nodes,
    edges,
    nodeIndex,
    D: paramEdge.length,
    nWeights,
    paramNames,
    paramNamesAscii,
    edgeParam,
    biasParam,
    paramEdge,
    paramNode,
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
    (typeof activation !== 'string' || !ACTIVATION_NAMES.includes(activation as Activation))
  ) {
    throw new NetworkError(
      'bad-node',
      `createNetwork: node "${id}" has activation ${describe(activation)}, expected ${ACTIVATION_NAMES.map(
        (a) => `'${a}'`,
      )
        .join(', ')
        .replace(/, ([^,]*)$/, ' or $1')}`,
    );
  }
  const act: Activation =
    (activation as Activation | undefined) ??
    (nodeKind === 'hidden' ? DEFAULT_HIDDEN_ACTIVATION : 'identity');
  const spec = ACTIVATIONS[act];
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
  if (hasBias && !spec.bias) {
    throw new NetworkError('maxpool-bias', `createNetwork: ${spec.label} node "${id}" cannot have a bias`);
  }
  if (hasBias && nodeKind === 'input') {
    throw new NetworkError('bad-node', `createNetwork: input node "${id}" cannot have a bias`);
  }
  let kk = 0;
  if (k !== undefined) {
    if (typeof k !== 'number')
      throw new TypeError(`createNetwork: node "${id}" has k ${describe(k)}, expected a number`);
    if (spec.combine !== 'selection') {
      throw new NetworkError(
        'k-range',
        `createNetwork: node "${id}" has k = ${k} but is not a max-pool neuron`,
      );
    }
    if (!Number.isInteger(k)) {
      throw new NetworkError(
        'k-range',
        `createNetwork: ${spec.label} node "${id}" has k = ${k}, expected an integer`,
      );
    }
    kk = k;
  } else if (spec.combine === 'selection') {
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
