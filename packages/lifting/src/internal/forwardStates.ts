import type { Network } from '@idyn/graph';

/**
 * Forward pass that records, per node and sample, the post-activation value and the activation
 * state: `active[v*batch+s]` is 1 when a ReLU neuron's pre-activation is > 0 (always 1 for
 * identity neurons, inputs and outputs), and `selected[v*batch+s]` is the incoming edge a max-pool
 * neuron selects (its k-th largest antecedent; ties go to the earlier edge), -1 elsewhere.
 * X is batch x nIn row-major, column j feeding `net.inputs[j]`.
 */
export interface ForwardStates {
  batch: number;
  value: Float64Array;
  active: Uint8Array;
  selected: Int32Array;
}

export function forwardStates(
  net: Network,
  theta: Float64Array,
  X: Float64Array,
  batch: number,
): ForwardStates {
  const nNodes = net.nodes.length;
  const value = new Float64Array(nNodes * batch);
  const active = new Uint8Array(nNodes * batch).fill(1);
  const selected = new Int32Array(nNodes * batch).fill(-1);
  const nIn = net.inputs.length;
  net.inputs.forEach((v, j) => {
    for (let s = 0; s < batch; s++) value[v * batch + s] = X[s * nIn + j]!;
  });
  const cand: { e: number; x: number }[] = [];
  for (const v of net.topoOrder) {
    const node = net.nodes[v]!;
    if (node.kind === 'input') continue;
    const base = v * batch;
    const ins = net.inEdges[v]!;
    if (node.activation === 'maxpool') {
      for (let s = 0; s < batch; s++) {
        cand.length = 0;
        for (const e of ins) cand.push({ e, x: value[net.edges[e]!.from * batch + s]! });
        cand.sort((a, b) => b.x - a.x || a.e - b.e);
        const pick = cand[node.k - 1]!;
        value[base + s] = pick.x;
        selected[base + s] = pick.e;
      }
      continue;
    }
    const bp = net.biasParam[v]!;
    const b = bp >= 0 ? theta[bp]! : 0;
    for (let s = 0; s < batch; s++) value[base + s] = b;
    for (const e of ins) {
      const k = net.edgeParam[e]!;
      const w = k >= 0 ? theta[k]! : net.fixedWeight[e]!;
      const ub = net.edges[e]!.from * batch;
      for (let s = 0; s < batch; s++) value[base + s]! += w * value[ub + s]!;
    }
    if (node.activation === 'relu') {
      for (let s = 0; s < batch; s++) {
        if (value[base + s]! > 0) continue;
        value[base + s] = 0;
        active[base + s] = 0;
      }
    }
  }
  return { batch, value, active, selected };
}
