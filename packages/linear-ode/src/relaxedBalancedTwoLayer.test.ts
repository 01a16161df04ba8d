import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relaxedBalancedResidual } from './relaxedBalancedResidual.js';
import { relaxedBalancedTwoLayer } from './relaxedBalancedTwoLayer.js';
import { maxAbsDiff } from './internal/dense.js';

describe('relaxedBalancedTwoLayer', () => {
  it('satisfies Uᵀ U − Vᵀ V = λ I_r for every feasible (n, r, m, λ) (MATH.md §4.3)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (n, r, m, lam, seed) => {
          const lambda = Math.abs(lam) < 1e-3 ? 0 : lam;
          fc.pre(!(lambda > 0 && r > n) && !(lambda < 0 && r > m));
          const { U, V, z, weights } = relaxedBalancedTwoLayer([m, r, n], lambda, { seed });
          expect(U.rows).toBe(n);
          expect(V.rows).toBe(m);
          expect(U.columns).toBe(r);
          const res = relaxedBalancedResidual(weights, [lambda]);
          expect(res.residual).toBeLessThan(1e-13 * (1 + Math.abs(lambda)) * 10);
          expect(maxAbsDiff(z, U.mmul(V.transpose()))).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('fits λ as the mean of the diagonal of Uᵀ U − Vᵀ V', () => {
    const { weights } = relaxedBalancedTwoLayer([4, 2, 3], -0.35, { seed: 5 });
    const res = relaxedBalancedResidual(weights);
    expect(res.lambdas[0]).toBeAllClose(-0.35, { rtol: 0, atol: 1e-14 });
    expect(res.residual).toBeLessThan(1e-14);
  });

  it('states the feasibility rule when it is violated', () => {
    expect(() => relaxedBalancedTwoLayer([3, 3, 2], 0.5)).toThrow(
      'relaxedBalancedTwoLayer: lambda = 0.5 > 0 needs r <= n, got r = 3, n = 2',
    );
    expect(() => relaxedBalancedTwoLayer([2, 3, 3], -0.5)).toThrow(
      'relaxedBalancedTwoLayer: lambda = -0.5 < 0 needs r <= m, got r = 3, m = 2',
    );
    expect(() => relaxedBalancedTwoLayer([1, 1, 0], 0)).toThrow(
      /widths\[2\] must be a positive integer, got 0/,
    );
    expect(() => relaxedBalancedTwoLayer([1, 1, 2], Number.NaN)).toThrow(/lambda/);
  });

  it('is deterministic in the seed', () => {
    const a = relaxedBalancedTwoLayer([2, 2, 3], 0.3, { seed: 9 });
    const b = relaxedBalancedTwoLayer([2, 2, 3], 0.3, { seed: 9 });
    expect(maxAbsDiff(a.U, b.U)).toBe(0);
    expect(maxAbsDiff(a.V, b.V)).toBe(0);
  });
});
