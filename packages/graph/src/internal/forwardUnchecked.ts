import type { ForwardResult } from '../forward.js';
import type { Network } from '../Network.js';

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
  const { nodes, edges, inEdges, edgeParam, biasParam, topoOrder } = net;
  const inputPos = new Int32Array(n).fill(-1);
  net.inputs.forEach((v, j) => {
    inputPos[v] = j;
  });
  let scratch: number[] = [];
  for (let s = 0; s < batch; s++) {
    const row = s * n;
    for (const v of topoOrder) {
      const node = nodes[v]!;
      const ins = inEdges[v]!;
      if (node.kind === 'input') {
        const x = X[s * nIn + inputPos[v]!]!;
        pre[row + v] = x;
        post[row + v] = x;
        pattern[row + v] = 1;
        continue;
      }
      if (node.activation === 'maxpool') {
        scratch = ins.slice();
        // Stable sort: descending value, ties by edge position (inEdges are in edge order).
        scratch.sort((a, b) => post[row + edges[b]!.from]! - post[row + edges[a]!.from]!);
        const u = edges[scratch[node.k - 1]!]!.from;
        pre[row + v] = post[row + u]!;
        post[row + v] = post[row + u]!;
        pattern[row + v] = u;
        continue;
      }
      const bp = biasParam[v]!;
      let z = bp >= 0 ? theta[bp]! : 0;
      for (const e of ins) z += theta[edgeParam[e]!]! * post[row + edges[e]!.from]!;
      pre[row + v] = z;
      if (node.activation === 'relu') {
        const on = z > 0;
        post[row + v] = on ? z : 0;
        pattern[row + v] = on ? 1 : 0;
      } else {
        post[row + v] = z;
        pattern[row + v] = 1;
      }
    }
    for (let j = 0; j < nOut; j++) outputs[s * nOut + j] = post[row + net.outputs[j]!]!;
  }
  return { batch, outputs, pre, post, pattern };
}
