import { ACTIVATIONS, forward, type Network } from '@idyn/graph';

/**
 * The activation state of every node and sample, node-major (`[v * batch + s]`), from the forward
 * pass of `@idyn/graph` and its activation table: `slope` is the factor σ'(pre) a path through the
 * node is multiplied by (ReLU 1 or 0, identity 1; 1 for inputs and outputs), and `selected` the
 * incoming edge a selection neuron (max-pool) picks (its k-th largest antecedent; ties go to the
 * earlier edge), -1 elsewhere. X is batch x nIn row-major, column j feeding `net.inputs[j]`.
 */
export interface ForwardStates {
  batch: number;
  slope: Float64Array;
  selected: Int32Array;
}

export function forwardStates(
  net: Network,
  theta: Float64Array,
  X: Float64Array,
  batch: number,
): ForwardStates {
  const n = net.nodes.length;
  const { pre, pattern } = forward(net, theta, X, batch);
  const slope = new Float64Array(n * batch).fill(1);
  const selected = new Int32Array(n * batch).fill(-1);
  net.nodes.forEach((node, v) => {
    if (node.kind === 'input') return;
    const spec = ACTIVATIONS[node.activation];
    const base = v * batch;
    for (let s = 0; s < batch; s++) slope[base + s] = spec.slope(pre[s * n + v]!);
    if (spec.combine !== 'selection') return;
    // The forward pass reports the selected antecedent node; edges are unique per (from, to).
    const ins = net.inEdges[v]!;
    for (let s = 0; s < batch; s++) {
      const u = pattern[s * n + v]!;
      selected[base + s] = ins.find((e) => net.edges[e]!.from === u)!;
    }
  });
  return { batch, slope, selected };
}
