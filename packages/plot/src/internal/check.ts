import type { NumericArray } from '../spec.js';

/** Throws unless `x` is an array or typed array of numbers (length `expected` when given). */
export function checkArray(
  fn: string,
  name: string,
  x: unknown,
  expected?: number,
  expectedWhat = '',
): asserts x is NumericArray {
  const ok = Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
  if (!ok)
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${x === null ? 'null' : typeof x}`);
  const len = (x as NumericArray).length;
  if (expected !== undefined && len !== expected) {
    throw new RangeError(
      `${fn}: ${name} has length ${len}, expected ${expected}${expectedWhat ? ` (${expectedWhat})` : ''}`,
    );
  }
}

/** Throws unless `xs` is a non-empty list of arrays, each of length `expected`. */
export function checkArrays(
  fn: string,
  name: string,
  xs: unknown,
  expected: number,
  expectedWhat: string,
): asserts xs is readonly NumericArray[] {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new TypeError(
      `${fn}: ${name} must be a non-empty array of arrays, got ${Array.isArray(xs) ? 'an empty array' : typeof xs}`,
    );
  }
  xs.forEach((x, i) => {
    checkArray(fn, `${name}[${i}]`, x, expected, expectedWhat);
  });
}

/** Throws unless `labels` is undefined or has `n` strings. */
export function checkLabels(
  fn: string,
  name: string,
  labels: readonly string[] | undefined,
  n: number,
): void {
  if (labels === undefined) return;
  if (!Array.isArray(labels) || labels.length !== n) {
    throw new RangeError(
      `${fn}: ${name} has length ${Array.isArray(labels) ? labels.length : typeof labels}, expected ${n}`,
    );
  }
}
