/** fast-check arbitraries over the shared random-DAG generator of `@idyn/graph/testing`. */
import type { Network } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
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
