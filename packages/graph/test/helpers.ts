import { expect } from 'vitest';
import { createNetwork } from '../src/createNetwork.js';
import type { NetworkSpec } from '../src/Network.js';
import { NetworkError, type NetworkErrorCode } from '../src/NetworkError.js';

/** Asserts that `createNetwork(spec)` throws a NetworkError (a RangeError) with `code` and a message matching `message`. */
export function expectNetworkError(spec: unknown, code: NetworkErrorCode, message: RegExp): void {
  let caught: unknown;
  try {
    createNetwork(spec as NetworkSpec);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(NetworkError);
  expect(caught).toBeInstanceOf(RangeError);
  expect((caught as NetworkError).code).toBe(code);
  expect((caught as NetworkError).message).toMatch(message);
}

/** Central differences (f(θ + h e_j) − f(θ − h e_j)) / 2h of a scalar function, for every j. */
export function centralGradient(
  f: (theta: Float64Array) => number,
  theta: ArrayLike<number>,
  h = 1e-6,
): Float64Array {
  return Float64Array.from({ length: theta.length }, (_, j) => {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[j]! += h;
    tm[j]! -= h;
    return (f(tp) - f(tm)) / (2 * h);
  });
}
