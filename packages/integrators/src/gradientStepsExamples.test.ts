import { BudgetError } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { gradientSteps } from './gradientSteps.js';
import { gradientStepsCost } from './gradientStepsCost.js';
import { layeredBatchLoss } from './layeredBatchLoss.js';
import type { LossFunction } from './layeredFlowLoss.js';
import { sweepEta } from './sweepEta.js';

// The @example blocks of gradientSteps, sweepEta and layeredBatchLoss, run as written.
const loss: LossFunction = (th, g) => {
  const r = th[0]! * th[1]! - 1;
  g[0] = r * th[1]!;
  g[1] = r * th[0]!;
  return 0.5 * r * r;
};
const law = { rows: [0, 1], cols: [0, 1], values: [1, -1] };

describe('documentation examples of the discrete steps', () => {
  it('gradientSteps: identity residual at rounding level, u² − v² drifts by ~1e-2 at T = 2', () => {
    const r = gradientSteps(loss, [0.5, 0.2], { eta: 0.1, steps: 20, laws: [law] });
    expect(r.maxIdentityResidual).toBeLessThan(1e-15);
    expect(r.finalDrift).toBeGreaterThan(0.01);
    expect(r.finalDrift).toBeLessThan(0.02);
  });

  it('sweepEta: slope ≈ 1 (within 0.05) for η = 0.1, 0.05, 0.025 at T = 1', () => {
    const s = sweepEta(loss, [0.5, 0.2], { T: 1, etas: [0.1, 0.05, 0.025], laws: [law] });
    expect(Math.abs(s.slope - 1)).toBeLessThan(0.05);
  });

  it('layeredBatchLoss: the batch {1} of a one-weight network gives ½(3·2)² = 18 and gradient 12', () => {
    const sl = layeredBatchLoss({
      kind: 'layered-flow',
      widths: [1, 1],
      activation: 'identity',
      bias: false,
      loss: { type: 'mse', samples: 2, X: [1, 2], Y: [0, 0] },
    });
    const g = new Float64Array(1);
    expect(sl.loss(Float64Array.of(3), g, Int32Array.of(1))).toBe(18);
    expect(Array.from(g)).toEqual([12]);
    expect(() => sl.loss(Float64Array.of(3), g, Int32Array.of(2))).toThrow(
      /batch\[0\] must be a sample index in \[0, 2\), got 2/,
    );
    expect(() => sl.loss(Float64Array.of(3), g, new Int32Array(0))).toThrow(/the batch is empty/);
  });

  it('README: mini-batch SGD on relu:1-1-1+bias keeps the identity to rounding and drifts the law', () => {
    const sgd = gradientSteps(
      {
        kind: 'layered-flow',
        widths: [1, 1, 1],
        activation: 'relu',
        bias: true,
        loss: { type: 'mse', samples: 4, X: [1, 2, -1, 0.5], Y: [1, 0, 0, 1] },
      },
      [0.5, 0.8, 0.3, 0.1],
      {
        eta: 0.05,
        steps: 100,
        batchSize: 2,
        seed: 1,
        laws: [{ rows: [0, 2, 1], cols: [0, 2, 1], values: [1, 1, -1] }],
      },
    );
    expect(sgd.status).toBe('success');
    expect(sgd.maxIdentityResidual).toBeLessThan(1e-14);
    expect(sgd.finalDrift).toBeGreaterThan(1e-4);
    expect(sgd.finalDrift).toBeLessThan(0.5);
  });
});

describe('budget of the discrete steps (README: budgets)', () => {
  it('gradient steps: 1e12 steps are refused before the first step by the records they would keep (maxMemoryBytes), then by their work (maxWork); a budget that allows a run is honoured', () => {
    const t0 = performance.now();
    let e: unknown;
    try {
      gradientSteps(loss, [0.5, 0.2], { eta: 1e-12, steps: 1e12, laws: [law] });
    } catch (x) {
      e = x;
    }
    expect(performance.now() - t0).toBeLessThan(5000); // refused, not run (a run would take hours)
    expect(e).toBeInstanceOf(BudgetError);
    expect(e).toMatchObject({ option: 'maxMemoryBytes', quantity: 'memory' });
    expect((e as BudgetError).message).toMatch(/^taking 1000000000000 gradient steps needs about/);
    expect(() =>
      gradientSteps(loss, [0.5, 0.2], {
        eta: 1e-12,
        steps: 1e12,
        laws: [law],
        budget: { maxMemoryBytes: Number.POSITIVE_INFINITY },
      }),
    ).toThrow(expect.objectContaining({ name: 'BudgetError', option: 'maxWork' }));
    // the same run with fewer steps passes a tight budget sized by the estimate
    const c = gradientStepsCost({ D: 2, steps: 100, laws: 1, lawTerms: 2 });
    const r = gradientSteps(loss, [0.5, 0.2], {
      eta: 0.01,
      steps: 100,
      laws: [law],
      budget: { maxMemoryBytes: c.memoryBytes, maxWork: c.work },
    });
    expect(r.steps).toBe(100);
    expect(() =>
      gradientSteps(loss, [0.5, 0.2], {
        eta: 0.01,
        steps: 100,
        laws: [law],
        budget: { maxMemoryBytes: c.memoryBytes / 2 },
      }),
    ).toThrow(expect.objectContaining({ name: 'BudgetError', option: 'maxMemoryBytes' }));
  });

  it('gradientStepsCost: memory leans high of what a run really returns (its typed arrays), by less than 3x; work is K × (gradient + 4D + 6 terms)', () => {
    for (const steps of [10, 1000]) {
      const r = gradientSteps(loss, [0.5, 0.2], { eta: 1 / steps, steps, laws: [law, law] });
      const returned =
        8 *
        [r.loss, r.laws, r.lawDrift, r.stepDrift, r.predictedDrift, r.identityResidual, r.theta].reduce(
          (n, a) => n + a.length,
          0,
        );
      const c = gradientStepsCost({ D: 2, steps, laws: 2, lawTerms: 4 });
      expect(c.memoryBytes).toBeGreaterThanOrEqual(returned);
      expect(c.memoryBytes).toBeLessThan(3 * returned);
      expect(c.work).toBe(steps * (10 * 2 + 4 * 2 + 6 * 4));
      expect(c.sizes).toEqual({ D: 2, steps, laws: 2 });
    }
    expect(() => gradientStepsCost({ D: 2, steps: 0 })).toThrow(
      /^gradientStepsCost: steps must be a positive integer, got 0$/,
    );
    expect(() => gradientStepsCost({ D: 2, steps: 1, gradientWork: Number.NaN })).toThrow(
      /gradientWork must be a finite number >= 0, got NaN/,
    );
  });

  it('gradientStepsCost: the @example values', () => {
    expect(gradientStepsCost({ D: 9, steps: 1e12, laws: 3, lawTerms: 9 }).work).toBeCloseTo(1.8e14, -11);
    expect(gradientStepsCost({ D: 9, steps: 1e5, laws: 3, lawTerms: 9 }).memoryBytes).toBeCloseTo(2.4e7, -5);
  });
});
