import type { Network } from '@idyn/graph';

/** Flat typed-array view of a network for the linear-time passes (cached per network object). */
export interface NetArrays {
  from: Int32Array;
  to: Int32Array;
  /** Parameter index per edge, -1 for edges into max-pool neurons. */
  edgeParam: Int32Array;
  /** Bias parameter per node, -1 for none. */
  biasParam: Int32Array;
  topo: Int32Array;
  /** Incoming edges of node v: inEdges[inPtr[v] .. inPtr[v+1]). */
  inPtr: Int32Array;
  inEdges: Int32Array;
  outPtr: Int32Array;
  outEdges: Int32Array;
  isInput: Uint8Array;
  isOutput: Uint8Array;
}

const cache = new WeakMap<Network, NetArrays>();

export function netArrays(net: Network): NetArrays {
  const hit = cache.get(net);
  if (hit) return hit;
  const n = net.nodes.length;
  const csr = (lists: readonly (readonly number[])[]) => {
    const ptr = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) ptr[v + 1] = ptr[v]! + lists[v]!.length;
    const idx = new Int32Array(ptr[n]!);
    for (let v = 0; v < n; v++) idx.set(lists[v]!, ptr[v]!);
    return { ptr, idx };
  };
  const ins = csr(net.inEdges);
  const outs = csr(net.outEdges);
  const arrays: NetArrays = {
    from: Int32Array.from(net.edges, (e) => e.from),
    to: Int32Array.from(net.edges, (e) => e.to),
    edgeParam: Int32Array.from(net.edgeParam),
    biasParam: Int32Array.from(net.biasParam),
    topo: Int32Array.from(net.topoOrder),
    inPtr: ins.ptr,
    inEdges: ins.idx,
    outPtr: outs.ptr,
    outEdges: outs.idx,
    isInput: Uint8Array.from(net.nodes, (v) => (v.kind === 'input' ? 1 : 0)),
    isOutput: Uint8Array.from(net.nodes, (v) => (v.kind === 'output' ? 1 : 0)),
  };
  cache.set(net, arrays);
  return arrays;
}
