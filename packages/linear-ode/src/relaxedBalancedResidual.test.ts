import { describe, expect, it } from 'vitest';
import { randomMatrix } from '../test/helpers.js';
import { relaxedBalancedResidual } from './relaxedBalancedResidual.js';

describe('relaxedBalancedResidual', () => {
  it('measures max|U_{i+1}ᵀU_{i+1} − U_iU_iᵀ − λ_i I| of a generic network (closed form on a 1-dim example)', () => {
    // U_1 = [a]ᵀ (1 × 1), U_2 = [b] (1 × 1): D = b² − a², exactly balanced for any λ = b² − a².
    const res = relaxedBalancedResidual([randomMatrix(1, 1, 1).fill(2), randomMatrix(1, 1, 2).fill(3)]);
    expect(res.lambdas).toEqual([5]);
    expect(res.residual).toBe(0);
    const generic = relaxedBalancedResidual([randomMatrix(3, 2, 1), randomMatrix(2, 3, 2)]);
    expect(generic.residual).toBeGreaterThan(0.1);
  });

  it('uses given λ_i and reports per-pair residuals', () => {
    const res = relaxedBalancedResidual([randomMatrix(1, 1, 1).fill(2), randomMatrix(1, 1, 2).fill(3)], [4]);
    expect(res.residuals).toEqual([1]);
    expect(res.lambdas).toEqual([4]);
  });

  it('rejects a λ list of the wrong length', () => {
    expect(() => relaxedBalancedResidual([randomMatrix(2, 2, 1), randomMatrix(2, 2, 2)], [1, 2])).toThrow(
      'relaxedBalancedResidual: lambdas has length 2, expected L - 1 = 1',
    );
  });
});
