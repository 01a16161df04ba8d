import { BudgetError } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { neuralOdeCost } from './neuralOdeCost.js';
import { solveLinearOde } from './solveLinearOde.js';

describe('neuralOdeCost and the budget of solveLinearOde (README: budgets)', () => {
  it('n = 1e9 and steps = 1e12 are refused from their sizes alone, by the default budget', () => {
    expect(neuralOdeCost({ n: 1e9, steps: 2000 }).memoryBytes).toBeGreaterThan(2 ** 31);
    expect(neuralOdeCost({ n: 3, steps: 1e12 }).memoryBytes).toBeGreaterThan(2 ** 31);
    expect(neuralOdeCost({ n: 3, steps: 2000, depths: [25, 50, 100, 200, 400] }).memoryBytes).toBeLessThan(
      1e7,
    );
  });

  it('solveLinearOde refuses 1e12 steps before allocating its nodes, naming maxMemoryBytes', () => {
    const A = () => Matrix.eye(3);
    let e: unknown;
    try {
      solveLinearOde(A, { steps: 1e12 });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(BudgetError);
    expect(e).toMatchObject({
      option: 'maxMemoryBytes',
      estimate: { sizes: { n: 3, steps: 1e12, depths: 0 } },
    });
    expect((e as Error).message).toMatch(/^solving the linear neural ODE needs about [\d.]+ TiB of memory/);
  });

  it('work grows like n³ (steps fixed) and memory like steps (n fixed)', () => {
    const a = neuralOdeCost({ n: 4, steps: 100 });
    const b = neuralOdeCost({ n: 8, steps: 100 });
    expect(b.work / a.work).toBeCloseTo(8, 12);
    const c = neuralOdeCost({ n: 4, steps: 200 });
    expect(c.memoryBytes / a.memoryBytes).toBeGreaterThan(1.95);
    expect(() => neuralOdeCost({ n: 0, steps: 1 })).toThrow(/n must be a positive integer, got 0/);
  });
});
