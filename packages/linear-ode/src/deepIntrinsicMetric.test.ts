import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomMatrix } from '../test/helpers.js';
import { aroraMetric } from './aroraMetric.js';
import { deepIntrinsicMetric } from './deepIntrinsicMetric.js';
import { linearNetworkMetric } from './linearNetworkMetric.js';
import { relaxedBalancedDeep } from './relaxedBalancedDeep.js';
import { relaxedBalancedTwoLayer } from './relaxedBalancedTwoLayer.js';
import { maxAbsDiff } from './internal/dense.js';

describe('deepIntrinsicMetric', () => {
  it('equals M(θ)[G] to ≤ 2e-14 for (n, L, λ) = (3, 3, [0.5, −0.2]) (MATH.md §5)', () => {
    let worst = 0;
    for (let seed = 0; seed < 10; seed++) {
      const { z, weights } = relaxedBalancedDeep(3, [0.5, -0.2], { seed });
      const G = randomMatrix(3, 3, 50 + seed);
      worst = Math.max(
        worst,
        maxAbsDiff(deepIntrinsicMetric(z, G, [0.5, -0.2]), linearNetworkMetric(weights, G)),
      );
    }
    expect(worst).toBeLessThanOrEqual(2e-14);
  });

  it('equals M(θ)[G] on the leaf for random widths, depths and λ_i (MATH.md §4.4)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 0, maxLength: 4 }),
        fc.integer({ min: 0, max: 10_000 }),
        (n, lambdas, seed) => {
          const { z, weights } = relaxedBalancedDeep(n, lambdas, { seed });
          const G = randomMatrix(n, n, seed + 1);
          expect(deepIntrinsicMetric(z, G, lambdas)).toBeAllClose(linearNetworkMetric(weights, G), {
            rtol: 1e-11,
            atol: 1e-12,
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reduces to the Arora et al. formula when every λ_i = 0', () => {
    const { z } = relaxedBalancedDeep(3, [0, 0, 0], { seed: 4 });
    const G = randomMatrix(3, 3, 9);
    expect(deepIntrinsicMetric(z, G, [0, 0, 0])).toBeAllClose(aroraMetric(z, G, 4), {
      rtol: 1e-12,
      atol: 1e-13,
    });
  });

  it('differs from M(θ)[G] when given the wrong λ (it depends on the leaf)', () => {
    const { z, weights } = relaxedBalancedDeep(3, [0.5, -0.2], { seed: 1 });
    const G = randomMatrix(3, 3, 2);
    expect(maxAbsDiff(deepIntrinsicMetric(z, G, [0, 0]), linearNetworkMetric(weights, G))).toBeGreaterThan(
      1e-2,
    );
  });

  it('rejects a non-square z', () => {
    expect(() => deepIntrinsicMetric(randomMatrix(2, 3, 1), randomMatrix(2, 3, 1), [0])).toThrow(
      /z has 3 columns, expected 2|square/,
    );
  });
});

describe('aroraMetric', () => {
  it('equals M(θ)[G] to ~2e-15 for a balanced network with L = 3, n = 3 (MATH.md §5)', () => {
    let worst = 0;
    for (let seed = 0; seed < 10; seed++) {
      const { z, weights } = relaxedBalancedDeep(3, [0, 0], { seed });
      const G = randomMatrix(3, 3, 70 + seed);
      worst = Math.max(worst, maxAbsDiff(aroraMetric(z, G, 3), linearNetworkMetric(weights, G)));
    }
    expect(worst).toBeLessThanOrEqual(1e-14);
  });

  it('equals M(θ)[G] for a balanced two-layer rectangular network (L = 2, λ = 0)', () => {
    for (const [n, r, m] of [
      [3, 3, 4],
      [4, 2, 3],
      [2, 5, 3],
    ] as const) {
      const { z, weights } = relaxedBalancedTwoLayer([m, r, n], 0, { seed: n + r + m });
      const G = randomMatrix(n, m, 5);
      // λ = 0 with rank z < max(n, m): fractional powers of rounding-level eigenvalues, ~1e-8.
      expect(maxAbsDiff(aroraMetric(z, G, 2), linearNetworkMetric(weights, G))).toBeLessThan(1e-6);
    }
  });
});
