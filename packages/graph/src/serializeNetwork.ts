import type { Network } from './Network.js';
import { networkSpec } from './networkSpec.js';

/** Options of {@link serializeNetwork}. */
export interface SerializeNetworkOptions {
  /** Parameters to include (length D, finite). @default net.theta (omitted when absent) */
  theta?: ArrayLike<number>;
  /** Indentation passed to `JSON.stringify`. @default 2 */
  indent?: number;
}

/**
 * JSON text of the canonical spec ({@link networkSpec}). Doubles are written with the shortest
 * round-trip representation, so `parseNetwork(serializeNetwork(net, { theta }))` gives back the same
 * network and bit-identical theta.
 *
 * @param net - the network
 * @param options - see {@link SerializeNetworkOptions}
 * @returns JSON text
 * @throws NetworkError if `options.theta` has the wrong length or a non-finite entry
 * @example
 * serializeNetwork(parseNetwork('linear:1-1'), { indent: 0 });
 * // '{"nodes":[{"id":"x0","kind":"input"},{"id":"y0","kind":"output"}],"edges":[{"from":"x0","to":"y0"}]}'
 * @see MATH.md §1
 */
export function serializeNetwork(net: Network, options: SerializeNetworkOptions = {}): string {
  const { theta, indent = 2 } = options;
  return JSON.stringify(networkSpec(net, theta), null, indent);
}
