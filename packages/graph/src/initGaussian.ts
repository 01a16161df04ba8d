import { createRng } from '@idyn/linalg';
import type { Network } from './Network.js';

/** Options of {@link initGaussian}. */
export interface InitGaussianOptions {
  /** Seed of the `@idyn/linalg` generator, an integer in [0, 2^32). */
  seed: number;
  /**
   * Standard deviation of the weights: a number (the same for every weight), `'he'`
   * (sqrt(2 / fanIn(v)) for an edge u→v, fanIn = in-degree of v) or `'glorot'`
   * (sqrt(2 / (fanIn(v) + fanOut(u))), fanOut = out-degree of u). On layered networks these are the
   * usual per-layer He and Glorot normal scales. @default 'he'
   */
  scale?: number | 'he' | 'glorot';
  /** Standard deviation of the biases (0 gives zero biases). @default 0 */
  biasScale?: number;
}

/**
 * Seeded Gaussian initialisation: theta_p = sigma_p * N(0, 1), drawn in parameter order (weights
 * then biases) from `createRng(seed)`.
 *
 * @param net - the network
 * @param options - see {@link InitGaussianOptions}
 * @returns theta, length D
 * @throws RangeError naming the option if the seed is not an integer in [0, 2^32), or a scale is
 *   negative, non-finite or an unknown string
 * @example
 * const theta = initGaussian(parseNetwork('relu:2-3-2'), { seed: 1, scale: 'he' });
 * theta.length; // 12; first-layer weights have standard deviation sqrt(2 / 2) = 1
 * @see MATH.md §1
 */
export function initGaussian(net: Network, options: InitGaussianOptions): Float64Array {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('initGaussian: options { seed, scale?, biasScale? } are required');
  }
  const { seed, scale = 'he', biasScale = 0 } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`initGaussian: options.seed must be an integer in [0, 2^32), got ${seed}`);
  }
  if (
    typeof scale === 'number' ? !(Number.isFinite(scale) && scale >= 0) : scale !== 'he' && scale !== 'glorot'
  ) {
    throw new RangeError(
      `initGaussian: options.scale must be a non-negative number, 'he' or 'glorot', got ${String(scale)}`,
    );
  }
  if (!(Number.isFinite(biasScale) && biasScale >= 0)) {
    throw new RangeError(`initGaussian: options.biasScale must be a non-negative number, got ${biasScale}`);
  }
  const rng = createRng(seed);
  const theta = new Float64Array(net.D);
  const edgeScale = (e: number): number => {
    const { from, to } = net.edges[e]!;
    const fanIn = net.inEdges[to]!.length;
    return scale === 'he' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + net.outEdges[from]!.length));
  };
  for (let p = 0; p < net.D; p++) {
    const edges = net.paramEdges[p]!;
    let sigma: number;
    if (edges.length === 0) sigma = biasScale;
    else if (typeof scale === 'number') sigma = scale;
    else {
      sigma = 0;
      for (const e of edges) sigma = Math.max(sigma, edgeScale(e));
    }
    theta[p] = sigma * rng.normal();
  }
  return theta;
}
