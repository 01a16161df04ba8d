import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { gradientSteps, type QuadraticLaw } from './gradientSteps.js';
import { layeredFlowLoss } from './layeredFlowLoss.js';
import { sweepEta } from './sweepEta.js';
import type { LayeredFlowProblem } from './types.js';

/** relu:2-3-1 with biases, MSE on 8 random samples, and its three h_v as quadratic forms. */
function smallNet() {
  const rng = createRng(12);
  const problem: LayeredFlowProblem = {
    kind: 'layered-flow',
    widths: [2, 3, 1],
    activation: 'relu',
    bias: true,
    loss: { type: 'mse', samples: 8, X: rng.normals(16), Y: rng.normals(8) },
  };
  const { dim, weightOffsets: w, biasOffsets: b } = layeredFlowLoss(problem);
  const laws: QuadraticLaw[] = [0, 1, 2].map((i) => {
    const idx = [w[0]! + 2 * i, w[0]! + 2 * i + 1, b[0]! + i, w[1]! + i];
    return { rows: idx, cols: idx, values: [1, 1, 1, -1] };
  });
  return { problem, theta0: rng.normals(dim, 0.5), laws };
}

describe('sweepEta', () => {
  it('full-batch GD on a small ReLU net: the final drift at fixed T is ∝ η (log-log slope within 0.02 of 1, converging)', () => {
    const { problem, theta0, laws } = smallNet();
    const etas = [0.01, 0.005, 0.0025, 0.00125];
    const s = sweepEta(problem, theta0, { T: 0.5, etas, laws });
    expect(Array.from(s.steps)).toEqual([50, 100, 200, 400]);
    // drift = η ∫ gᵀAg dt + O(η²): the slope tends to 1 as η → 0 (observed 1.002).
    expect(Math.abs(s.slope - 1)).toBeLessThan(0.02);
    expect(s.r2).toBeGreaterThan(0.999);
    const local = (i: number) => Math.log(s.finalDrift[i]! / s.finalDrift[i + 1]!) / Math.log(2);
    expect(Math.abs(local(2) - 1)).toBeLessThan(Math.abs(local(0) - 1));
    for (const r of s.maxIdentityResidual) expect(r).toBeLessThan(1e-12);
    // Contrast: one step (fixed K, not fixed T) drifts by η² g₀ᵀAg₀ exactly: slope 2.
    const one = [0.01, 0.005].map(
      (eta) => gradientSteps(problem, theta0, { eta, steps: 1, laws }).finalDrift,
    );
    expect(one[0]! / one[1]!).toBeCloseTo(4, 8);
  });

  it('mini-batch SGD (batch 2 of 8, seeded): slope within 0.1 of 1', () => {
    // Each run draws its own batches, so the drift carries a fluctuation of order η^{3/2} √T on top
    // of η ∫ E[g_Bᵀ A g_B] dt: a looser tolerance than full batch (observed 0.967).
    const { problem, theta0, laws } = smallNet();
    const s = sweepEta(problem, theta0, {
      T: 0.5,
      etas: [0.01, 0.005, 0.0025, 0.00125],
      laws,
      batchSize: 2,
      seed: 3,
    });
    expect(Math.abs(s.slope - 1)).toBeLessThan(0.1);
    for (const r of s.maxIdentityResidual) expect(r).toBeLessThan(1e-12);
  });

  it('rejects step sizes that do not divide T, fewer than two of them, and a sweep without laws', () => {
    const { problem, theta0, laws } = smallNet();
    expect(() => sweepEta(problem, theta0, { T: 1, etas: [0.3, 0.1], laws })).toThrow(
      /options.etas\[0\] = 0.3 does not divide T = 1/,
    );
    expect(() => sweepEta(problem, theta0, { T: 1, etas: [0.1], laws })).toThrow(/at least 2 step sizes/);
    expect(() => sweepEta(problem, theta0, { T: 1, etas: [0.1, 0.05] })).toThrow(/options.laws must name/);
    expect(() => sweepEta(problem, theta0, { T: 0, etas: [0.1, 0.05], laws })).toThrow(/options.T/);
  });
});
