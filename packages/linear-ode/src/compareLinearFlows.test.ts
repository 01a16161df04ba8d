import { describe, expect, it } from 'vitest';
import { randomMatrix } from '../test/helpers.js';
import { compareLinearFlows } from './compareLinearFlows.js';
import { relaxedBalancedDeep } from './relaxedBalancedDeep.js';
import { relaxedBalancedTwoLayer } from './relaxedBalancedTwoLayer.js';

// Reference figures: MATH.md §5 (flows, rtol 1e-11, atol 1e-12, T = 2 for two layers, T = 1 deep).
describe('compareLinearFlows (MATH.md §5)', () => {
  it.each([
    [3, 3, 2, 0.7],
    [2, 3, 3, -0.5],
    [3, 3, 3, 1.5],
  ])(
    'θ-flow and the §4.3 z-flow agree to ≤ 2e-12 at rtol 1e-12 (MATH.md §5: ~1e-12) and ≤ 3e-11 at the default rtol 1e-11, relaxed balanced (n, r, m, λ) = (%i, %i, %i, %f)',
    (n, r, m, lambda) => {
      const { weights } = relaxedBalancedTwoLayer([m, r, n], lambda, { seed: 1 });
      const res = compareLinearFlows(weights, { T: 2 });
      expect(res.status).toEqual({ theta: 'success', intrinsic: 'success' });
      expect(res.model).toEqual({ kind: 'two-layer', lambda: expect.closeTo(lambda, 12), r });
      expect(res.noIntrinsicFlow).toBeNull();
      expect(res.maxDeviation).toBeLessThanOrEqual(3e-11); // measured 3e-12 to 1.3e-11
      expect(res.lawDrift).toBeLessThanOrEqual(1e-10);
      const tight = compareLinearFlows(weights, { T: 2, rtol: 1e-12, atol: 1e-13 });
      expect(tight.maxDeviation).toBeLessThanOrEqual(2e-12); // measured 6e-13 to 8e-13
    },
  );

  it('agrees to ≤ 1e-6 with λ = 0 and r < n (the square root is not Lipschitz at 0)', () => {
    const { weights } = relaxedBalancedTwoLayer([3, 2, 3], 0, { seed: 2 });
    const res = compareLinearFlows(weights, { T: 2, model: { kind: 'two-layer', lambda: 0, r: 2 } });
    expect(res.maxDeviation).toBeLessThanOrEqual(1e-6);
  });

  it('deviates by O(0.1) for a generic init (3, 2, 3) run through a single-λ §4.3 ODE (negative control)', () => {
    const U = randomMatrix(3, 2, 21);
    const V = randomMatrix(3, 2, 22);
    const res = compareLinearFlows([V.transpose(), U], {
      T: 2,
      model: { kind: 'two-layer', lambda: 0, r: 2 },
    });
    expect(res.maxDeviation).toBeGreaterThan(1e-2);
    // The θ-flow still conserves Uᵀ U − Vᵀ V for any init (MATH.md §5: ~1e-12 at T = 2).
    expect(res.lawDrift).toBeLessThanOrEqual(1e-10);
  });

  it('deep (n, L, λ) = (3, 3, [0.5, −0.2]): laws conserved and θ-flow = §4.4 z-flow to ≤ 1e-11 at rtol 1e-12 (MATH.md §5: ≤ 1e-11)', () => {
    const { weights } = relaxedBalancedDeep(3, [0.5, -0.2], { seed: 3 });
    const res = compareLinearFlows(weights, { T: 1, rtol: 1e-12, atol: 1e-13 });
    expect(res.model.kind).toBe('deep');
    expect(res.lawDrift).toBeLessThanOrEqual(1e-12); // measured 1.1e-13
    expect(res.maxDeviation).toBeLessThanOrEqual(1e-11); // measured 1.1e-12 (2.8e-11 at rtol 1e-11)
  });
});
