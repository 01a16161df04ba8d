import { describe, expect, it } from 'vitest';
import {
  BudgetError,
  type CostEstimate,
  checkBudget,
  checkLimit,
  DEFAULT_BUDGET,
  resolveBudget,
} from './index.js';

const estimate = (memoryBytes: number, work: number): CostEstimate => ({
  task: 'sortAll',
  action: 'sorting everything',
  memoryBytes,
  work,
  sizes: { n: 1e9, k: 3 },
});

describe('checkBudget, checkLimit, BudgetError', () => {
  it('the default budget is 2 GiB and 1e12 operations, and returns the estimate when within it', () => {
    expect(DEFAULT_BUDGET).toEqual({ maxMemoryBytes: 2 ** 31, maxWork: 1e12 });
    const e = estimate(2 ** 31, 1e12);
    expect(checkBudget(e)).toBe(e);
  });

  it('refuses memory above the budget with a typed RangeError carrying option, value, limit and estimate', () => {
    const e = estimate(8e9, 1);
    let error: unknown;
    try {
      checkBudget(e);
    } catch (x) {
      error = x;
    }
    expect(error).toBeInstanceOf(BudgetError);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({
      name: 'BudgetError',
      option: 'maxMemoryBytes',
      quantity: 'memory',
      value: 8e9,
      limit: 2 ** 31,
      estimate: e,
    });
    expect((error as Error).message).toBe(
      'sorting everything needs about 7.45 GiB of memory (n = 1000000000, k = 3), above the budget of 2.00 GiB (maxMemoryBytes)',
    );
  });

  it('refuses work above the budget, and a raised or infinite budget lets it through', () => {
    const e = estimate(1, 5e12);
    expect(() => checkBudget(e)).toThrow(
      /needs about 5\.00e\+12 operations of work .* above the budget of 1\.00e\+12 operations \(maxWork\)/,
    );
    expect(checkBudget(e, { maxWork: 1e13 })).toBe(e);
    expect(checkBudget(e, { maxWork: Number.POSITIVE_INFINITY })).toBe(e);
    expect(() => checkBudget(e, { maxWork: 1e3 })).toThrow(BudgetError);
  });

  it('counts above 2^53 compare exactly as BigInt', () => {
    const e = estimate(1, 1);
    expect(() => checkLimit(e, 'maxPaths', 'paths', 2n ** 60n + 1n, 2n ** 60n)).toThrow(
      /sorting everything needs 1152921504606846977 paths .* above the budget of 1152921504606846976 paths \(maxPaths\)/,
    );
    expect(() => checkLimit(e, 'maxPaths', 'paths', 2n ** 60n, 2n ** 60n)).not.toThrow();
    expect(() => checkLimit(e, 'maxPaths', 'paths', 10n ** 30n, Number.POSITIVE_INFINITY)).not.toThrow();
    expect(() => checkLimit(e, 'maxUnknowns', 'unknowns', 4001, 4000)).toThrow(/needs 4001 unknowns/);
  });

  it('validates a budget, naming the field', () => {
    expect(resolveBudget('f: options.budget', undefined)).toEqual(DEFAULT_BUDGET);
    expect(() => resolveBudget('f: options.budget', { maxWork: 0 })).toThrow(
      /f: options.budget.maxWork must be a number > 0 \(Infinity for no limit\), got 0/,
    );
    expect(() => resolveBudget('f: options.budget', 'big' as never)).toThrow(TypeError);
  });
});
