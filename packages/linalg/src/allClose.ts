import { Matrix } from 'ml-matrix';
import { describeValue } from './describeValue.js';

/** Options of {@link allClose}. */
export interface AllCloseOptions {
  /**
   * Relative tolerance.
   * @default 1e-9
   */
  rtol?: number;
  /**
   * Absolute tolerance.
   * @default 1e-12
   */
  atol?: number;
}

/**
 * Whether every |a_i - b_i| <= atol + rtol·|b_i| (numpy's convention: `b` is the reference).
 *
 * Accepts numbers, arrays and typed arrays, arrays of rows, and ml-matrix matrices; a `Matrix`
 * compares with a `Matrix` or an array of rows of the same shape. NaN is never close to anything;
 * equal infinities are close.
 * @param a - the value to test
 * @param b - the reference value
 * @param options - see {@link AllCloseOptions}
 * @returns true iff all entries are close
 * @throws RangeError if the shapes differ or a tolerance is negative; TypeError for other inputs
 * @example
 * allClose([1, 2], [1, 2 + 1e-12]); // true
 * allClose(0.1 + 0.2, 0.3); // true
 * allClose([1, 2], [1, 2.1]); // false
 * @see MATH.md §5 (reference values are compared within stated tolerances)
 */
export function allClose(a: unknown, b: unknown, options: AllCloseOptions = {}): boolean {
  const rtol = options.rtol ?? 1e-9;
  const atol = options.atol ?? 1e-12;
  for (const [name, t] of [
    ['rtol', rtol],
    ['atol', atol],
  ] as const) {
    if (typeof t !== 'number' || !(t >= 0)) {
      throw new RangeError(`allClose: options.${name} must be a number >= 0, got ${String(t)}`);
    }
  }
  const fa = flatten('a', a);
  const fb = flatten('b', b);
  if (fa.shape.join('×') !== fb.shape.join('×')) {
    throw new RangeError(`allClose: a has shape ${show(fa.shape)}, b has shape ${show(fb.shape)}`);
  }
  for (let i = 0; i < fa.values.length; i++) {
    const x = fa.values[i]!;
    const y = fb.values[i]!;
    if (x === y) continue;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return false;
  }
  return true;
}

function show(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

function flatten(name: string, x: unknown): { shape: number[]; values: ArrayLike<number> } {
  if (typeof x === 'number') return { shape: [], values: [x] };
  if (Matrix.isMatrix(x)) {
    const m = x as Matrix;
    return { shape: [m.rows, m.columns], values: m.to1DArray() };
  }
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const t = x as unknown as ArrayLike<unknown>;
    if (t.length > 0 && typeof t[0] !== 'number') {
      throw new TypeError(`allClose: ${name} must hold numbers, got ${describeValue(x)}`);
    }
    return { shape: [t.length], values: t as ArrayLike<number> };
  }
  if (Array.isArray(x)) {
    if (x.length > 0 && typeof x[0] !== 'number') {
      const rows = x.length;
      const first = x[0] as unknown;
      if (!(Array.isArray(first) || ArrayBuffer.isView(first))) {
        throw new TypeError(`allClose: ${name}[0] must be a number or an array, got ${describeValue(first)}`);
      }
      const cols = (first as ArrayLike<number>).length;
      const values: number[] = [];
      for (let i = 0; i < rows; i++) {
        const r = x[i] as ArrayLike<unknown>;
        if (!(Array.isArray(r) || ArrayBuffer.isView(r)) || r.length !== cols) {
          throw new RangeError(
            `allClose: ${name} is ragged: row ${i} differs in length from row 0 (${cols})`,
          );
        }
        for (let j = 0; j < cols; j++) {
          const v = r[j];
          if (typeof v !== 'number') throw new TypeError(`allClose: ${name}[${i}][${j}] is not a number`);
          values.push(v);
        }
      }
      return { shape: [rows, cols], values };
    }
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== 'number') throw new TypeError(`allClose: ${name}[${i}] is not a number`);
    }
    return { shape: [x.length], values: x as number[] };
  }
  throw new TypeError(`allClose: ${name} must be a number, an array or a Matrix, got ${describeValue(x)}`);
}
