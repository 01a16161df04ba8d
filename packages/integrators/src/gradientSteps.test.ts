import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { type GradientStepsResult, gradientSteps, type QuadraticLaw } from './gradientSteps.js';
import { layeredBatchLoss } from './layeredBatchLoss.js';
import { type LossFunction, layeredFlowLoss } from './layeredFlowLoss.js';
import { layeredNeuronLaws } from './layeredNeuronLaws.js';
import type { LayeredFlowProblem } from './types.js';

// L(u, v) = ½(uv − 1)²; h = u² − v² is conserved by the flow (MATH.md §2).
const scalarLoss: LossFunction = (th, g) => {
  const r = th[0]! * th[1]! - 1;
  g[0] = r * th[1]!;
  g[1] = r * th[0]!;
  return 0.5 * r * r;
};
const scalarLaw: QuadraticLaw = { rows: [0, 1], cols: [0, 1], values: [1, -1] };

/**
 * A layered ReLU network with biases and an MSE loss on random data (N samples), its initial θ,
 * and its rescaling laws h_v written as quadratic forms from the θ layout of `layeredFlowLoss`.
 */
function reluProblem(widths: number[], N: number, seed: number) {
  const rng = createRng(seed);
  const problem: LayeredFlowProblem = {
    kind: 'layered-flow',
    widths,
    activation: 'relu',
    bias: true,
    loss: { type: 'mse', samples: N, X: rng.normals(N * widths[0]!), Y: rng.normals(N * widths.at(-1)!) },
  };
  const { dim, weightOffsets, biasOffsets } = layeredFlowLoss(problem);
  const laws: QuadraticLaw[] = [];
  for (let l = 1; l < widths.length - 1; l++) {
    const nIn = widths[l - 1]!;
    const n = widths[l]!;
    const nOut = widths[l + 1]!;
    for (let i = 0; i < n; i++) {
      const incoming = Array.from({ length: nIn }, (_, k) => weightOffsets[l - 1]! + i * nIn + k);
      const outgoing = Array.from({ length: nOut }, (_, j) => weightOffsets[l]! + j * n + i);
      const idx = [...incoming, biasOffsets[l - 1]! + i, ...outgoing];
      const val = [...incoming.map(() => 1), 1, ...outgoing.map(() => -1)];
      laws.push({ rows: idx, cols: idx, values: val });
    }
  }
  return { problem, theta0: rng.normals(dim, 0.8), laws };
}

/**
 * Largest |Δh − η² gᵀAg| / |η² gᵀAg| over the steps and laws whose predicted drift exceeds 1e-3
 * (θ = O(1) here, so rounding, ~1e-16 of the law's terms, is below 1e-12 of such a drift), and the
 * largest |η² gᵀAg|.
 */
function relativeToPrediction(r: GradientStepsResult): { rel: number; biggest: number } {
  let rel = 0;
  let biggest = 0;
  for (let t = 0; t < r.predictedDrift.length; t++) {
    const p = r.predictedDrift[t]!;
    biggest = Math.max(biggest, Math.abs(p));
    if (Math.abs(p) > 1e-3) rel = Math.max(rel, Math.abs(r.stepDrift[t]! - p) / Math.abs(p));
  }
  return { rel, biggest };
}

describe('gradientSteps', () => {
  it('one step of the scalar loss changes u² − v² by exactly η² (g_u² − g_v²) (hand-computed)', () => {
    const eta = 0.3;
    const r = gradientSteps(scalarLoss, [2, 0.5], { eta, steps: 1, laws: [scalarLaw] });
    // g = (uv − 1)(v, u) = 0·… at (2, 0.5): uv = 1, so take (2, 1): r = 1, g = (1, 2).
    expect(r.stepDrift[0]).toBe(0);
    const s = gradientSteps(scalarLoss, [2, 1], { eta, steps: 1, laws: [scalarLaw] });
    const u1 = 2 - eta * 1;
    const v1 = 1 - eta * 2;
    expect(s.theta).toBeAllClose([u1, v1]);
    expect(s.stepDrift[0]).toBeCloseTo(u1 ** 2 - v1 ** 2 - 3, 14);
    expect(s.predictedDrift[0]).toBeCloseTo(eta ** 2 * (1 - 4), 14);
    expect(s.maxIdentityResidual).toBeLessThan(1e-15);
  });

  it('ReLU nets with biases, full batch: Δh_v = η²(‖g_in(v)‖² − ‖g_out(v)‖²) to 1e-12 relative at every step (MATH.md §7)', () => {
    for (const [widths, seed] of [
      [[3, 4, 2], 1],
      [[2, 3, 3, 2], 2],
    ] as const) {
      const { problem, theta0, laws } = reluProblem([...widths], 12, seed);
      const r = gradientSteps(problem, theta0, { eta: 0.05, steps: 40, laws });
      expect(r.status).toBe('success');
      // The quadratic forms are the h_v of layeredNeuronLaws (an independent evaluation).
      const m = r.lawCount;
      expect(r.laws.subarray(m * 40)).toBeAllClose(layeredNeuronLaws(problem, r.theta), {
        rtol: 1e-13,
        atol: 1e-13,
      });
      expect(r.maxIdentityResidual).toBeLessThan(1e-12); // observed ≈ 4e-16
      const { rel, biggest } = relativeToPrediction(r);
      expect(rel).toBeLessThan(1e-11);
      expect(biggest).toBeGreaterThan(1e-3); // the identity is not trivially 0 = 0
      expect(r.finalDrift).toBeGreaterThan(1e-4); // and the laws do drift
    }
  });

  it('the first predicted drift equals η²(‖g_in‖² − ‖g_out‖²) computed from the gradient by hand', () => {
    const { problem, theta0, laws } = reluProblem([2, 3, 1], 5, 3);
    const eta = 0.1;
    const r = gradientSteps(problem, theta0, { eta, steps: 1, laws });
    const { loss, weightOffsets, biasOffsets } = layeredFlowLoss(problem);
    const g = new Float64Array(theta0.length);
    loss(theta0, g);
    for (let i = 0; i < 3; i++) {
      const gin =
        g[weightOffsets[0]! + 2 * i]! ** 2 +
        g[weightOffsets[0]! + 2 * i + 1]! ** 2 +
        g[biasOffsets[0]! + i]! ** 2;
      const gout = g[weightOffsets[1]! + i]! ** 2;
      expect(r.predictedDrift[i]).toBeCloseTo(eta ** 2 * (gin - gout), 15);
    }
  });

  it('mini-batch SGD: the identity holds for each stochastic gradient; runs are reproducible by seed', () => {
    const { problem, theta0, laws } = reluProblem([3, 4, 2], 16, 4);
    const a = gradientSteps(problem, theta0, { eta: 0.05, steps: 40, laws, batchSize: 4, seed: 7 });
    expect(a.batchSize).toBe(4);
    expect(a.maxIdentityResidual).toBeLessThan(1e-12);
    expect(relativeToPrediction(a).rel).toBeLessThan(1e-11);
    const again = gradientSteps(problem, theta0, { eta: 0.05, steps: 40, laws, batchSize: 4, seed: 7 });
    expect(again.theta).toEqual(a.theta);
    const other = gradientSteps(problem, theta0, { eta: 0.05, steps: 40, laws, batchSize: 4, seed: 8 });
    expect(other.theta).not.toEqual(a.theta);
  });

  it('batchSize = N is plain gradient descent (bitwise), through layeredBatchLoss or a StochasticLoss', () => {
    const { problem, theta0, laws } = reluProblem([3, 4, 2], 6, 5);
    const full = gradientSteps(problem, theta0, { eta: 0.05, steps: 10, laws });
    const allBatch = gradientSteps(problem, theta0, { eta: 0.05, steps: 10, laws, batchSize: 6 });
    expect(allBatch.theta).toEqual(full.theta);
    const sl = layeredBatchLoss(problem);
    expect(gradientSteps(sl, theta0, { eta: 0.05, steps: 10, laws }).theta).toEqual(full.theta);
  });

  it('records the laws, the drift from θ_0 and the loss per step', () => {
    const r = gradientSteps(scalarLoss, [0.5, 0.2], { eta: 0.1, steps: 20, laws: [scalarLaw] });
    expect([r.steps, r.laws.length, r.lawDrift.length, r.loss.length, r.identityResidual.length]).toEqual([
      20, 21, 21, 20, 20,
    ]);
    const h0 = 0.25 - 0.04;
    expect(r.finalDrift).toBeCloseTo(Math.abs(r.laws[20]! - h0), 15);
    // The telescoping sum of the predicted per-step drifts is the total drift.
    const sum = r.predictedDrift.reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(r.laws[20]! - h0, 14);
    expect(r.loss[0]).toBeCloseTo(0.5 * 0.9 ** 2, 15);
  });

  it('stops with status diverged above maxNorm and non-finite on an overflowing step', () => {
    const quad: LossFunction = (th, g) => {
      g[0] = -th[0]!;
      return -0.5 * th[0]! ** 2;
    };
    const r = gradientSteps(quad, [1], { eta: 1, steps: 100, maxNorm: 10 });
    expect([r.status, r.steps]).toEqual(['diverged', 4]); // 2, 4, 8, 16
    const s = gradientSteps(quad, [1e300], { eta: 1e10, steps: 5 });
    expect([s.status, s.steps]).toEqual(['non-finite', 0]);
  });

  it('rejects bad options naming them', () => {
    const { problem, theta0 } = reluProblem([2, 2, 1], 4, 6);
    expect(() => gradientSteps(scalarLoss, [1, 1], { eta: 0, steps: 1 })).toThrow(
      /options.eta must be a finite number > 0, got 0/,
    );
    expect(() => gradientSteps(scalarLoss, [1, 1], { eta: 0.1, steps: 0 })).toThrow(/options.steps/);
    expect(() => gradientSteps(scalarLoss, [1, 1], { eta: 0.1, steps: 1, batchSize: 2 })).toThrow(
      /batchSize = 2 needs a loss over samples/,
    );
    expect(() => gradientSteps(problem, theta0, { eta: 0.1, steps: 1, batchSize: 5 })).toThrow(
      /batchSize must be at most the number of samples 4, got 5/,
    );
    expect(() => gradientSteps(problem, [1], { eta: 0.1, steps: 1 })).toThrow(
      /theta0 has length 1, expected D = 9/,
    );
    expect(() =>
      gradientSteps(scalarLoss, [1, 1], {
        eta: 0.1,
        steps: 1,
        laws: [{ rows: [0, 2], cols: [0, 1], values: [1, 1] }],
      }),
    ).toThrow(/options.laws\[0\].rows\[1\] must be an index in \[0, 2\), got 2/);
    expect(() =>
      gradientSteps(scalarLoss, [1, 1], {
        eta: 0.1,
        steps: 1,
        laws: [{ rows: [0], cols: [0, 1], values: [1, 1] }],
      }),
    ).toThrow(/expected equal lengths/);
    expect(() => gradientSteps(scalarLoss, [1, Number.NaN], { eta: 0.1, steps: 1 })).toThrow(
      /theta0\[1\] must be a finite number/,
    );
    expect(() => gradientSteps(42 as never, [1], { eta: 0.1, steps: 1 })).toThrow(TypeError);
    expect(() => gradientSteps(scalarLoss, [1, 1], { eta: 0.1, steps: 1, seed: -1 })).toThrow(/options.seed/);
  });
});
