import { describeValue } from '@idyn/linalg';

/** Throws unless `x` is an array-like of `n` finite numbers; returns it as a Float64Array view/copy. */
export function checkVector(fn: string, name: string, x: unknown, n: number, what = 'D'): Float64Array {
  if (x === null || typeof x !== 'object' || typeof (x as { length?: unknown }).length !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${describeValue(x)}`);
  }
  const arr = x as ArrayLike<unknown>;
  if (arr.length !== n) {
    throw new RangeError(`${fn}: ${name} has length ${arr.length}, expected ${what} = ${n}`);
  }
  if (x instanceof Float64Array) {
    // Fast path: x * 0 is NaN exactly for non-finite x, so one sum detects them all.
    let acc = 0;
    for (let i = 0; i < n; i++) acc += x[i]! * 0;
    if (acc === 0) return x;
  }
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (typeof v !== 'number') {
      throw new TypeError(`${fn}: ${name}[${i}] must be a number, got ${describeValue(v)}`);
    }
    if (!Number.isFinite(v)) throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${v}`);
  }
  return x instanceof Float64Array ? x : Float64Array.from(arr as ArrayLike<number>);
}
