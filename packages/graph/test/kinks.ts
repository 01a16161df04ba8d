import type { ForwardResult } from '../src/forward.js';
import type { Network } from '../src/Network.js';

/**
 * Whether every sample of a forward pass is at least `margin` away from every kink: ReLU
 * pre-activations with |pre| >= margin, and max-pool selections whose value differs by >= margin from
 * every other antecedent. Values that are zero on a whole neighbourhood (a ReLU with pre <= -margin,
 * or a bias-free neuron all of whose antecedents are such) may tie freely: they stay equal under small
 * perturbations. Exactly equal values from different antecedents are structural ties (e.g. a 2-max-pool
 * of (x0, x1) and a 1-max-pool of x1 both equal x1 when x1 < x0): at a random point exact equality
 * only happens when both antecedents compute the same function near it, so they also stay equal.
 * When this holds, small perturbations keep the activation pattern and the network is a
 * polynomial in theta and x there, so central finite differences apply.
 */
export function awayFromKinks(net: Network, fwd: ForwardResult, margin: number): boolean {
  const n = net.nodes.length;
  const frozen = new Uint8Array(n);
  for (let s = 0; s < fwd.batch; s++) {
    const row = s * n;
    frozen.fill(0);
    for (const v of net.topoOrder) {
      const node = net.nodes[v]!;
      if (node.kind === 'input') continue;
      const ants = net.inEdges[v]!.map((e) => net.edges[e]!.from);
      const allFrozen = ants.every((u) => frozen[u] === 1) && !node.bias;
      if (allFrozen) {
        frozen[v] = 1;
        continue;
      }
      const pre = fwd.pre[row + v]!;
      if (node.activation === 'relu') {
        if (pre <= -margin) frozen[v] = 1;
        else if (pre < margin) return false;
      } else if (node.activation === 'maxpool') {
        const sel = fwd.pattern[row + v]!;
        const y = fwd.post[row + sel]!;
        for (const u of ants) {
          if (u === sel || (frozen[u] === 1 && frozen[sel] === 1)) continue;
          if (fwd.post[row + u] === y) continue;
          if (Math.abs(fwd.post[row + u]! - y) < margin) return false;
        }
      }
    }
  }
  return true;
}
