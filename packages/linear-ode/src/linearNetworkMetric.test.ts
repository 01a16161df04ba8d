import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricByJacobian, randomMatrix } from '../test/helpers.js';
import { matrixProductLifting } from '@idyn/lifting';
import { linearNetworkMetric } from './linearNetworkMetric.js';

describe('linearNetworkMetric', () => {
  it('equals Dφ Dφᵀ G computed from the exact Jacobian, for random widths (MATH.md §0, §4.4)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 0, max: 10_000 }),
        (widths, seed) => {
          const weights = widths.slice(1).map((w, i) => randomMatrix(w, widths[i]!, seed + i));
          const G = randomMatrix(widths[widths.length - 1]!, widths[0]!, seed + 99);
          expect(linearNetworkMetric(weights, G)).toBeAllClose(metricByJacobian(weights, G), {
            rtol: 1e-12,
            atol: 1e-12,
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('rejects layers that do not chain, naming the layer', () => {
    expect(() =>
      linearNetworkMetric([randomMatrix(3, 2, 1), randomMatrix(2, 4, 2)], randomMatrix(2, 2, 3)),
    ).toThrow('linearNetworkMetric: weights[1] has 4 columns, expected 3 (rows of weights[0])');
    expect(() => linearNetworkMetric([randomMatrix(3, 2, 1)], randomMatrix(2, 2, 3))).toThrow(
      /G has 2 rows, expected 3/,
    );
  });
});

describe('linearNetworkMetric vs @idyn/lifting', () => {
  it('equals matrixProductLifting(widths).metricProduct (θ = U_1, U_2, … row-major)', () => {
    for (const widths of [
      [2, 3, 2],
      [3, 3, 3, 3],
      [4, 2, 1],
    ]) {
      const weights = widths.slice(1).map((w, i) => randomMatrix(w, widths[i]!, 40 + i));
      const G = randomMatrix(widths.at(-1)!, widths[0]!, 49);
      const theta = weights.flatMap((U) => U.to1DArray());
      const lifted = matrixProductLifting(widths).metricProduct(theta, G.to1DArray());
      expect(linearNetworkMetric(weights, G).to1DArray()).toBeAllClose(lifted, { rtol: 1e-12, atol: 1e-13 });
    }
  });
});
