import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { checkInteger } from './checkInteger.js';
import { describeValue } from './describeValue.js';
import { maxAbs } from './maxAbs.js';
import { maxAbsDiff } from './maxAbsDiff.js';

describe('describeValue', () => {
  it('writes scalars as written, undefined as missing, strings quoted, containers by kind and length', () => {
    expect([3, -0.5, true, 10n, undefined, null].map(describeValue)).toEqual([
      '3',
      '-0.5',
      'true',
      '10',
      'undefined (missing)',
      'null',
    ]);
    expect(describeValue('rk9')).toBe('"rk9"');
    expect(describeValue('x'.repeat(50))).toBe(JSON.stringify(`${'x'.repeat(40)}…`));
    expect(describeValue([1, 2, 3])).toBe('an array of length 3');
    expect(describeValue(new Float64Array(2))).toBe('a Float64Array of length 2');
    expect(describeValue(new DataView(new ArrayBuffer(1)))).toBe('a DataView');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue(new Matrix(1, 1))).toBe('a Matrix');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(Object.create(null))).toBe('an object');
  });
});

describe('checkInteger', () => {
  it('returns integers in range and names function, argument and value otherwise', () => {
    expect(checkInteger('f', 'batch', 4)).toBe(4);
    expect(checkInteger('f', 'k', 0, 0)).toBe(0);
    expect(() => checkInteger('f', 'batch', 0)).toThrow('f: batch must be a positive integer, got 0');
    expect(() => checkInteger('f', 'batch', 2.5)).toThrow('f: batch must be a positive integer, got 2.5');
    expect(() => checkInteger('f', 'steps', '3')).toThrow('f: steps must be a positive integer, got "3"');
    expect(() => checkInteger('f', 'k', -1, 0)).toThrow('f: k must be an integer >= 0, got -1');
    expect(() => checkInteger('f', 'k', 7, 0, 5)).toThrow(RangeError);
    expect(() => checkInteger('f', 'k', 7, 0, 5)).toThrow('f: k must be an integer in [0, 5], got 7');
  });
});

describe('maxAbs and maxAbsDiff', () => {
  it('are max-norms of vectors and matrices (hand values), NaN-propagating', () => {
    expect(maxAbs([1, -3, 2])).toBe(3);
    expect(maxAbs(new Float64Array(0))).toBe(0);
    expect(
      maxAbs(
        new Matrix([
          [1, -4],
          [2, 0],
        ]),
      ),
    ).toBe(4);
    expect(maxAbs([1, Number.NaN, 5])).toBeNaN();
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(maxAbsDiff(new Matrix([[1, 2]]), new Matrix([[0, 2]]))).toBe(1);
    expect(maxAbsDiff([0, 0], [Number.NaN, 9])).toBeNaN();
  });

  it('reject operands of different lengths or shapes', () => {
    expect(() => maxAbsDiff([1, 2], [1])).toThrow('maxAbsDiff: a has length 2 but b has length 1');
    expect(() => maxAbsDiff(new Matrix(2, 1), new Matrix(1, 2))).toThrow('maxAbsDiff: a is 2×1 but b is 1×2');
    expect(() => maxAbsDiff(new Matrix(1, 2), [1, 2])).toThrow(RangeError);
  });
});
