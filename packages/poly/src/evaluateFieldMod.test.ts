import { PRIME, rational } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbField } from '../test/arbitraries.js';
import { compileFieldMod, evaluateFieldMod, gradient, Polynomial, parsePolynomial } from './index.js';

const arbResidues = (n: number, p: number) =>
  fc.array(fc.integer({ min: 0, max: p - 1 }), { minLength: n, maxLength: n });

describe('evaluateFieldMod and compileFieldMod', () => {
  it('agree with evaluateMod of each component', () => {
    fc.assert(
      fc.property(arbField(3, 4, 3), arbResidues(3, PRIME), (X, pt) => {
        const expected = Float64Array.from(X, (c) => c.evaluateMod(pt, PRIME));
        expect(evaluateFieldMod(X, pt)).toEqual(expected);
        expect(compileFieldMod(X, PRIME).evaluate(pt)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('gradient of x·y at (3, 5) mod 7 is (5, 3) (closed form)', () => {
    const g = gradient(parsePolynomial('x*y'));
    expect(Array.from(evaluateFieldMod(g, [3, 5], 7))).toEqual([5, 3]);
    // A second prime on the same array recompiles rather than reusing residues mod 7.
    expect(Array.from(evaluateFieldMod(g, [3, 5], 11))).toEqual([5, 3]);
    expect(Array.from(evaluateFieldMod(g, [10, 9], 11))).toEqual([9, 10]);
  });

  it('reduces rational coefficients: (1/2)·x at x = 1 is the inverse of 2', () => {
    const X = [Polynomial.variable(1, 0).scale(rational(1, 2))];
    expect(evaluateFieldMod(X, [1], 7)[0]).toBe(4);
  });

  it('recompiles a user array whose components were replaced', () => {
    const X = [Polynomial.variable(2, 0), Polynomial.variable(2, 1)];
    expect(Array.from(evaluateFieldMod(X, [2, 3], 7))).toEqual([2, 3]);
    X[0] = Polynomial.constant(2, 5);
    expect(Array.from(evaluateFieldMod(X, [2, 3], 7))).toEqual([5, 3]);
  });

  it('reuses and refills an output buffer', () => {
    const f = compileFieldMod([Polynomial.variable(2, 1), Polynomial.constant(2, 3)], 7);
    const out = new Float64Array(2).fill(6);
    expect(Array.from(f.evaluate([0, 2], out))).toEqual([2, 3]);
    expect(f.terms).toBe(2);
  });

  it('rejects bad points, primes and fields', () => {
    const X = gradient(parsePolynomial('x*y'));
    expect(() => evaluateFieldMod(X, [1], 7)).toThrow(/x has length 1, expected D = 2/);
    expect(() => evaluateFieldMod(X, [1, 7], 7)).toThrow(/x\[1\] = 7 is not an integer residue in \[0, 7\)/);
    expect(() => evaluateFieldMod(X, [1, 1.5], 7)).toThrow(RangeError);
    expect(() => compileFieldMod(X, 9)).toThrow(/p = 9 is not prime/);
    expect(() => compileFieldMod([Polynomial.variable(2, 0)], 7)).toThrow(
      /X\[0\] has 2 variables, expected D = 1/,
    );
  });
});
