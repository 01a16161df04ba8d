import { BudgetError } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { cpuBackend, integrate, integrateCost, type LayeredFlowProblem } from './index.js';

const decay = {
  dim: 1,
  rhs: (_t: number, y: Float64Array, dy: Float64Array) => {
    dy[0] = -y[0]!;
  },
};

describe('integrators: refusals at the entry (README: budgets)', () => {
  it('refuses rtol > 1 naming the option, and accepts rtol = 1', () => {
    expect(() => integrate(decay, [1], { tEnd: 1, rtol: 2 })).toThrow(
      /^integrate: options.rtol must be in \(0, 1\], got 2$/,
    );
    expect(() =>
      cpuBackend.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1], 1, { tEnd: 1, rtol: 1.5 }),
    ).toThrow(/options.rtol must be in \(0, 1\], got 1.5/);
    expect(integrate(decay, [1], { tEnd: 1, rtol: 1 }).status).toBe('success');
  });

  it('refuses 1e9 output times by the trajectory it would store, before copying them', () => {
    const times = { length: 1e9 } as ArrayLike<number>;
    expect(() => integrate({ dim: 5000, rhs: () => {} }, new Float64Array(5000), { times })).toThrow(
      expect.objectContaining({ name: 'BudgetError', option: 'maxMemoryBytes' }),
    );
  });

  it('an ensemble of 4096 linear:50-50-50 flows at 11 times is refused by memory; a trillion runs too, by their size alone', () => {
    const problem: LayeredFlowProblem = {
      kind: 'layered-flow',
      widths: [50, 50, 50],
      activation: 'identity',
      bias: false,
      loss: { type: 'synthetic', Y: new Float64Array(2500) },
    };
    const c = integrateCost({ problem, times: 11, batch: 4096 });
    expect(c.sizes).toEqual({ dim: 5000, times: 11, batch: 4096 });
    // 8 bytes × 4096 × 5000 × (1 + 11 + 12)
    expect(c.memoryBytes).toBeCloseTo(8 * 4096 * 5000 * 24 + 88, -3);
    let e: unknown;
    try {
      cpuBackend.integrateBatch(problem, new Float64Array(4096 * 5000), 4096, {
        times: Array.from({ length: 11 }, (_, i) => i / 10),
      });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(BudgetError);
    expect((e as BudgetError).message).toMatch(
      /^integrating 4096 flows needs about 3\.66 GiB of memory \(dim = 5000, times = 11, batch = 4096\)/,
    );
    expect(integrateCost({ problem, times: 11, batch: 1e12 }).memoryBytes).toBeGreaterThan(1e17);
  });

  it('work scales with batch and the data set (4 × samples × D per right-hand side for an mse loss)', () => {
    const mse = (samples: number): LayeredFlowProblem => ({
      kind: 'layered-flow',
      widths: [2, 3, 1],
      activation: 'relu',
      bias: true,
      loss: { type: 'mse', samples, X: new Float64Array(2 * samples), Y: new Float64Array(samples) },
    });
    const a = integrateCost({ problem: mse(10), times: 11, batch: 2 });
    const b = integrateCost({ problem: mse(20), times: 11, batch: 2 });
    // D = 2·3 + 3 + 3·1 + 1 = 13: rhs 4·N·13 plus 20·13 per stage
    expect(b.work / a.work).toBeCloseTo((4 * 20 * 13 + 260) / (4 * 10 * 13 + 260), 12);
    expect(() => integrateCost({ problem: { dim: 0 }, times: 1 })).toThrow(
      /problem.dim must be a positive integer/,
    );
  });
});
