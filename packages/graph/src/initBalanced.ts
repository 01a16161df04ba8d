import { initGaussian, type InitGaussianOptions } from './initGaussian.js';
import type { Network } from './Network.js';
import { rescaleToLaws } from './rescaleToLaws.js';

/** Options of {@link initBalanced}: those of {@link initGaussian}, plus the law target. */
export interface InitBalancedOptions extends InitGaussianOptions {
  /** Values of the laws h to reach, one per `net.lawNodes[i]`. @default all zeros (balanced) */
  target?: ArrayLike<number>;
}

/**
 * Balanced initialisation: a seeded Gaussian draw ({@link initGaussian}) rescaled neuron by neuron
 * ({@link rescaleToLaws}) so that every law h_v of MATH.md §1 is zero (or `target`). Rescaling keeps
 * the network function and the path-lifting of the Gaussian draw.
 *
 * @param net - the network
 * @param options - see {@link InitBalancedOptions}
 * @returns theta, length D, with |h_v| at rounding level
 * @throws RangeError on bad options, or when the target is unreachable (see {@link rescaleToLaws})
 * @example
 * const net = parseNetwork('relu:2-3-2');
 * rescalingLaws(net, initBalanced(net, { seed: 3 })); // Float64Array [~1e-16, ~1e-16, ~1e-16]
 * @see MATH.md §1 (laws), §4.2 (rescaling)
 */
export function initBalanced(net: Network, options: InitBalancedOptions): Float64Array {
  return rescaleToLaws(net, initGaussian(net, options), options.target).theta;
}
