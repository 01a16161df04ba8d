import { parseNetwork } from '@idyn/graph';
import { pathLifting, polynomialLifting } from '@idyn/lifting';
import { BudgetError, OverflowError } from '@idyn/linalg';
import { parsePolynomial } from '@idyn/poly';
import { describe, expect, it } from 'vitest';
import { checkCriteria, checkCriteriaCost, countLaws, countLawsCost, findLaws } from './index.js';

const refusal = (f: () => unknown): BudgetError => {
  try {
    f();
  } catch (e) {
    if (e instanceof BudgetError) return e;
    throw e;
  }
  throw new Error('expected a BudgetError');
};

describe('law computations refuse above their budget before allocating (README: budgets)', () => {
  it('countLaws relu:2-3-2 with 1e9 points is refused by the default budget, the estimate scaling with points', () => {
    const lift = pathLifting(parseNetwork('relu:2-3-2'));
    const e = refusal(() => countLaws(lift, { points: 1e9 }));
    expect(e.option).toBe('maxMemoryBytes');
    expect(e.estimate.sizes).toMatchObject({ D: 12, points: 1e9 });
    const one = countLawsCost(lift, { points: 1 });
    const three = countLawsCost(lift, { points: 3 });
    expect(three.work / one.work).toBeCloseTo(3, 6);
    expect(countLaws(lift).laws).toBe(3); // one law per hidden neuron (MATH.md §2)
  });

  it('countLaws of the monomial x1·x2·…·x3000 is refused by its Hessian work (3000³ products per point)', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `x${i + 1}`).join('*');
    const e = refusal(() => countLaws([parsePolynomial(text)]));
    expect(e).toMatchObject({ option: 'maxWork', limit: 1e12 });
    expect(e.value as number).toBeGreaterThan(1e12);
    expect(e.message).toMatch(
      /^counting conservation laws needs about .* operations of work \(D = 3000, generators = 1, terms = 1, points = 3\)/,
    );
  });

  it('countLaws of 2000 products x_i x_{i+1} is refused from D alone with a small work budget, before any polynomial is compiled', () => {
    const names = Array.from({ length: 2001 }, (_, i) => `x${i + 1}`);
    const lift = polynomialLifting(
      Array.from({ length: 2000 }, (_, i) => `x${i + 1}*x${i + 2}`),
      names,
    );
    const e = refusal(() => countLaws(lift, { budget: { maxWork: 1e8 } }));
    expect(e.estimate.sizes).toEqual({ D: 2001, generators: 2000, points: 3 });
  });

  it('checkCriteria on relu:50-50-50 is refused before forming its 125050 × 5000 dense Jacobian', () => {
    const lift = pathLifting(parseNetwork('relu:50-50-50'));
    const theta = new Float64Array(lift.D).fill(0.5);
    const e = refusal(() => checkCriteria(lift, theta));
    expect(e.option).toBe('maxMemoryBytes');
    expect(e.value).toBe(checkCriteriaCost(lift).memoryBytes);
    expect(e.estimate.sizes).toEqual({ D: 5000, d: 125000, laws: 50 });
    expect(e.value as number).toBeGreaterThan(8 * 4 * 125050 * 5000);
  });

  it('findLaws names maxUnknowns in a field (the front end names its own flag)', () => {
    const lift = pathLifting(parseNetwork('relu:3-4-5'));
    const e = refusal(() => findLaws(lift, { maxUnknowns: 100 }));
    expect(e).toMatchObject({ option: 'maxUnknowns', value: 528, limit: 100 });
  });

  it('checkCriteria says that theta overflowed, not a rank or eigenvalue failure downstream', () => {
    const lift = pathLifting(parseNetwork('relu:2-3-2'));
    const theta = new Float64Array(12).fill(1);
    theta[0] = 1e200;
    expect(() => checkCriteria(lift, theta)).toThrow(OverflowError);
    expect(() => checkCriteria(lift, theta)).toThrow(
      /^M\(theta\) = Dphi Dphi\^T overflowed float64 \(theta is too large\)$/,
    );
  });
});
