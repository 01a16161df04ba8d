import {
  PRIME,
  rational,
  rationalAdd as addR,
  rationalMul as mulR,
  rationalNeg as negR,
  rationalToMod,
  rationalToNumber,
} from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbIntPoint, arbPolynomial, exactValue } from '../test/arbitraries.js';
import { Polynomial } from './index.js';

const x = Polynomial.variable(3, 0);
const y = Polynomial.variable(3, 1);
const z = Polynomial.variable(3, 2);
const one = Polynomial.constant(3, 1);

describe('Polynomial construction', () => {
  it('variable, constant and zero have the expected terms, size and degree', () => {
    expect(y.terms()).toEqual([{ coefficient: rational(1), variables: [1], exponents: [1] }]);
    expect(Polynomial.constant(3, rational(-3, 6)).terms()).toEqual([
      { coefficient: rational(-1, 2), variables: [], exponents: [] },
    ]);
    expect(Polynomial.zero(3).isZero).toBe(true);
    expect(Polynomial.zero(3).degree).toBe(Number.NEGATIVE_INFINITY);
    expect(Polynomial.constant(3, 0).isZero).toBe(true);
    expect(one.degree).toBe(0);
    expect(x.mul(y).mul(y).size).toBe(1);
  });

  it('fromTerms sums equal monomials, drops zeros and accepts dense or sparse exponents', () => {
    const p = Polynomial.fromTerms(3, [
      { coefficient: 3, variables: [1, 0], exponents: [1, 2] },
      { coefficient: -1, exponents: [0, 2, 0] },
      { coefficient: 2n, variables: [0, 1, 0], exponents: [1, 1, 1] },
      { coefficient: 5, variables: [2], exponents: [1] },
      { coefficient: -5, exponents: [0, 0, 1] },
    ]);
    // 3 x0^2 x1 + 2 x0^2 x1 - x1^2 (the x2 terms cancel): closed form by hand.
    expect(p.toString()).toBe('5*x1^2*x2 - x2^2');
    expect(p.equals(x.mul(x).mul(y).scale(5).sub(y.mul(y)))).toBe(true);
  });

  it('term order is graded lexicographic, independent of the input order', () => {
    const terms = [
      { coefficient: 1, exponents: [0, 0, 1] },
      { coefficient: 1, exponents: [1, 0, 0] },
      { coefficient: 1, exponents: [0, 2, 0] },
      { coefficient: 1, exponents: [1, 1, 0] },
      { coefficient: 1, exponents: [0, 0, 0] },
    ];
    const expected = 'x1*x2 + x2^2 + x1 + x3 + 1';
    expect(Polynomial.fromTerms(3, terms).toString()).toBe(expected);
    expect(Polynomial.fromTerms(3, [...terms].reverse()).toString()).toBe(expected);
  });

  it('rejects invalid arguments with messages naming the argument and the value', () => {
    expect(() => Polynomial.variable(3, 3)).toThrow(
      'Polynomial.variable: i = 3 is not a variable index in [0, 3)',
    );
    expect(() => Polynomial.zero(-1)).toThrow(/nvars must be a non-negative integer, got -1/);
    expect(() => Polynomial.constant(2, 0.5)).toThrow(TypeError);
    expect(() => Polynomial.fromTerms(2, [{ coefficient: 1, exponents: [1] }])).toThrow(
      /terms\[0\].exponents has length 1, expected nvars = 2/,
    );
    expect(() => Polynomial.fromTerms(2, [{ coefficient: 1, exponents: [-1, 0] }])).toThrow(RangeError);
    expect(() => x.add(Polynomial.variable(2, 0))).toThrow(/q has 2 variables, expected nvars = 3/);
    expect(() => x.evaluate([1, 2])).toThrow(/x has length 2, expected nvars = 3/);
    expect(() => x.evaluate([Number.NaN, 0, 0])).toThrow(/x\[0\] = NaN is not a finite number/);
    expect(() => x.evaluateMod([7, 0, 0], 7)).toThrow(/x\[0\] = 7 is not an integer residue in \[0, 7\)/);
    expect(() => x.evaluateMod([1, 0, 0], 8)).toThrow(/p = 8 is not prime/);
    expect(() => x.pow(-1)).toThrow(/k must be a non-negative integer, got -1/);
    expect(() => x.derivative(5)).toThrow(/i = 5 is not a variable index/);
    expect(() => x.scale(rational(1, 7)).evaluateMod([1, 0, 0], 7)).toThrow(/divides the denominator/);
  });
});

describe('Polynomial arithmetic', () => {
  it('(x + y)^3 expands to the binomial coefficients 1, 3, 3, 1', () => {
    expect(x.add(y).pow(3).toString()).toBe('x1^3 + 3*x1^2*x2 + 3*x1*x2^2 + x2^3');
    expect(x.add(y).mul(x.sub(y)).toString()).toBe('x1^2 - x2^2');
    expect(x.pow(0).equals(one)).toBe(true);
  });

  it('add, sub, mul, scale and neg commute with evaluation (exact, at integer points)', () => {
    fc.assert(
      fc.property(arbPolynomial(3), arbPolynomial(3), arbIntPoint(3), (p, q, pt) => {
        const [a, b] = [exactValue(p, pt), exactValue(q, pt)];
        const same = (r: Polynomial, v: ReturnType<typeof exactValue>) =>
          expect(exactValue(r, pt)).toEqual(v);
        same(p.add(q), addR(a, b));
        same(p.sub(q), addR(a, negR(b)));
        same(p.mul(q), mulR(a, b));
        same(p.scale(rational(-2, 3)), mulR(a, rational(-2, 3)));
        same(p.neg(), negR(a));
      }),
      { numRuns: 50 },
    );
  });

  it('ring laws hold exactly: commutativity, associativity, distributivity, p − p = 0', () => {
    fc.assert(
      fc.property(arbPolynomial(3), arbPolynomial(3), arbPolynomial(3), (p, q, r) => {
        expect(p.mul(q).equals(q.mul(p))).toBe(true);
        expect(
          p
            .add(q)
            .add(r)
            .equals(p.add(q.add(r))),
        ).toBe(true);
        expect(p.mul(q.add(r)).equals(p.mul(q).add(p.mul(r)))).toBe(true);
        expect(p.sub(p).isZero).toBe(true);
        if (!p.isZero && !q.isZero) expect(p.mul(q).degree).toBe(p.degree + q.degree);
      }),
      { numRuns: 30 },
    );
  });

  it('derivative obeys the Leibniz rule ∂(pq) = ∂p·q + p·∂q exactly', () => {
    fc.assert(
      fc.property(arbPolynomial(3), arbPolynomial(3), fc.integer({ min: 0, max: 2 }), (p, q, i) => {
        const lhs = p.mul(q).derivative(i);
        const rhs = p
          .derivative(i)
          .mul(q)
          .add(p.mul(q.derivative(i)));
        expect(lhs.equals(rhs)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('derivative matches a central finite difference (second method)', () => {
    fc.assert(
      fc.property(arbPolynomial(3, 4, 3), fc.integer({ min: 0, max: 2 }), (p, i) => {
        const pt = [0.3, -0.7, 1.1];
        const h = 1e-4;
        const up = [...pt];
        const dn = [...pt];
        up[i]! += h;
        dn[i]! -= h;
        const fd = (p.evaluate(up) - p.evaluate(dn)) / (2 * h);
        // Central difference error is O(h^2 · |p'''|); coefficients and points are O(1).
        expect(p.derivative(i).evaluate(pt)).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-6 });
      }),
      { numRuns: 40 },
    );
  });

  it('∂/∂x_i x_i^k = k x_i^(k−1) (closed form)', () => {
    expect(x.pow(5).derivative(0).equals(x.pow(4).scale(5))).toBe(true);
    expect(x.pow(5).derivative(1).isZero).toBe(true);
  });
});

describe('Polynomial evaluation', () => {
  it('evaluate equals the exact value rounded to float64', () => {
    fc.assert(
      fc.property(arbPolynomial(3), arbIntPoint(3), (p, pt) => {
        expect(p.evaluate(pt)).toBeAllClose(rationalToNumber(exactValue(p, pt)), {
          rtol: 1e-12,
          atol: 1e-12,
        });
      }),
      { numRuns: 50 },
    );
  });

  it('evaluateMod agrees with exact evaluation reduced mod p (PRIME and a small prime)', () => {
    fc.assert(
      fc.property(arbPolynomial(3, 5, 3), arbIntPoint(3), (p, pt) => {
        for (const prime of [PRIME, 101]) {
          const residues = pt.map((v) => ((v % prime) + prime) % prime);
          expect(p.evaluateMod(residues, prime)).toBe(rationalToMod(exactValue(p, pt), prime));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('evaluateMod defaults to PRIME and is exact for large residues', () => {
    // (PRIME − 1)^2 = 1 mod PRIME: a product that is exact only because PRIME < 2^26.
    expect(x.mul(x).evaluateMod([PRIME - 1, 0, 0])).toBe(1);
    expect(
      x
        .mul(y)
        .mul(z)
        .evaluateMod([PRIME - 1, PRIME - 1, PRIME - 1]),
    ).toBe(PRIME - 1);
  });
});
