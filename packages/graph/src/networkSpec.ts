import { checkTheta } from './internal/checkTheta.js';
import { defaultParamNames, isClassicLayout } from './internal/paramLayout.js';
import type { EdgeSpec, Network, NetworkSpec, NodeSpec } from './Network.js';

/**
 * The canonical JSON form of a network: every node as `{ id, kind }`, plus `activation` on hidden
 * neurons, `k` on max-pool neurons and `bias: true` where there is a bias; edges as `{ from, to }` in
 * edge order, plus `weight` on edges with a fixed weight; parameter indices (`param` on every
 * parametrised edge, `biasParam` on every bias) only when the layout is not the classic one (weight
 * sharing, or another order); `paramNames` only when they differ from the generated names; `theta`
 * as a plain array when given (or when the network carries one).
 * `networkSpec(createNetwork(s))` equals `s` for every canonical spec `s` (presets are canonical).
 *
 * @param net - a network from `createNetwork` / `parseNetwork`
 * @param theta - parameters to include (length D, finite); default `net.theta` if present
 * @returns a fresh plain object, safe to `JSON.stringify`
 * @throws NetworkError if `theta` has the wrong length or a non-finite entry
 * @example
 * networkSpec(parseNetwork('relu:1-1-1'));
 * // { nodes: [{ id: 'x0', kind: 'input' }, { id: 'h1_0', kind: 'hidden', activation: 'relu' },
 * //   { id: 'y0', kind: 'output' }], edges: [{ from: 'x0', to: 'h1_0' }, { from: 'h1_0', to: 'y0' }] }
 * @see MATH.md §1, §7 (shared weights)
 */
export function networkSpec(net: Network, theta?: ArrayLike<number>): NetworkSpec {
  const indexed = !isClassicLayout(net.edgeParam, net.biasParam);
  const nodes = net.nodes.map((node, v): NodeSpec => {
    const out: NodeSpec = { id: node.id, kind: node.kind };
    if (node.kind === 'hidden') out.activation = node.activation;
    if (node.activation === 'maxpool') out.k = node.k;
    if (node.bias) out.bias = true;
    if (node.bias && indexed) out.biasParam = net.biasParam[v]!;
    return out;
  });
  const edges = net.edges.map((e, i): EdgeSpec => {
    const out: EdgeSpec = { from: net.nodes[e.from]!.id, to: net.nodes[e.to]!.id };
    const j = net.edgeParam[i]!;
    if (j >= 0 && indexed) out.param = j;
    if (j < 0 && net.nodes[e.to]!.activation !== 'maxpool') out.weight = net.fixedWeight[i]!;
    return out;
  });
  const spec: NetworkSpec = { nodes, edges };
  const [generated] = defaultParamNames(net.nodes, net.edges, net);
  if (net.paramNames.some((s, j) => s !== generated[j])) spec.paramNames = [...net.paramNames];
  const t = theta ?? net.theta;
  if (t === undefined) return spec;
  checkTheta('networkSpec', net, t);
  return { ...spec, theta: Array.from(t) };
}
