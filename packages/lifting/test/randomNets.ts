/** fast-check arbitraries over the shared random-DAG generator of `@idyn/graph/testing`. */
import type { Network } from '@idyn/graph';
import { randomDag, tieParameters } from '@idyn/graph/testing';
import { createRng } from '@idyn/linalg';
import fc from 'fast-check';

export interface NetCase {
  seed: number;
  net: Network;
  theta: Float64Array;
}

/** A small random DAG (skips, biases, identity and optionally max-pool neurons) with Gaussian theta. */
export function netCase(seed: number, maxpool = true): NetCase {
  const rng = createRng(seed);
  const net = randomDag(rng, {
    inputs: [1, 3],
    outputs: [1, 2],
    layers: [1, 3],
    width: [1, 3],
    skipProbability: 0.3,
    identityProbability: 0.25,
    maxpoolProbability: maxpool ? 0.2 : 0,
    biasProbability: 0.4,
  });
  return { seed, net, theta: rng.normals(net.D) };
}

export const arbNetCase = (maxpool = true) => fc.nat(1_000_000).map((seed) => netCase(seed, maxpool));

/**
 * A random DAG as in {@link netCase}, then tied (shared parameters, MATH.md §7) with a few fixed
 * edge weights; `plain` is the untied network and `untie` maps a shared theta to its theta.
 */
export interface SharedNetCase extends NetCase {
  plain: Network;
  untie: (theta: ArrayLike<number>) => Float64Array;
}

export function sharedNetCase(seed: number, maxpool = true): SharedNetCase {
  const rng = createRng(seed);
  const plain = netCase(seed, maxpool).net;
  const net = tieParameters(rng, plain, { fraction: 0.3 + 0.6 * rng.uniform(), fixedProbability: 0.15 });
  const untie = (theta: ArrayLike<number>) => {
    const t = new Float64Array(plain.D);
    net.edgeParam.forEach((j, e) => {
      const k = plain.edgeParam[e]!;
      if (k >= 0) t[k] = j >= 0 ? theta[j]! : net.fixedWeight[e]!;
    });
    net.biasParam.forEach((j, v) => {
      if (j >= 0) t[plain.biasParam[v]!] = theta[j]!;
    });
    return t;
  };
  return { seed, net, theta: rng.normals(net.D), plain, untie };
}

export const arbSharedNetCase = (maxpool = true) =>
  fc.nat(1_000_000).map((seed) => sharedNetCase(seed, maxpool));
