import { checkInteger, describeValue } from '@idyn/linalg';

/**
 * Formats a value for an error message without dumping large arrays: `describeValue` of
 * `@idyn/linalg` (the one formatter), under the name the backends import.
 *
 * @param value - any value
 * @returns numbers as written, strings quoted, arrays as `an array of length n`, else the kind
 * @example
 * show([1, 2, 3]); // 'an array of length 3'
 * show('rk9'); // '"rk9"'
 * @see MATH.md §6
 */
export function show(value: unknown): string {
  return describeValue(value);
}

/**
 * Checks that `value` is an integer ≥ 1.
 *
 * @param fn - name of the public function, for the message
 * @param name - name of the argument, for the message
 * @param value - the value to check
 * @returns the value
 * @throws RangeError `fn: name must be a positive integer, got value` otherwise
 * @example
 * assertPositiveInteger('f', 'batch', 4); // 4
 * @see MATH.md §6
 */
export function assertPositiveInteger(fn: string, name: string, value: unknown): number {
  return checkInteger(fn, name, value, 1);
}

/**
 * Checks that `value` is a finite number > 0.
 *
 * @param fn - name of the public function, for the message
 * @param name - name of the argument, for the message
 * @param value - the value to check
 * @returns the value
 * @throws RangeError `fn: name must be a finite number > 0, got value` otherwise
 * @example
 * assertPositiveFinite('f', 'options.rtol', 1e-6); // 1e-6
 * @see MATH.md §6
 */
export function assertPositiveFinite(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${show(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is a finite number.
 *
 * @param fn - name of the public function, for the message
 * @param name - name of the argument, for the message
 * @param value - the value to check
 * @returns the value
 * @throws RangeError `fn: name must be a finite number, got value` otherwise
 * @example
 * assertFiniteNumber('f', 'options.t0', -1); // -1
 * @see MATH.md §6
 */
export function assertFiniteNumber(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${show(value)}`);
  }
  return value;
}

/**
 * Whether `value` is a plain array or a typed array (not a DataView).
 *
 * @param value - any value
 * @returns true for arrays and typed arrays
 * @example
 * isArrayLikeNumbers(new Float32Array(2)); // true
 * @see MATH.md §6
 */
export function isArrayLikeNumbers(value: unknown): value is ArrayLike<number> {
  return (ArrayBuffer.isView(value) && !(value instanceof DataView)) || Array.isArray(value);
}

/**
 * Copies an array of numbers into a Float64Array, checking length and finiteness.
 *
 * @param fn - name of the public function, for the message
 * @param name - name of the argument, for the message
 * @param value - the array to copy
 * @param expectedLength - the required length, if any
 * @param expectedWhat - how the required length is named in the message (e.g. 'dim')
 * @returns a fresh Float64Array copy
 * @throws TypeError if value is not an array of numbers
 * @throws RangeError if the length is wrong or an entry is not finite
 * @example
 * finiteVector('f', 'y0', [1, 2], 2, 'dim'); // Float64Array [1, 2]
 * @see MATH.md §6
 */
export function finiteVector(
  fn: string,
  name: string,
  value: unknown,
  expectedLength?: number,
  expectedWhat?: string,
): Float64Array {
  if (!isArrayLikeNumbers(value)) {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${show(value)}`);
  }
  if (expectedLength !== undefined && value.length !== expectedLength) {
    throw new RangeError(
      `${fn}: ${name} has length ${value.length}, expected ${expectedWhat ?? ''}${expectedWhat ? ' = ' : ''}${expectedLength}`,
    );
  }
  const out = Float64Array.from(value as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${(value as ArrayLike<number>)[i]}`);
    }
  }
  return out;
}
