import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { assertFiniteArray } from './assertFiniteArray.js';
import { matrixFrom } from './matrixFrom.js';

describe('matrixFrom', () => {
  it('builds the same matrix from rows, a flat row-major array and a Matrix', () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const expected = new Matrix(rows);
    expect(matrixFrom('A', rows)).toBeAllClose(expected, { atol: 0 });
    expect(matrixFrom('A', new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3)).toBeAllClose(expected, { atol: 0 });
    expect(matrixFrom('A', [1, 2, 3, 4, 5, 6], 2)).toBeAllClose(expected, { atol: 0 });
    expect(matrixFrom('A', expected, 2, 3)).toBe(expected);
    expect(matrixFrom('A', [], 0, 4).columns).toBe(4);
  });

  it('errors name the argument, the entry and the shapes', () => {
    expect(() => matrixFrom('f: A', [[1, 2], [3]])).toThrow(
      /f: A is ragged: row 1 has length 1, row 0 has length 2/,
    );
    expect(() =>
      matrixFrom('f: A', [
        [1, 2],
        [3, Number.NaN],
      ]),
    ).toThrow(/f: A\[1\]\[1\] = NaN is not finite/);
    expect(() => matrixFrom('f: A', new Matrix([[1, Number.NaN]]))).toThrow(
      /f: A\[0\]\[1\] = NaN is not finite/,
    );
    expect(() => matrixFrom('f: A', [[1, 2]], 2, 2)).toThrow(/f: A has shape 1×2, expected 2×2/);
    expect(() => matrixFrom('f: A', [1, 2, 3], 2)).toThrow(
      /f: A has length 3, expected rows × cols = 2 × \?/,
    );
    expect(() => matrixFrom('f: A', [1, 2, 3, 4], 2, 3)).toThrow(
      /f: A has length 4, expected rows × cols = 2 × 3 = 6/,
    );
    expect(() => matrixFrom('f: A', [1, 2, 3])).toThrow(/f: A is a flat array of length 3: pass its shape/);
    expect(() => matrixFrom('f: A', 'abc')).toThrow(TypeError);
    expect(() => matrixFrom('f: A', [[1, '2']])).toThrow(/f: A\[0\]\[1\] must be a number/);
    expect(() => matrixFrom('f: A', [[1]], -1)).toThrow(/f: A: rows must be a non-negative integer, got -1/);
  });
});

describe('assertFiniteArray', () => {
  it('accepts finite arrays and typed arrays of the expected length', () => {
    expect(() => assertFiniteArray('theta', [1, 2, 3], 3)).not.toThrow();
    expect(() => assertFiniteArray('theta', new Float64Array(4))).not.toThrow();
  });

  it('rejects non-finite entries, wrong lengths and non-arrays with the argument named', () => {
    expect(() => assertFiniteArray('pathLifting: theta', [1, Number.NaN])).toThrow(
      /pathLifting: theta\[1\] = NaN is not finite/,
    );
    expect(() => assertFiniteArray('theta', new Float64Array([0, Number.NEGATIVE_INFINITY]))).toThrow(
      /theta\[1\] = -Infinity is not finite/,
    );
    expect(() => assertFiniteArray('pathLifting: theta', [1, 2], 3)).toThrow(
      /pathLifting: theta has length 2, expected 3/,
    );
    expect(() => assertFiniteArray('theta', 'abc')).toThrow(
      /theta must be an array or typed array of numbers, got "abc"/,
    );
    expect(() => assertFiniteArray('theta', [1, '2'])).toThrow(/theta\[1\] must be a number, got "2"/);
    expect(() => assertFiniteArray('theta', new BigInt64Array(2))).toThrow(TypeError);
  });
});
