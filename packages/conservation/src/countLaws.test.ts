import { gradient, parsePolynomial, Polynomial } from '@idyn/poly';
import { describe, expect, it } from 'vitest';
import { layeredRelu, linearNet } from '../test/nets.js';
import { countLaws } from './countLaws.js';

// Reference values: MATH.md §5, "Law counts" tables.
describe('countLaws reproduces the MATH.md §5 tables', () => {
  // Two-layer linear z = U V^T, (n, r, m): U is n x r, V is m x r; D, rank Dphi, dim Lie, laws.
  const twoLayer: [number, number, number, number, number, number, number][] = [
    [2, 1, 2, 4, 3, 3, 1],
    [2, 2, 2, 8, 4, 5, 3],
    [3, 2, 2, 10, 6, 7, 3],
    [2, 3, 2, 12, 4, 6, 6],
    [3, 3, 3, 18, 9, 12, 6],
    [4, 2, 1, 10, 4, 7, 3],
  ];
  for (const [n, r, m, D, rank, lie, laws] of twoLayer) {
    it(`two-layer linear (${n},${r},${m}): D ${D}, rank ${rank}, dim Lie ${lie}, ${laws} laws, Gram laws complete`, () => {
      const res = countLaws(linearNet([m, r, n]));
      expect([res.D, res.rankJacobian, res.lieDim, res.laws]).toEqual([D, rank, lie, laws]);
      expect(res.frobenius).toBe(rank === lie);
      expect(res.agree).toBe(true);
      expect(res.complete).toBe(true);
    });
  }

  const relu: [number[], boolean, boolean, number, number, number][] = [
    [[2, 2, 2], false, false, 8, 6, 2],
    [[3, 2, 2], false, false, 10, 8, 2],
    [[1, 3, 3, 1], false, false, 15, 9, 6],
    [[2, 2, 1], true, true, 9, 7, 2],
  ];
  for (const [dims, hb, ob, D, rank, laws] of relu) {
    it(`ReLU ${JSON.stringify(dims)}${hb ? ' with hidden and output biases' : ''}: D ${D}, rank = dim Lie = ${rank}, ${laws} laws (Frobenius)`, () => {
      const res = countLaws(layeredRelu(dims, hb, ob));
      expect([res.D, res.rankJacobian, res.lieDim, res.laws]).toEqual([D, rank, rank, laws]);
      expect(res.frobenius).toBe(true);
      expect(res.complete).toBe(true);
      expect(res.knownLaws).toBe(laws);
    });
  }

  it('deep linear [2,2,2,2]: D 12, rank 4, dim Lie 6, 6 laws; [2,2,2]: 8, 4, 5, 3', () => {
    const a = countLaws(linearNet([2, 2, 2, 2]));
    expect([a.D, a.rankJacobian, a.lieDim, a.laws]).toEqual([12, 4, 6, 6]);
    const b = countLaws(linearNet([2, 2, 2]));
    expect([b.D, b.rankJacobian, b.lieDim, b.laws]).toEqual([8, 4, 5, 3]);
  });
});

describe('countLaws modes and inputs', () => {
  it('certifying mode stops at D - rank(known laws) and proves the Gram laws complete (deep linear [2,2,2,2])', () => {
    const s = linearNet([2, 2, 2, 2]);
    const blind = countLaws(s);
    const cert = countLaws(s, { mode: 'certify' });
    expect(cert.lieDim).toBe(blind.lieDim);
    expect(cert.complete).toBe(true);
    // Known Gram entries: 2 x 3 = 6 polynomials; their gradients have rank 6 (MATH.md §5: 6 laws).
    expect(cert.knownLaws).toBe(6);
  });

  it('certifying mode does not bracket beyond the target (ReLU: nothing past level 1)', () => {
    const res = countLaws(layeredRelu([3, 4, 5]), { mode: 'certify' });
    expect(res.levels.length).toBe(1);
    expect(res.laws).toBe(4);
  });

  it('an incomplete set of known laws is reported as incomplete', () => {
    const s = layeredRelu([2, 3, 2]);
    const res = countLaws({ polynomials: s.polynomials, knownLaws: s.knownLaws.slice(0, 2) });
    expect(res.laws).toBe(3);
    expect(res.knownLaws).toBe(2);
    expect(res.complete).toBe(false);
  });

  it('a wrong known law is rejected', () => {
    const s = layeredRelu([2, 2, 2]);
    const bogus = (s.knownLaws[0] as Polynomial).add(Polynomial.variable(8, 0));
    expect(() => countLaws({ polynomials: s.polynomials, knownLaws: [bogus] })).toThrow(
      /knownLaws\[0\] is not a conservation law/,
    );
  });

  it('phi = x1 x2 x3: rank 1 = dim Lie 1 (one generator), so 2 laws', () => {
    const res = countLaws([parsePolynomial('x1*x2*x3')]);
    expect([res.D, res.rankJacobian, res.lieDim, res.laws]).toEqual([3, 1, 1, 2]);
  });

  it('raw fields: the rotation generators x∂y − y∂x, y∂z − z∂y of so(3) generate a 2-dimensional trace on R^3 (1 law, |x|^2)', () => {
    const v = (s: string) => parsePolynomial(s, { variables: ['x', 'y', 'z'] });
    const fields = [
      [v('-y'), v('x'), v('0')],
      [v('0'), v('-z'), v('y')],
    ];
    const res = countLaws({ fields, knownLaws: [v('x^2 + y^2 + z^2')] });
    // Level 2 adds [X, Y] = the third rotation; the trace of so(3) at x ≠ 0 is the tangent plane.
    expect([res.D, res.rankJacobian, res.lieDim, res.laws]).toEqual([3, 2, 2, 1]);
    expect(res.complete).toBe(true);
  });

  it('raw fields: ∂x and x∂y span the plane at a generic point (x ≠ 0): rank 2 = dim Lie, no law, Frobenius holds there (also with x²∂y)', () => {
    const v = (s: string) => parsePolynomial(s, { variables: ['x', 'y'] });
    const res = countLaws({
      fields: [
        [v('1'), v('0')],
        [v('0'), v('x')],
      ],
    });
    expect([res.rankJacobian, res.lieDim, res.laws, res.frobenius]).toEqual([2, 2, 0, true]);
    const res2 = countLaws({
      fields: [
        [v('1'), v('0')],
        [v('0'), v('x^2')],
      ],
    });
    expect(res2.lieDim).toBe(2);
  });

  it('raw fields needing depth 3 (∂x and ∂y + x∂z + x²∂w on R^4): ranks 2, 3, 4 by level (brackets ∂z + 2x∂w, then 2∂w)', () => {
    const v = (s: string) => parsePolynomial(s, { variables: ['x', 'y', 'z', 'w'] });
    const res = countLaws({
      fields: [
        [v('1'), v('0'), v('0'), v('0')],
        [v('0'), v('1'), v('x'), v('x^2')],
      ],
    });
    expect(res.levels.map((l) => [l.level, l.rank, l.kept])).toEqual([
      [1, 2, 2],
      [2, 3, 1],
      [3, 4, 1],
    ]);
    expect(res.laws).toBe(0);
    expect(res.frobenius).toBe(false);
  });

  it('a bracket parallel to a kept field is not kept: ∂x and x²∂y give dim Lie 2 on R^3, the law is z', () => {
    const v = (s: string) => parsePolynomial(s, { variables: ['x', 'y', 'z'] });
    const res = countLaws({
      fields: [
        [v('1'), v('0'), v('0')],
        [v('0'), v('x^2'), v('0')],
      ],
      knownLaws: [v('z')],
    });
    expect([res.rankJacobian, res.lieDim, res.laws, res.complete]).toEqual([2, 2, 1, true]);
  });

  it('gradient input and the same fields given raw agree (ReLU [2,3,2])', () => {
    const s = layeredRelu([2, 3, 2]);
    const a = countLaws(s.polynomials);
    const b = countLaws({ fields: s.polynomials.map((q) => gradient(q)) });
    expect([b.rankJacobian, b.lieDim]).toEqual([a.rankJacobian, a.lieDim]);
  });

  it('validates its arguments', () => {
    expect(() => countLaws([] as Polynomial[])).toThrow(RangeError);
    expect(() => countLaws([parsePolynomial('x*y')], { points: 0 })).toThrow(/options.points/);
    expect(() => countLaws([parsePolynomial('x*y')], { prime: 8 })).toThrow(
      /countLaws: options.prime = 8 is not prime/,
    );
    expect(() => countLaws([parsePolynomial('x*y')], { seed: -1 })).toThrow(/options.seed/);
    expect(() => countLaws([parsePolynomial('x*y')], { mode: 'certify' })).toThrow(/known laws/);
    expect(() => countLaws(42 as never)).toThrow(TypeError);
  });

  it('reports every point and their agreement', () => {
    const res = countLaws(layeredRelu([2, 2, 2]), { points: 4, seed: 7 });
    expect(res.points).toHaveLength(4);
    expect(
      res.points.every((q) => q.theta.length === 8 && q.theta.every((t) => t >= 1 && t < res.prime)),
    ).toBe(true);
    expect(res.agree).toBe(true);
  });
});
