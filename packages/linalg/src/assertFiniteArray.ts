import { describeValue } from './describeValue.js';

/**
 * Checks that `x` is an array or typed array of finite numbers, optionally of a given length.
 * @param name - the argument's name, used in error messages (e.g. "pathLifting: theta")
 * @param x - the value to check
 * @param expectedLength - if given, the length `x` must have
 * @returns nothing; narrows `x` to `ArrayLike<number>`
 * @throws TypeError if `x` is not an array or typed array of numbers; RangeError naming the index
 *   and value of the first non-finite entry, or the actual and expected lengths
 * @example
 * assertFiniteArray('theta', [1, 2, 3], 3); // ok
 * assertFiniteArray('theta', [1, NaN]); // RangeError: theta[1] = NaN is not finite
 * @see MATH.md §6 (numerical advice)
 */
export function assertFiniteArray(
  name: string,
  x: unknown,
  expectedLength?: number,
): asserts x is ArrayLike<number> {
  const isArrayLike =
    Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView) && !isBigIntArray(x));
  if (!isArrayLike) {
    throw new TypeError(`${name} must be an array or typed array of numbers, got ${describeValue(x)}`);
  }
  const a = x as ArrayLike<unknown>;
  if (expectedLength !== undefined && a.length !== expectedLength) {
    throw new RangeError(`${name} has length ${a.length}, expected ${expectedLength}`);
  }
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number') {
      throw new TypeError(`${name}[${i}] must be a number, got ${describeValue(v)}`);
    }
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] = ${v} is not finite`);
  }
}

function isBigIntArray(x: unknown): boolean {
  return x instanceof BigInt64Array || x instanceof BigUint64Array;
}
