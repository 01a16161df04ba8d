import { describeValue } from '../describeValue.js';

/**
 * Copies `row` into `target` as residues mod p, validating it on the way.
 * `label` names the row in error messages (e.g. "modRank: rows[3]").
 */
export function loadRow(
  target: Float64Array,
  row: ArrayLike<number>,
  cols: number,
  p: number,
  label: string,
): void {
  if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
    throw new TypeError(`${label} must be an array of integers, got ${describeValue(row)}`);
  }
  if (row.length !== cols) {
    throw new RangeError(`${label} has length ${row.length}, expected cols = ${cols}`);
  }
  for (let j = 0; j < cols; j++) {
    const x = row[j]!;
    if (x >= 0 && x < p && Number.isInteger(x)) {
      target[j] = x;
    } else if (Number.isSafeInteger(x)) {
      const r = x % p;
      target[j] = r < 0 ? r + p : r + 0;
    } else {
      throw new RangeError(`${label}[${j}] = ${String(x)} is not a safe integer`);
    }
  }
}

/**
 * In place: v <- v - f·r (mod p) on columns [from, cols), where v and r hold residues and f is a
 * residue. Each step computes x = v + (p - f)·r < 2^52 + 2^26 < 2^53 exactly, then x mod p with a
 * floating quotient floor(x / p) that may be off by one (corrected), which is about 8 times faster
 * than the `%` operator on doubles.
 */
export function axpyMod(
  v: Float64Array,
  r: Float64Array,
  f: number,
  from: number,
  cols: number,
  p: number,
  invP: number,
): void {
  const g = p - f;
  for (let j = from; j < cols; j++) {
    const x = v[j]! + g * r[j]!;
    let y = x - Math.floor(x * invP) * p;
    if (y < 0) y += p;
    else if (y >= p) y -= p;
    v[j] = y;
  }
}

export function checkCols(label: string, cols: number): void {
  if (!Number.isSafeInteger(cols) || cols < 0) {
    throw new RangeError(`${label}: cols must be a non-negative integer, got ${String(cols)}`);
  }
}
