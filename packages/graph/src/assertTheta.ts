import { checkTheta } from './internal/checkTheta.js';
import type { Network } from './Network.js';

/**
 * Checks that `theta` is a valid parameter vector for `net`: an array or typed array of D finite
 * numbers. Use it at the entry of any function that takes `(net, theta)`.
 *
 * @param caller - prefix of the error message, e.g. `'pathLifting'`
 * @param net - the network
 * @param theta - the candidate parameters
 * @throws TypeError if `theta` is not an array or Float64Array/Float32Array
 * @throws NetworkError `theta-length` (message `<caller>: theta has length 7, expected D = 8`) or
 *   `theta-nonfinite` (names the index and the parameter)
 * @example
 * assertTheta('demo', parseNetwork('relu:1-1-1'), [1, 2]); // passes
 * assertTheta('demo', parseNetwork('relu:1-1-1'), [1]); // throws 'demo: theta has length 1, expected D = 2'
 * @see MATH.md §1
 */
export function assertTheta(
  caller: string,
  net: Network,
  theta: unknown,
): asserts theta is ArrayLike<number> {
  checkTheta(caller, net, theta);
}
