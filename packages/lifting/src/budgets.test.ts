import { parseNetwork } from '@idyn/graph';
import { BudgetError } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { countPaths, countPathsCost, pathLifting, pathLiftingCost, polynomialLifting } from './index.js';

describe('path-lifting budgets (README: budgets)', () => {
  it('maxPaths reaches the enumeration: relu:100-101-100 (1010000 paths) is refused at the default, enumerated at 2000000', () => {
    const net = parseNetwork('relu:100-101-100');
    expect(() => pathLifting(net)).toThrow(
      expect.objectContaining({ option: 'maxPaths', value: 1_010_000n }),
    );
    expect(pathLifting(net, { maxPaths: 2_000_000 }).d).toBe(1_010_000);
  });

  it('accepts maxPaths above 2^53 as a bigint, and refuses non-integers naming the option', () => {
    expect(pathLifting(parseNetwork('relu:2-3-2'), { maxPaths: 2n ** 60n }).d).toBe(12);
    expect(() => pathLifting(parseNetwork('relu:2-3-2'), { maxPaths: 2 ** 60 })).toThrow(
      /options.maxPaths must be a positive integer \(a bigint above 2\^53\)/,
    );
    expect(() => pathLifting(parseNetwork('relu:2-3-2'), { maxPaths: 0n })).toThrow(/options.maxPaths/);
  });

  it('an astronomically deep residual stream is refused by maxPaths without enumerating (resblock:2:1000, 2^2322 paths)', () => {
    const net = parseNetwork('resblock:2:1000');
    const e = (() => {
      try {
        pathLifting(net, { maxPaths: 10n ** 600n });
      } catch (x) {
        return x as BudgetError;
      }
      throw new Error('expected a refusal');
    })();
    expect(e).toBeInstanceOf(BudgetError);
    expect(e.option).toBe('maxPaths');
    expect(e.value).toBe(countPaths(net).total);
    expect(Math.floor(pathLiftingCost(net).sizes.log2Paths as number)).toBe(e.value.toString(2).length - 1);
  });

  it('refuses an enumeration above the memory budget, naming maxMemoryBytes', () => {
    const net = parseNetwork('relu:30-30-30');
    const need = pathLiftingCost(net).memoryBytes;
    expect(pathLiftingCost(net).sizes.paths).toBe(27000);
    expect(() => pathLifting(net, { budget: { maxMemoryBytes: need / 2 } })).toThrow(
      expect.objectContaining({ name: 'BudgetError', option: 'maxMemoryBytes', value: need }),
    );
    expect(pathLifting(net, { budget: { maxMemoryBytes: need } }).d).toBe(27000);
  });

  it('countPaths sizes its BigInts from float64 logarithms and refuses above the budget (floor of log2 #paths exact)', () => {
    const net = parseNetwork('resblock:2:2000');
    const c = countPathsCost(net);
    const exact = countPaths(net).total;
    expect(Math.floor(c.sizes.log2Paths as number)).toBe(exact.toString(2).length - 1);
    expect(() => countPaths(net, { budget: { maxMemoryBytes: c.memoryBytes / 2 } })).toThrow(
      /counting the paths exactly needs about .* of memory \(nodes = 8002, edges = 20000, log2Paths = 4\d{3}\.\d+\), above the budget/,
    );
  });

  it('polynomialLifting of 2000 products x_i x_{i+1} keeps only the 4000 non-zero partial derivatives (Jacobian exact)', () => {
    const names = Array.from({ length: 2001 }, (_, i) => `x${i + 1}`);
    const polys = Array.from({ length: 2000 }, (_, i) => `x${i + 1}*x${i + 2}`);
    const lift = polynomialLifting(polys, names);
    const t = Float64Array.from({ length: 2001 }, (_, i) => i + 1);
    const J = lift.jacobian(t);
    // ∂(x_i x_{i+1})/∂x_i = x_{i+1} = i + 2, ∂/∂x_{i+1} = x_i = i + 1 (1-based values), zero elsewhere
    expect([J.get(0, 0), J.get(0, 1), J.get(0, 2), J.get(1999, 1999), J.get(1999, 2000)]).toEqual([
      2, 1, 0, 2001, 2000,
    ]);
  });
});
