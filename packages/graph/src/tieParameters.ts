import type { Rng } from '@idyn/linalg';
import { createNetwork } from './createNetwork.js';
import type { Network } from './Network.js';
import { networkSpec } from './networkSpec.js';

/** Options of {@link tieParameters}. */
export interface TieParametersOptions {
  /**
   * Fraction of distinct parameters kept, in (0, 1]: the weights are drawn into
   * max(1, ceil(fraction · #weights)) shared parameters (the biases likewise, separately), each used
   * at least once. @default 0.6
   */
  fraction?: number;
  /** Probability that a parametrised edge becomes parameter-free with a fixed weight. @default 0 */
  fixedProbability?: number;
}

/**
 * A random weight sharing of a network, for property tests: every parametrised edge and bias reads
 * one of fewer shared parameters (weights and biases from separate pools), relabelled in a random
 * order so the indices are exactly 0..D−1; optionally some edges become parameter-free with a fixed
 * weight in ±[0.5, 1.5]. Reproducible from the generator's stream.
 *
 * @param rng - seeded generator from `@idyn/linalg` `createRng`
 * @param net - the network to tie (its structure is kept)
 * @param options - see {@link TieParametersOptions}
 * @returns the tied network (indexed spec)
 * @throws RangeError naming the option if `fraction` or `fixedProbability` is out of range
 * @example
 * const net = tieParameters(createRng(1), randomDag(createRng(2)), { fraction: 0.5 });
 * net.shared; // true whenever two edges were drawn into one parameter
 * @see MATH.md §7 (shared weights)
 */
export function tieParameters(rng: Rng, net: Network, options: TieParametersOptions = {}): Network {
  const fraction = options.fraction ?? 0.6;
  const pFixed = options.fixedProbability ?? 0;
  if (!(typeof fraction === 'number' && fraction > 0 && fraction <= 1)) {
    throw new RangeError(`tieParameters: options.fraction must be in (0, 1], got ${String(fraction)}`);
  }
  if (!(typeof pFixed === 'number' && pFixed >= 0 && pFixed <= 1)) {
    throw new RangeError(
      `tieParameters: options.fixedProbability must be a probability in [0, 1], got ${String(pFixed)}`,
    );
  }
  const spec = networkSpec(net);
  delete spec.paramNames;
  let weights = spec.edges.map((_, e) => e).filter((e) => net.edgeParam[e]! >= 0);
  for (const e of weights) {
    if (rng.uniform() < pFixed) {
      spec.edges[e]!.weight = (rng.uniform() < 0.5 ? -1 : 1) * (0.5 + rng.uniform());
    }
  }
  weights = weights.filter((e) => spec.edges[e]!.weight === undefined);
  const biases = spec.nodes.map((_, v) => v).filter((v) => net.nodes[v]!.bias);
  const nw = Math.max(1, Math.ceil(weights.length * fraction));
  const nb = Math.max(1, Math.ceil(biases.length * fraction));
  // The first draws cover every slot, so each raw index is used; then a random relabelling.
  const raw = (i: number, n: number) => (i < n ? i : rng.integer(0, n - 1));
  const wRaw = weights.map((_, i) => raw(i, nw));
  const bRaw = biases.map((_, i) => raw(i, nb));
  const used = Math.min(nw, weights.length) + Math.min(nb, biases.length);
  const perm = Array.from({ length: used }, (_, i) => ({ i, r: rng.uniform() }))
    .sort((a, b) => a.r - b.r)
    .map((o) => o.i);
  const label = new Int32Array(used);
  perm.forEach((slot, j) => {
    label[slot] = j;
  });
  const wUsed = Math.min(nw, weights.length);
  weights.forEach((e, i) => {
    spec.edges[e]!.param = label[wRaw[i]!]!;
  });
  biases.forEach((v, i) => {
    spec.nodes[v]!.biasParam = label[wUsed + bRaw[i]!]!;
  });
  for (const e of spec.edges) if (e.weight !== undefined) delete e.param;
  return createNetwork(spec);
}
