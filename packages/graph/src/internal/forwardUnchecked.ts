import type { ForwardResult } from '../forward.js';
import type { Network } from '../Network.js';
import { compiled, edgeWeights } from './compiled.js';

/** {@link forward} without argument checks, for callers that already validated. */
export function forwardUnchecked(
  net: Network,
  theta: ArrayLike<number>,
  X: ArrayLike<number>,
  batch: number,
): ForwardResult {
  const n = net.nodes.length;
  const nIn = net.inputs.length;
  const nOut = net.outputs.length;
  const pre = new Float64Array(batch * n);
  const post = new Float64Array(batch * n);
  const pattern = new Int32Array(batch * n);
  const outputs = new Float64Array(batch * nOut);
  const c0 = compiled(net);
  const { inStart, inFrom, code, topo } = c0;
  const weight = edgeWeights(c0, theta);
  const biasParam = net.biasParam;
  const inputPos = new Int32Array(n).fill(-1);
  net.inputs.forEach((v, j) => {
    inputPos[v] = j;
  });
  const scratch: number[] = [];
  for (let s = 0; s < batch; s++) {
    const row = s * n;
    for (let t = 0; t < n; t++) {
      const v = topo[t]!;
      const c = code[v]!;
      const lo = inStart[v]!;
      const hi = inStart[v + 1]!;
      if (c === 0) {
        const x = X[s * nIn + inputPos[v]!]!;
        pre[row + v] = x;
        post[row + v] = x;
        pattern[row + v] = 1;
      } else if (c === 3) {
        // k-th largest; ties rank by edge order (stable sort of in-edge positions).
        scratch.length = 0;
        for (let k = lo; k < hi; k++) scratch.push(k);
        scratch.sort((a, b) => post[row + inFrom[b]!]! - post[row + inFrom[a]!]!);
        const u = inFrom[scratch[net.nodes[v]!.k - 1]!]!;
        pre[row + v] = post[row + u]!;
        post[row + v] = post[row + u]!;
        pattern[row + v] = u;
      } else {
        const bp = biasParam[v]!;
        let z = bp >= 0 ? theta[bp]! : 0;
        for (let k = lo; k < hi; k++) z += weight[k]! * post[row + inFrom[k]!]!;
        pre[row + v] = z;
        if (c === 1) {
          const on = z > 0;
          post[row + v] = on ? z : 0;
          pattern[row + v] = on ? 1 : 0;
        } else {
          post[row + v] = z;
          pattern[row + v] = 1;
        }
      }
    }
    for (let j = 0; j < nOut; j++) outputs[s * nOut + j] = post[row + net.outputs[j]!]!;
  }
  return { batch, outputs, pre, post, pattern };
}
