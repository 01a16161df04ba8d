import { describeValue } from '@idyn/linalg';
import type { Network } from '@idyn/graph';

/** Throws a TypeError unless `net` looks like a validated `@idyn/graph` Network. */
export function checkNetwork(fn: string, net: unknown): asserts net is Network {
  const n = net as Partial<Network> | null;
  if (
    n === null ||
    typeof n !== 'object' ||
    !Array.isArray(n.nodes) ||
    !Array.isArray(n.edges) ||
    typeof n.D !== 'number' ||
    !Array.isArray(n.topoOrder) ||
    !Array.isArray(n.edgeParam)
  ) {
    throw new TypeError(
      `${fn}: net must be a Network from createNetwork/parseNetwork of @idyn/graph, got ${describeValue(net)}`,
    );
  }
}

/** h_v(theta) = Σ_{u→v} w² + b_v² − Σ_{v→w} w² (MATH.md §1). */
export function neuronLaw(net: Network, t: ArrayLike<number>, v: number): number {
  let h = 0;
  for (const e of net.inEdges[v]!) h += t[net.edgeParam[e]!]! ** 2;
  if (net.biasParam[v]! >= 0) h += t[net.biasParam[v]!]! ** 2;
  for (const e of net.outEdges[v]!) h -= t[net.edgeParam[e]!]! ** 2;
  return h;
}

/** Resolves a node given by index or id; throws a RangeError naming `fn` and the value. */
export function resolveNode(fn: string, net: Network, v: unknown): number {
  if (typeof v === 'string') {
    const i = net.nodeIndex.get(v);
    if (i === undefined) throw new RangeError(`${fn}: no node with id ${JSON.stringify(v)}`);
    return i;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= net.nodes.length) {
    throw new RangeError(
      `${fn}: v must be a node id or an index in [0, ${net.nodes.length - 1}], got ${describeValue(v)}`,
    );
  }
  return v;
}
