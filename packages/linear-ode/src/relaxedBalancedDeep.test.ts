import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relaxedBalancedDeep } from './relaxedBalancedDeep.js';
import { relaxedBalancedResidual } from './relaxedBalancedResidual.js';
import { svdSquare } from './internal/dense.js';

describe('relaxedBalancedDeep', () => {
  it('satisfies U_{i+1}ᵀU_{i+1} − U_iU_iᵀ = λ_i I for random λ (MATH.md §4.4)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 0, maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, lambdas, seed) => {
          const { weights } = relaxedBalancedDeep(n, lambdas, { seed });
          expect(weights.length).toBe(lambdas.length + 1);
          const res = relaxedBalancedResidual(weights, lambdas);
          expect(res.residual).toBeLessThan(1e-13);
          const fitted = relaxedBalancedResidual(weights).lambdas;
          expect(fitted).toBeAllClose(lambdas, { rtol: 0, atol: 1e-13 });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('has singular values √∏_i (x_k + c_i) (closed form of the construction)', () => {
    const { z, x, c } = relaxedBalancedDeep(3, [0.5, -0.2], { seed: 2 });
    const expected = Array.from(x, (xk) => Math.sqrt(c.reduce((p, ci) => p * (xk + ci), 1))).sort(
      (a, b) => b - a,
    );
    expect(Array.from(svdSquare(z).s)).toBeAllClose(expected, { rtol: 1e-13, atol: 1e-15 });
  });

  it('rejects x below max_i(−c_i) and wrong lengths', () => {
    expect(() => relaxedBalancedDeep(2, [-1], { x: [0.5, 2] })).toThrow(
      'relaxedBalancedDeep: options.x[0] = 0.5 < max_i(-c_i) = 1',
    );
    expect(() => relaxedBalancedDeep(2, [], { x: [1] })).toThrow(/length 1, expected n = 2/);
  });
});
