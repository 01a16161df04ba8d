/** A short description of a value for error messages. */
export function describe(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x))
    return `a ${x.constructor.name} of length ${(x as unknown as ArrayLike<number>).length}`;
  return typeof x;
}

/** Throws unless `x` is an array-like of `n` finite numbers; returns a fresh Float64Array copy. */
export function checkVector(fn: string, name: string, x: unknown, n: number, what: string): Float64Array {
  if (x === null || typeof x !== 'object' || typeof (x as { length?: unknown }).length !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${describe(x)}`);
  }
  const arr = x as ArrayLike<unknown>;
  if (arr.length !== n)
    throw new RangeError(`${fn}: ${name} has length ${arr.length}, expected ${what} = ${n}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (typeof v !== 'number')
      throw new TypeError(`${fn}: ${name}[${i}] must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${v}`);
    out[i] = v;
  }
  return out;
}

/** Throws unless `k` is an integer >= lo. */
export function checkInteger(fn: string, name: string, k: unknown, lo: number): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < lo) {
    throw new RangeError(`${fn}: ${name} must be an integer >= ${lo}, got ${describe(k)}`);
  }
  return k;
}

/** Throws unless `x` is a finite number (optionally > 0). */
export function checkNumber(fn: string, name: string, x: unknown, positive = false): number {
  if (typeof x !== 'number') throw new TypeError(`${fn}: ${name} must be a number, got ${describe(x)}`);
  if (!Number.isFinite(x) || (positive && !(x > 0))) {
    throw new RangeError(`${fn}: ${name} must be a finite number${positive ? ' > 0' : ''}, got ${x}`);
  }
  return x;
}

/** max_i |a_i - b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** max_i |a_i|. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
