import type { Network } from '../Network.js';

/**
 * Rescaling by log-factors mu (one per node, 0 where no rescaling): w_{u->v} e^{mu_v - mu_u},
 * b_v e^{mu_v}. Exponentiating differences keeps large opposite factors from overflowing.
 */
export function rescaleLog(net: Network, theta: ArrayLike<number>, mu: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(theta);
  net.edges.forEach((edge, e) => {
    const p = net.edgeParam[e]!;
    const d = mu[edge.to]! - mu[edge.from]!;
    if (p >= 0 && d !== 0) out[p] = theta[p]! * Math.exp(d);
  });
  net.biasParam.forEach((p, v) => {
    if (p >= 0 && mu[v] !== 0) out[p] = theta[p]! * Math.exp(mu[v]!);
  });
  return out;
}
