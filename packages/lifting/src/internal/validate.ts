/** Throws unless `x` is an array-like of `n` finite numbers; returns it as a Float64Array view/copy. */
export function checkVector(fn: string, name: string, x: unknown, n: number, what = 'D'): Float64Array {
  if (x === null || typeof x !== 'object' || typeof (x as { length?: unknown }).length !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${describe(x)}`);
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
      throw new TypeError(`${fn}: ${name}[${i}] must be a number, got ${describe(v)}`);
    }
    if (!Number.isFinite(v)) throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${v}`);
  }
  return x instanceof Float64Array ? x : Float64Array.from(arr as ArrayLike<number>);
}

/** Throws unless `k` is an integer in [lo, hi]. */
export function checkInteger(
  fn: string,
  name: string,
  k: unknown,
  lo: number,
  hi = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < lo || k > hi) {
    const range = hi === Number.MAX_SAFE_INTEGER ? `>= ${lo}` : `in [${lo}, ${hi}]`;
    throw new RangeError(`${fn}: ${name} must be an integer ${range}, got ${describe(k)}`);
  }
  return k;
}

export function describe(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.slice(0, 8).map(describe).join(', ')}${x.length > 8 ? ', …' : ''}]`;
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return String(x);
}
