import type { ForwardResult } from '../forward.js';
import type { Network } from '../Network.js';
import { compiled, edgeWeights } from './compiled.js';

/**
 * Reverse-mode pass: given the forward result and an output cotangent G [batch, nOut], returns
 * gradTheta = sum_s d<G_s, net(x_s)>/dtheta and gradInputs[s] = d<G_s, net(x_s)>/dx_s.
 * ReLU derivative at pre = 0 is taken as 0 (pattern 0); a max-pool passes the adjoint to its
 * selected antecedent only. A parameter shared by several edges or biases accumulates the
 * contributions of all of them (MATH.md §7); parameter-free edges pass the adjoint through their
 * fixed weight.
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
  const c0 = compiled(net);
  const { inStart, inFrom, inParam, code, topo } = c0;
  const weight = edgeWeights(c0, theta);
  const biasParam = net.biasParam;
  const gradTheta = new Float64Array(net.D);
  const gradInputs = new Float64Array(batch * nIn);
  const adj = new Float64Array(n);
  for (let s = 0; s < batch; s++) {
    const row = s * n;
    adj.fill(0);
    for (let j = 0; j < nOut; j++) adj[net.outputs[j]!]! += G[s * nOut + j]!;
    for (let t = n - 1; t >= 0; t--) {
      const v = topo[t]!;
      const c = code[v]!;
      const a = adj[v]!;
      if (c === 0 || a === 0) continue;
      if (c === 3) {
        adj[pattern[row + v]!]! += a;
        continue;
      }
      if (c === 1 && pattern[row + v] === 0) continue;
      const bp = biasParam[v]!;
      if (bp >= 0) gradTheta[bp]! += a;
      for (let k = inStart[v]!; k < inStart[v + 1]!; k++) {
        const p = inParam[k]!;
        const u = inFrom[k]!;
        if (p >= 0) gradTheta[p]! += a * post[row + u]!;
        adj[u]! += a * weight[k]!;
      }
    }
    for (let j = 0; j < nIn; j++) gradInputs[s * nIn + j] = adj[net.inputs[j]!]!;
  }
  return { gradTheta, gradInputs };
}
