import { describeValue } from './describeValue.js';

/**
 * Checks that `k` is an integer in [lo, hi] and returns it: the one integer check of `@idyn`'s
 * entry points.
 *
 * @param fn - name of the public function, for the message
 * @param name - name of the argument, for the message (e.g. `'options.steps'`)
 * @param k - the value to check
 * @param lo - the smallest accepted value @default 1
 * @param hi - the largest accepted value @default Number.MAX_SAFE_INTEGER
 * @returns k
 * @throws RangeError `fn: name must be a positive integer, got …` (lo = 1, no hi),
 *   `… an integer >= lo …` or `… an integer in [lo, hi] …` otherwise
 * @example
 * checkInteger('f', 'batch', 4); // 4
 * checkInteger('f', 'batch', 0); // RangeError: f: batch must be a positive integer, got 0
 * checkInteger('f', 'k', 7, 0, 5); // RangeError: f: k must be an integer in [0, 5], got 7
 * @see MATH.md §6
 */
export function checkInteger(
  fn: string,
  name: string,
  k: unknown,
  lo = 1,
  hi = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < lo || k > hi) {
    const range =
      hi !== Number.MAX_SAFE_INTEGER
        ? `an integer in [${lo}, ${hi}]`
        : lo === 1
          ? 'a positive integer'
          : `an integer >= ${lo}`;
    throw new RangeError(`${fn}: ${name} must be ${range}, got ${describeValue(k)}`);
  }
  return k;
}
