import { describeValue } from '@idyn/linalg';

/** Throws unless `x` is an array-like of `n` finite numbers; returns a fresh Float64Array copy. */
export function checkVector(fn: string, name: string, x: unknown, n: number, what: string): Float64Array {
  if (x === null || typeof x !== 'object' || typeof (x as { length?: unknown }).length !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${describeValue(x)}`);
  }
  const arr = x as ArrayLike<unknown>;
  if (arr.length !== n)
    throw new RangeError(`${fn}: ${name} has length ${arr.length}, expected ${what} = ${n}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (typeof v !== 'number')
      throw new TypeError(`${fn}: ${name}[${i}] must be a number, got ${describeValue(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${v}`);
    out[i] = v;
  }
  return out;
}

/** Throws unless `x` is a finite number (optionally > 0). */
export function checkNumber(fn: string, name: string, x: unknown, positive = false): number {
  if (typeof x !== 'number') throw new TypeError(`${fn}: ${name} must be a number, got ${describeValue(x)}`);
  if (!Number.isFinite(x) || (positive && !(x > 0))) {
    throw new RangeError(`${fn}: ${name} must be a finite number${positive ? ' > 0' : ''}, got ${x}`);
  }
  return x;
}
