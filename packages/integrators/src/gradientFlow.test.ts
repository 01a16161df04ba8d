import { createRng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradientDescent } from './gradientDescent.js';
import { gradientFlow } from './gradientFlow.js';
import { layeredNeuronLaws } from './layeredNeuronLaws.js';
import type { LossFunction } from './layeredFlowLoss.js';
import type { LayeredFlowProblem } from './types.js';
import { twoLayerLaws } from './internal/twoLayerLaws.js';

// L(u, v) = ½(uv − 1)²; h = u² − v² is conserved (MATH.md §2: ∇h ⊥ ∇(uv)).
const scalarLoss: LossFunction = (th, g) => {
  const u = th[0]!;
  const v = th[1]!;
  const r = u * v - 1;
  g[0] = r * v;
  g[1] = r * u;
  return 0.5 * r * r;
};
const scalarLaw = (th: Float64Array) => [th[0]! ** 2 - th[1]! ** 2];

/** The two-layer Gram-difference laws as a monitor for widths [m, r, n] (MATH.md §5). */
function gramLaws(m: number, r: number, n: number) {
  return (theta: Float64Array): Float64Array => twoLayerLaws(theta, m, r, n);
}

function twoLayerProblem(
  seed: number,
  m: number,
  r: number,
  n: number,
): { problem: LayeredFlowProblem; theta0: Float64Array } {
  const rng = createRng(seed);
  return {
    problem: {
      kind: 'layered-flow',
      widths: [m, r, n],
      activation: 'identity',
      bias: false,
      loss: { type: 'synthetic', Y: rng.normals(n * m) },
    },
    theta0: rng.normals(r * m + n * r, 0.7),
  };
}

describe('gradientFlow', () => {
  it('conserves u² − v² for L = ½(uv − 1)² and drives uv to 1 with a nonincreasing loss', () => {
    const times = Array.from({ length: 41 }, (_, i) => i * 0.25);
    const r = gradientFlow(scalarLoss, [0.5, 0.2], { times, rtol: 1e-11, atol: 1e-12, laws: scalarLaw });
    expect(r.status).toBe('success');
    expect(r.maxLawDrift).toBeLessThan(1e-10);
    expect(r.lawCount).toBe(1);
    expect(r.laws.length).toBe(times.length);
    for (let i = 1; i < r.loss.length; i++) expect(r.loss[i]).toBeLessThanOrEqual(r.loss[i - 1]!);
    expect(r.yStop[0]! * r.yStop[1]!).toBeAllClose(1, { rtol: 1e-6 });
  });

  it('conserves Uᵀ U − Vᵀ V to 1e-10 along random two-layer linear flows (property, MATH.md §5)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 3 }), (seed, r) => {
        const { problem, theta0 } = twoLayerProblem(seed, 3, r, 2);
        const res = gradientFlow(problem, theta0, {
          times: [0, 1, 2],
          rtol: 1e-11,
          atol: 1e-12,
          laws: gramLaws(3, r, 2),
        });
        expect(res.status).toBe('success');
        expect(res.maxLawDrift).toBeLessThan(1e-10);
      }),
      { numRuns: 25, seed: 77 },
    );
  });

  it('conserves the per-neuron laws h_v of a ReLU network with biases (MATH.md §1)', () => {
    const rng = createRng(13);
    const problem: LayeredFlowProblem = {
      kind: 'layered-flow',
      widths: [2, 4, 3, 1],
      activation: 'relu',
      bias: true,
      loss: { type: 'mse', samples: 8, X: rng.normals(16), Y: rng.normals(8) },
    };
    const theta0 = rng.normals(31, 0.8);
    const r = gradientFlow(problem, theta0, {
      times: [0, 0.5, 1],
      rtol: 1e-11,
      atol: 1e-12,
      laws: (th) => layeredNeuronLaws(problem, th),
    });
    expect(r.status).toBe('success');
    expect(r.lawCount).toBe(7);
    expect(r.maxLawDrift).toBeLessThan(1e-9);
    expect(r.loss[2]!).toBeLessThan(r.loss[0]!);
  });

  it('reports zero drift columns without laws and validates theta0 against the layered dimension', () => {
    const r = gradientFlow(scalarLoss, [1, 2], { tEnd: 1 });
    expect(r.lawCount).toBe(0);
    expect(Array.from(r.lawDrift)).toEqual([0, 0]);
    const { problem } = twoLayerProblem(1, 2, 2, 2);
    expect(() => gradientFlow(problem, [1, 2, 3], { tEnd: 1 })).toThrow(
      /gradientFlow: theta0 has length 3, expected D = 8/,
    );
    expect(() => gradientFlow(42 as unknown as LossFunction, [1], { tEnd: 1 })).toThrow(TypeError);
  });
});

describe('gradientDescent', () => {
  it('is exactly the iteration θ ← θ − η∇L(θ) (hand-written loop)', () => {
    const eta = 0.1;
    const r = gradientDescent(scalarLoss, [0.5, 0.2], { eta, iterations: 30, every: 10 });
    const th = Float64Array.of(0.5, 0.2);
    const g = new Float64Array(2);
    const marks: number[][] = [[...th]];
    for (let k = 1; k <= 30; k++) {
      scalarLoss(th, g);
      th[0] = th[0]! - eta * g[0]!;
      th[1] = th[1]! - eta * g[1]!;
      if (k % 10 === 0) marks.push([...th]);
    }
    expect(Array.from(r.t)).toBeAllClose([0, 1, 2, 3], { rtol: 1e-14 });
    expect(r.y).toBeAllClose(marks.flat(), { rtol: 1e-14, atol: 1e-15 });
    expect(r.stats.accepted).toBe(30);
  });

  it('drifts the laws Uᵀ U − Vᵀ V by O(η): halving η halves the drift at a fixed time (MATH.md §6)', () => {
    const { problem, theta0 } = twoLayerProblem(3, 3, 2, 3);
    const T = 1;
    const drift = (eta: number) =>
      gradientDescent(problem, theta0, { eta, iterations: Math.round(T / eta), laws: gramLaws(3, 2, 3) })
        .maxLawDrift;
    const d = [0.02, 0.01, 0.005].map(drift);
    expect(d[0]!).toBeGreaterThan(1e-4);
    for (let i = 1; i < d.length; i++) {
      const ratio = d[i - 1]! / d[i]!;
      expect(ratio).toBeGreaterThan(1.7);
      expect(ratio).toBeLessThan(2.3);
    }
    // The flow itself keeps them to ~1e-12: the drift is the discretisation's.
    const flow = gradientFlow(problem, theta0, {
      tEnd: T,
      rtol: 1e-11,
      atol: 1e-12,
      laws: gramLaws(3, 2, 3),
    });
    expect(flow.maxLawDrift * 1e5).toBeLessThan(d[2]!);
  });

  it('flags divergence for a too-large step on a quadratic (η > 2/λ)', () => {
    const quad: LossFunction = (th, g) => {
      g[0] = 10 * th[0]!;
      return 5 * th[0]! ** 2;
    };
    const r = gradientDescent(quad, [1], { eta: 0.3, iterations: 100, maxNorm: 1e6 });
    expect(r.status).toBe('diverged');
    // |1 − 10η| = 2: |θ_k| = 2^k crosses 1e6 between k = 19 and 20.
    expect(r.tStop).toBeGreaterThan(19 * 0.3);
    expect(r.tStop).toBeLessThanOrEqual(20 * 0.3 + 1e-12);
  });

  it('rejects a non-positive step or iteration count, naming it', () => {
    expect(() => gradientDescent(scalarLoss, [1, 1], { eta: 0, iterations: 3 })).toThrow(
      /options.eta .* got 0/,
    );
    expect(() => gradientDescent(scalarLoss, [1, 1], { eta: 0.1, iterations: 2.5 })).toThrow(
      /options.iterations .* got 2.5/,
    );
  });
});
