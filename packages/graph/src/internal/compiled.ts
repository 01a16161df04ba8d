import type { Network } from '../Network.js';

/** Flat incoming-edge arrays for the hot loops: node v's in-edges are inFrom/inParam[inStart[v]..inStart[v+1]). */
export interface Compiled {
  inStart: Int32Array;
  inFrom: Int32Array;
  /** Parameter index of each in-edge, -1 for a parameter-free edge. */
  inParam: Int32Array;
  /** Fixed weight of each parameter-free in-edge (1 into a max-pool), 0 where a parameter is read. */
  inFixed: Float64Array;
  /** 0 input, 1 relu, 2 identity (hidden or output), 3 maxpool. */
  code: Uint8Array;
  topo: Int32Array;
}

const cache = new WeakMap<Network, Compiled>();

export function compiled(net: Network): Compiled {
  const hit = cache.get(net);
  if (hit) return hit;
  const n = net.nodes.length;
  const inStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) inStart[v + 1] = inStart[v]! + net.inEdges[v]!.length;
  const inFrom = new Int32Array(inStart[n]!);
  const inParam = new Int32Array(inStart[n]!);
  const inFixed = new Float64Array(inStart[n]!);
  const code = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    let k = inStart[v]!;
    for (const e of net.inEdges[v]!) {
      inFrom[k] = net.edges[e]!.from;
      inParam[k] = net.edgeParam[e]!;
      inFixed[k] = net.edgeParam[e]! >= 0 ? 0 : net.fixedWeight[e]!;
      k++;
    }
    const node = net.nodes[v]!;
    code[v] =
      node.kind === 'input' ? 0 : node.activation === 'relu' ? 1 : node.activation === 'maxpool' ? 3 : 2;
  }
  const c = { inStart, inFrom, inParam, inFixed, code, topo: Int32Array.from(net.topoOrder) };
  cache.set(net, c);
  return c;
}

/**
 * The weight of every in-edge for one theta, in the order of `inParam`: theta[inParam[k]] or the
 * edge's fixed weight. Shared parameters are simply read several times (MATH.md §7).
 */
export function edgeWeights(c: Compiled, theta: ArrayLike<number>): Float64Array {
  const w = Float64Array.from(c.inFixed);
  for (let k = 0; k < w.length; k++) {
    const p = c.inParam[k]!;
    if (p >= 0) w[k] = theta[p]!;
  }
  return w;
}
