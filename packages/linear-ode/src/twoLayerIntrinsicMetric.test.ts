import { describe, expect, it } from 'vitest';
import { randomMatrix } from '../test/helpers.js';
import { linearNetworkMetric } from './linearNetworkMetric.js';
import { relaxedBalancedTwoLayer } from './relaxedBalancedTwoLayer.js';
import { twoLayerIntrinsicMetric } from './twoLayerIntrinsicMetric.js';
import { maxAbs, maxAbsDiff } from './internal/dense.js';

// (n, r, m, λ): every validity regime of MATH.md §4.3.
const cases: [number, number, number, number][] = [
  [3, 3, 2, 0.7], // λ > 0, r = n
  [2, 3, 3, -0.5], // λ < 0, r = m
  [3, 3, 3, 1.5],
  [3, 2, 2, 0], // λ = 0, r < n
  [2, 4, 3, 0], // λ = 0, r > max(n, m)
  [4, 2, 3, 0.8], // λ > 0, r < n: zero-eigenvalue rule on z zᵀ
  [2, 2, 4, -0.6], // λ < 0, r < m: zero-eigenvalue rule on zᵀ z
  [3, 1, 3, 2.0],
];

describe('twoLayerIntrinsicMetric', () => {
  it.each(cases)(
    'equals M(θ)[G] = UUᵀG + GVVᵀ on the leaf for (n, r, m, λ) = (%i, %i, %i, %f)',
    (n, r, m, lambda) => {
      for (let seed = 0; seed < 5; seed++) {
        const { z, weights } = relaxedBalancedTwoLayer([m, r, n], lambda, { seed });
        const G = randomMatrix(n, m, 100 + seed);
        const exact = linearNetworkMetric(weights, G);
        const K = twoLayerIntrinsicMetric(z, G, { lambda, r });
        // λ = 0 with a rank-deficient z: √ of eigenvalues at rounding level gives ~1e-8 (MATH.md §5).
        const deficient = lambda === 0 && Math.min(r, n, m) < Math.max(n, m);
        expect(maxAbsDiff(K, exact)).toBeLessThan((deficient ? 1e-6 : 1e-12) * (1 + maxAbs(exact)));
      }
    },
  );

  it('mapping zero eigenvalues to |λ| instead of 0 would be wrong (the zero-eigenvalue rule matters)', () => {
    const { z, weights } = relaxedBalancedTwoLayer([3, 2, 4], 0.8, { seed: 1 });
    const G = randomMatrix(4, 3, 7);
    const exact = linearNetworkMetric(weights, G);
    // Same λ with r = n is the formula without the rule: it differs by O(λ).
    expect(maxAbsDiff(twoLayerIntrinsicMetric(z, G, { lambda: 0.8, r: 4 }), exact)).toBeGreaterThan(0.05);
  });

  it('throws outside the validity domain (rank z < r under the zero-eigenvalue rule)', () => {
    // r = 3 < n = 4 with λ > 0, but z has rank ≤ m = 2 < r.
    const { z } = relaxedBalancedTwoLayer([2, 3, 4], 0.5, { seed: 3 });
    expect(() => twoLayerIntrinsicMetric(z, randomMatrix(4, 2, 1), { lambda: 0.5, r: 3 })).toThrow(
      /lambda = 0.5 > 0 with r = 3 < n = 4 needs rank z = r = 3 .*got numerical rank 2/,
    );
    expect(() =>
      twoLayerIntrinsicMetric(randomMatrix(2, 3, 1), randomMatrix(2, 3, 2), { lambda: 1, r: 3 }),
    ).toThrow('twoLayerIntrinsicMetric: lambda = 1 > 0 needs r <= n, got r = 3, n = 2');
    expect(() =>
      twoLayerIntrinsicMetric(randomMatrix(2, 3, 1), randomMatrix(3, 2, 2), { lambda: 0, r: 1 }),
    ).toThrow(/G has 3 rows, expected 2/);
  });

  it('is not the metric of a generic (not relaxed balanced) θ: the negative control of MATH.md §3', () => {
    const U = randomMatrix(3, 2, 11);
    const V = randomMatrix(3, 2, 12);
    const G = randomMatrix(3, 3, 13);
    const exact = linearNetworkMetric([V.transpose(), U], G);
    const K = twoLayerIntrinsicMetric(U.mmul(V.transpose()), G, { lambda: 0, r: 2 });
    expect(maxAbsDiff(K, exact)).toBeGreaterThan(1e-2);
  });
});
