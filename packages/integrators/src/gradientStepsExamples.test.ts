import { describe, expect, it } from 'vitest';
import { gradientSteps } from './gradientSteps.js';
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
