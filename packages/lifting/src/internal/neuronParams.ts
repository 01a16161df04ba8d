import type { Network } from '@idyn/graph';
import { resolveNode } from './network.js';

/** Incoming (weights and bias) and outgoing parameter indices of a rescalable hidden neuron. */
export function neuronParams(
  fn: string,
  net: Network,
  v: unknown,
): { node: number; incoming: number[]; outgoing: number[] } {
  const node = resolveNode(fn, net, v);
  if (!net.lawNodes.includes(node)) {
    const n = net.nodes[node]!;
    throw new RangeError(
      `${fn}: node ${JSON.stringify(n.id)} (${n.kind}, ${n.activation}) is not a hidden ReLU/identity neuron whose outgoing edges all carry a parameter (network.lawNodes)`,
    );
  }
  const incoming = net.inEdges[node]!.map((e) => net.edgeParam[e]!);
  if (net.biasParam[node]! >= 0) incoming.push(net.biasParam[node]!);
  const outgoing = net.outEdges[node]!.map((e) => net.edgeParam[e]!);
  return { node, incoming, outgoing };
}
