import type { ForwardResult } from '../forward.js';
import type { Network } from '../Network.js';

/**
 * Reverse-mode pass: given the forward result and an output cotangent G [batch, nOut], returns
 * gradTheta = sum_s d<G_s, net(x_s)>/dtheta and gradInputs[s] = d<G_s, net(x_s)>/dx_s.
 * ReLU derivative at pre = 0 is taken as 0 (pattern 0); a max-pool passes the adjoint to its
 * selected antecedent only.
 */
export function backpropagate(
  net: Network,
  theta: ArrayLike<number>,
  fwd: ForwardResult,
  G: ArrayLike<number>,
): { gradTheta: Float64Array; gradInputs: Float64Array } {
  const n = net.nodes.length;
  const nIn = net.inputs.length;
  const nOut = net.outputs.length;
  const { batch, post, pattern } = fwd;
  const { nodes, edges, inEdges, edgeParam, biasParam, topoOrder } = net;
  const gradTheta = new Float64Array(net.D);
  const gradInputs = new Float64Array(batch * nIn);
  const adj = new Float64Array(n);
  for (let s = 0; s < batch; s++) {
    const row = s * n;
    adj.fill(0);
    for (let j = 0; j < nOut; j++) adj[net.outputs[j]!]! += G[s * nOut + j]!;
    for (let t = topoOrder.length - 1; t >= 0; t--) {
      const v = topoOrder[t]!;
      const node = nodes[v]!;
      const a = adj[v]!;
      if (node.kind === 'input' || a === 0) continue;
      if (node.activation === 'maxpool') {
        adj[pattern[row + v]!]! += a;
        continue;
      }
      const d = node.activation === 'relu' && pattern[row + v] === 0 ? 0 : a;
      if (d === 0) continue;
      const bp = biasParam[v]!;
      if (bp >= 0) gradTheta[bp]! += d;
      for (const e of inEdges[v]!) {
        const p = edgeParam[e]!;
        const u = edges[e]!.from;
        gradTheta[p]! += d * post[row + u]!;
        adj[u]! += d * theta[p]!;
      }
    }
    net.inputs.forEach((v, j) => {
      gradInputs[s * nIn + j] = adj[v]!;
    });
  }
  return { gradTheta, gradInputs };
}
