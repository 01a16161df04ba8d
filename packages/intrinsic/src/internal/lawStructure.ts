import type { Network } from '@idyn/graph';

/**
 * The rescaling structure of a network restricted to its law neurons (`net.lawNodes`): for every
 * parameter, the law neuron at its head (the neuron it enters, or whose bias it is) and at its
 * tail (the neuron it leaves), -1 where that end is not a law neuron. A rescaling by log-factors
 * mu multiplies theta_p by exp(mu[head] - mu[tail]) (mu = 0 off the law neurons), and
 * h_i = sum_{head(p) = i} theta_p^2 - sum_{tail(p) = i} theta_p^2 (MATH.md §1).
 */
export interface LawStructure {
  readonly net: Network;
  readonly D: number;
  /** Number of law neurons. */
  readonly m: number;
  readonly head: Int32Array;
  readonly tail: Int32Array;
}

export function lawStructure(net: Network): LawStructure {
  const n = net.nodes.length;
  const lawIndex = new Int32Array(n).fill(-1);
  net.lawNodes.forEach((v, i) => {
    lawIndex[v] = i;
  });
  const D = net.D;
  const head = new Int32Array(D).fill(-1);
  const tail = new Int32Array(D).fill(-1);
  for (let p = 0; p < D; p++) {
    const e = net.paramEdge[p]!;
    if (e >= 0) {
      const edge = net.edges[e]!;
      head[p] = lawIndex[edge.to]!;
      tail[p] = lawIndex[edge.from]!;
    } else {
      head[p] = lawIndex[net.paramNode[p]!]!;
    }
  }
  return { net, D, m: net.lawNodes.length, head, tail };
}

/** Law values h (into `h`) and incident squared sums s (into `s`) at theta. */
export function lawsAndScales(S: LawStructure, theta: Float64Array, h: Float64Array, s: Float64Array): void {
  h.fill(0);
  s.fill(0);
  for (let p = 0; p < S.D; p++) {
    const w2 = theta[p]! * theta[p]!;
    const a = S.head[p]!;
    const b = S.tail[p]!;
    if (a >= 0) {
      h[a]! += w2;
      s[a]! += w2;
    }
    if (b >= 0) {
      h[b]! -= w2;
      s[b]! += w2;
    }
  }
}
