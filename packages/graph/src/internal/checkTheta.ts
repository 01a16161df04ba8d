import type { Network } from '../Network.js';
import { NetworkError } from '../NetworkError.js';

/**
 * Throws unless `theta` is an array-like of D finite numbers. `caller` prefixes the message.
 * Non-array inputs throw a TypeError; wrong length or non-finite entries a NetworkError (RangeError).
 */
export function checkTheta(caller: string, net: Network, theta: unknown): asserts theta is ArrayLike<number> {
  if (!isArrayLikeNumbers(theta)) {
    throw new TypeError(
      `${caller}: theta must be a Float64Array or an array of numbers, got ${describe(theta)}`,
    );
  }
  if (theta.length !== net.D) {
    throw new NetworkError(
      'theta-length',
      `${caller}: theta has length ${theta.length}, expected D = ${net.D}`,
    );
  }
  for (let i = 0; i < theta.length; i++) {
    const t = theta[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new NetworkError(
        'theta-nonfinite',
        `${caller}: theta[${i}] = ${String(t)} (${net.paramNames[i]}) is not a finite number`,
      );
    }
  }
}

export function isArrayLikeNumbers(x: unknown): x is ArrayLike<number> {
  return x instanceof Float64Array || x instanceof Float32Array || Array.isArray(x);
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined (missing)';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === 'object') return 'an object';
  return `${typeof x} ${String(x)}`;
}
