import fc from 'fast-check';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { randomMatrix } from '../test/helpers.js';
import { aroraMetric } from './aroraMetric.js';
import { deepIntrinsicMetric } from './deepIntrinsicMetric.js';
import { haarOrthogonal, maxAbs } from './internal/dense.js';
import { linearNetworkMetric } from './linearNetworkMetric.js';
import { logMeanMetric } from './logMeanMetric.js';
import { relaxedBalancedDeep } from './relaxedBalancedDeep.js';
import { relaxedBalancedTwoLayer } from './relaxedBalancedTwoLayer.js';
import { twoLayerIntrinsicMetric } from './twoLayerIntrinsicMetric.js';

// Every intrinsic metric here is a spectral formula, so K(O z Rᵀ)[O G Rᵀ] = O K(z)[G] Rᵀ for
// orthogonal O, R (MATH.md §4.3–4.5: the formulas only use the SVD of z).
describe('orthogonal equivariance of the intrinsic metrics', () => {
  it('holds for deepIntrinsicMetric, aroraMetric and logMeanMetric', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 10_000 }), (n, seed) => {
        const rng = createRng(seed);
        const O = haarOrthogonal(n, rng);
        const R = haarOrthogonal(n, rng);
        const z = randomMatrix(n, n, seed);
        const G = randomMatrix(n, n, seed + 1);
        const zr = O.mmul(z).mmul(R.transpose());
        const Gr = O.mmul(G).mmul(R.transpose());
        const lambdas = [0.3, -0.1];
        const pairs = [
          [deepIntrinsicMetric(zr, Gr, lambdas), deepIntrinsicMetric(z, G, lambdas)],
          [aroraMetric(zr, Gr, 3), aroraMetric(z, G, 3)],
          [logMeanMetric(zr, Gr), logMeanMetric(z, G)],
        ] as const;
        for (const [rotated, base] of pairs) {
          const scale = 1 + maxAbs(base);
          expect(rotated).toBeAllClose(O.mmul(base).mmul(R.transpose()), { rtol: 0, atol: 1e-12 * scale });
        }
      }),
      { numRuns: 30 },
    );
  });

  it('holds for twoLayerIntrinsicMetric, and M(θ) is unchanged by (U, V) → (U O, V O) with O orthogonal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const { U, V, z } = relaxedBalancedTwoLayer([2, 3, 3], 0.7, { seed });
        const G = randomMatrix(3, 2, seed + 3);
        const O = haarOrthogonal(3, createRng(seed + 4));
        const exact = linearNetworkMetric([V.transpose(), U], G);
        const rotated = linearNetworkMetric([O.transpose().mmul(V.transpose()), U.mmul(O)], G);
        expect(rotated).toBeAllClose(exact, { rtol: 1e-12, atol: 1e-12 });
        expect(twoLayerIntrinsicMetric(z, G, { lambda: 0.7, r: 3 })).toBeAllClose(exact, {
          rtol: 1e-12,
          atol: 1e-12,
        });
      }),
      { numRuns: 25 },
    );
  });
});

describe('deepIntrinsicMetric on singular layers', () => {
  it('equals M(θ)[G] when some x_k sits at max_i(−c_i), so that z is singular', () => {
    // λ = [0.5, −0.2]: c = [0, 0.5, 0.3], floor = max(−c) = 0 (layer 1 singular along that direction).
    const { z, weights } = relaxedBalancedDeep(3, [0.5, -0.2], { x: [0, 0.7, 1.3], seed: 6 });
    const G = randomMatrix(3, 3, 8);
    expect(deepIntrinsicMetric(z, G, [0.5, -0.2])).toBeAllClose(linearNetworkMetric(weights, G), {
      rtol: 1e-12,
      atol: 1e-12,
    });
  });
});
