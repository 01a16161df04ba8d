import { rational, rationalAdd, rationalMul } from '@idyn/linalg';
import fc from 'fast-check';
import { Polynomial } from '../src/index.js';

/** Small random polynomials in `nvars` variables: up to `maxTerms` terms, exponents up to `maxExp`. */
export function arbPolynomial(nvars: number, maxTerms = 4, maxExp = 2): fc.Arbitrary<Polynomial> {
  const term = fc.record({
    num: fc.integer({ min: -6, max: 6 }),
    den: fc.integer({ min: 1, max: 3 }),
    exponents: fc.array(fc.integer({ min: 0, max: maxExp }), { minLength: nvars, maxLength: nvars }),
  });
  return fc.array(term, { minLength: 0, maxLength: maxTerms }).map((ts) =>
    Polynomial.fromTerms(
      nvars,
      ts.map((t) => ({ coefficient: rational(t.num, t.den), exponents: t.exponents })),
    ),
  );
}

/** Homogeneous polynomials of total degree `deg` (possibly zero). */
export function arbHomogeneous(nvars: number, deg: number, maxTerms = 4): fc.Arbitrary<Polynomial> {
  const monomial = fc.array(fc.integer({ min: 0, max: nvars - 1 }), { minLength: deg, maxLength: deg });
  const term = fc.record({ c: fc.integer({ min: -4, max: 4 }), vars: monomial });
  return fc.array(term, { minLength: 1, maxLength: maxTerms }).map((ts) =>
    Polynomial.fromTerms(
      nvars,
      ts.map((t) => ({ coefficient: t.c, variables: t.vars, exponents: t.vars.map(() => 1) })),
    ),
  );
}

/** Vector fields on R^nvars with small random polynomial components. */
export function arbField(nvars: number, maxTerms = 3, maxExp = 2): fc.Arbitrary<Polynomial[]> {
  return fc.array(arbPolynomial(nvars, maxTerms, maxExp), { minLength: nvars, maxLength: nvars });
}

/** Integer points with small coordinates (exact in float64 after polynomial evaluation). */
export function arbIntPoint(nvars: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: -5, max: 5 }), { minLength: nvars, maxLength: nvars });
}

/** Exact value at an integer point, from the public terms (independent of the evaluators). */
export function exactValue(p: Polynomial, x: readonly number[]) {
  let acc = rational(0);
  for (const t of p.terms()) {
    let m = t.coefficient;
    t.variables.forEach((v, k) => {
      m = rationalMul(m, rational(BigInt(x[v]!) ** BigInt(t.exponents[k]!)));
    });
    acc = rationalAdd(acc, m);
  }
  return acc;
}
