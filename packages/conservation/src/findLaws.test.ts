import { parseNetwork } from '@idyn/graph';
import { matrixProductLifting, pathLifting } from '@idyn/lifting';
import { ModRowBasis } from '@idyn/linalg';
import { gradient, parsePolynomial, Polynomial } from '@idyn/poly';
import { describe, expect, it } from 'vitest';
import { layeredRelu, linearNet } from '../test/nets.js';
import { findLaws } from './findLaws.js';
import { findLawsCost } from './findLawsCost.js';

/** Whether every polynomial of `a` lies in the linear span of `b` (exact, by rank mod p of coefficient vectors). */
function inSpan(a: readonly Polynomial[], b: readonly Polynomial[]): boolean {
  const key = (t: { variables: readonly number[]; exponents: readonly number[] }) =>
    `${t.variables.join(',')}|${t.exponents.join(',')}`;
  const monos = new Map<string, number>();
  for (const q of [...a, ...b])
    for (const t of q.terms()) if (!monos.has(key(t))) monos.set(key(t), monos.size);
  const vec = (q: Polynomial) => {
    const v = new Array<number>(monos.size).fill(0);
    for (const t of q.terms())
      v[monos.get(key(t)) as number] = Number(t.coefficient.num) / Number(t.coefficient.den);
    return v;
  };
  const basis = new ModRowBasis(monos.size);
  for (const q of b) basis.add(vec(q));
  return a.every((q) => basis.contains(vec(q)));
}

function conserved(h: Polynomial, phis: readonly Polynomial[]): boolean {
  const gh = gradient(h);
  return phis.every((phi) => {
    const gp = gradient(phi);
    let s = Polynomial.zero(h.nvars);
    gh.forEach((d, j) => {
      s = s.add(d.mul(gp[j] as Polynomial));
    });
    return s.isZero;
  });
}

describe('findLaws', () => {
  it('phi = x1 x2 x3 has exactly two independent quadratic laws, spanning {x1^2 - x2^2, x2^2 - x3^2}', () => {
    const variables = ['x1', 'x2', 'x3'];
    const r = findLaws([parsePolynomial('x1*x2*x3', { variables })], { degree: 2 });
    expect(r.kernelDimension).toBe(2);
    expect(r.laws).toHaveLength(2);
    const expected = [
      parsePolynomial('x1^2 - x2^2', { variables }),
      parsePolynomial('x2^2 - x3^2', { variables }),
    ];
    const found = r.laws.map((l) => l.polynomial);
    expect(inSpan(expected, found) && inSpan(found, expected)).toBe(true);
  });

  it('recovers the h_v of a ReLU network at degree 2 (MATH.md §1), printed with the network parameter names', () => {
    const lift = pathLifting(parseNetwork('relu:2-3-2'));
    const r = findLaws(lift, { degree: 2 });
    const hv = lift.knownLaws();
    expect(r.laws).toHaveLength(3);
    const found = r.laws.map((l) => l.polynomial);
    expect(inSpan(hv, found) && inSpan(found, hv)).toBe(true);
    for (const l of r.laws) {
      for (const name of lift.paramNames.filter((n) => l.ascii.includes(n))) expect(l.ascii).toContain(name);
      expect(l.latex.length).toBeGreaterThan(0);
    }
    // Each h_v of this layered net has 2 incoming and 2 outgoing squared weights.
    expect(r.laws.every((l) => l.polynomial.size === 4)).toBe(true);
  });

  it('recovers the h_v with hidden and output biases (b_v^2 enters h_v)', () => {
    const s = layeredRelu([2, 2, 1], true, true);
    const r = findLaws(s);
    const found = r.laws.map((l) => l.polynomial);
    expect(inSpan(s.knownLaws, found) && inSpan(found, s.knownLaws)).toBe(true);
  });

  it('recovers the Gram-difference entries of U2^T U2 - U1 U1^T for two-layer linear nets (MATH.md §2)', () => {
    for (const dims of [
      [2, 3, 2],
      [3, 2, 2],
    ]) {
      const s = linearNet(dims);
      const r = findLaws(s, { degree: 2 });
      const found = r.laws.map((l) => l.polynomial);
      expect(inSpan(s.knownLaws, found) && inSpan(found, s.knownLaws)).toBe(true);
      const h = dims[1]!;
      expect(r.laws).toHaveLength((h * (h + 1)) / 2);
    }
  });

  it('deep linear [2,2,2,2]: the degree-2 laws are the Gram differences of both layer pairs, 6 independent (MATH.md §5)', () => {
    const lift = matrixProductLifting([2, 2, 2, 2]);
    const r = findLaws(lift);
    expect(r.laws).toHaveLength(6);
    const known = linearNet([2, 2, 2, 2]).knownLaws;
    expect(
      inSpan(
        known,
        r.laws.map((l) => l.polynomial),
      ),
    ).toBe(true);
  });

  it('every returned law is conserved, checked here independently with symbolic gradients', () => {
    const s = layeredRelu([1, 3, 3, 1]);
    const r = findLaws(s);
    expect(r.laws).toHaveLength(6);
    for (const l of r.laws) expect(conserved(l.polynomial, s.polynomials)).toBe(true);
  });

  it('drops functionally dependent laws: with phi = x*y, degree 4 has kernel {(x^2-y^2)^2} only, degree 2 gives x^2 - y^2', () => {
    const xy = { polynomials: [parsePolynomial('x*y', { variables: ['x', 'y'] })], paramNames: ['x', 'y'] };
    const r2 = findLaws(xy, { degree: 2 });
    expect(r2.laws.map((l) => l.ascii)).toEqual(['x^2 - y^2']);
    const r4 = findLaws(xy, { degree: 4 });
    // A quartic law is a function of x^2 - y^2 alone (one law in R^2), hence a multiple of (x^2 - y^2)^2.
    expect(r4.kernelDimension).toBe(1);
    expect(r4.laws).toHaveLength(1);
  });

  it("'upTo' includes lower degrees: for phi = x*y at degree 2 it also finds nothing linear", () => {
    const r = findLaws([parsePolynomial('x*y')], { degree: 2, monomials: 'upTo' });
    expect(r.monomials).toBe('upTo');
    expect(r.unknowns).toBe(5);
    expect(r.kernelDimension).toBe(1);
  });

  it('refuses systems above maxUnknowns with a BudgetError carrying the option and the count (C(33, 2) = 528)', () => {
    const s = layeredRelu([3, 4, 5]);
    expect(() => findLaws(s, { degree: 2, maxUnknowns: 100 })).toThrow(
      /needs 528 unknown coefficients \(D = 32, degree = 2, unknowns = 528\), above the budget of 100 unknown coefficients \(maxUnknowns\)/,
    );
    expect(() => findLaws(s, { degree: 2, maxUnknowns: 100 })).toThrow(
      expect.objectContaining({ name: 'BudgetError', option: 'maxUnknowns', value: 528, limit: 100 }),
    );
    expect(findLawsCost(s, { degree: 2 }).sizes.unknowns).toBe(528);
    expect(() => findLaws(s, { degree: 0 })).toThrow(/options.degree/);
  });
});
