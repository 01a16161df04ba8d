import { ACTIVATIONS } from './activations.js';
import { checkTheta } from './internal/checkTheta.js';
import type { Network, NetworkSpec, NodeSpec } from './Network.js';

/**
 * The canonical JSON form of a network: every node as `{ id, kind }`, plus `activation` on hidden
 * neurons, `k` on max-pool neurons and `bias: true` where there is a bias; edges as `{ from, to }` in
 * edge order; `theta` as a plain array when given (or when the network carries one).
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
 * @see MATH.md §1
 */
export function networkSpec(net: Network, theta?: ArrayLike<number>): NetworkSpec {
  const nodes = net.nodes.map((node): NodeSpec => {
    const out: NodeSpec = { id: node.id, kind: node.kind };
    if (node.kind === 'hidden') out.activation = node.activation;
    if (ACTIVATIONS[node.activation].combine === 'selection') out.k = node.k;
    if (node.bias) out.bias = true;
    return out;
  });
  const edges = net.edges.map((e) => ({ from: net.nodes[e.from]!.id, to: net.nodes[e.to]!.id }));
  const t = theta ?? net.theta;
  if (t === undefined) return { nodes, edges };
  checkTheta('networkSpec', net, t);
  return { nodes, edges, theta: Array.from(t) };
}
