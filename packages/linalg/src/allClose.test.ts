import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { allClose } from './allClose.js';

describe('allClose', () => {
  it('uses |a - b| <= atol + rtol·|b| with defaults rtol 1e-9, atol 1e-12', () => {
    expect(allClose(0.1 + 0.2, 0.3)).toBe(true);
    expect(allClose(1 + 0.9e-9, 1)).toBe(true);
    expect(allClose(1 + 1.1e-9 + 1e-12, 1)).toBe(false);
    expect(allClose(0.9e-12, 0)).toBe(true);
    expect(allClose(2e-12, 0)).toBe(false);
    expect(allClose([1, 2], [1, 2.1], { rtol: 0.05 })).toBe(true);
    expect(allClose([1, 2], [1, 2.1], { atol: 0.09 })).toBe(false);
  });

  it('compares arrays, typed arrays, rows and matrices of the same shape', () => {
    expect(allClose(new Float64Array([1, 2]), [1, 2])).toBe(true);
    expect(
      allClose(
        new Matrix([
          [1, 2],
          [3, 4],
        ]),
        [
          [1, 2],
          [3, 4 + 1e-13],
        ],
      ),
    ).toBe(true);
    expect(
      allClose(
        [
          [1, 2],
          [3, 4],
        ],
        new Matrix([
          [1, 2],
          [3, 5],
        ]),
      ),
    ).toBe(false);
  });

  it('NaN is never close; equal infinities are', () => {
    expect(allClose(Number.NaN, Number.NaN)).toBe(false);
    expect(allClose([1, Number.NaN], [1, 1])).toBe(false);
    expect(allClose(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(true);
    expect(allClose(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(false);
  });

  it('shape mismatches and bad inputs are errors naming the argument', () => {
    expect(() => allClose([1, 2], [1, 2, 3])).toThrow(/allClose: a has shape 2, b has shape 3/);
    expect(() => allClose(new Matrix(2, 3), new Matrix(3, 2))).toThrow(
      /allClose: a has shape 2×3, b has shape 3×2/,
    );
    expect(() =>
      allClose(
        [[1, 2], [3]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toThrow(/allClose: a is ragged/);
    expect(() => allClose('x', 1)).toThrow(/allClose: a must be a number, an array or a Matrix/);
    expect(() => allClose(1, 1, { rtol: -1 })).toThrow(
      /allClose: options.rtol must be a number >= 0, got -1/,
    );
  });
});
