import { maxAbs, maxAbsDiff } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { observedOrder } from '../test/closedForms.js';
import { randomMatrix } from '../test/helpers.js';
import { add, scale, sub } from './internal/dense.js';
import { logMean } from './internal/logMean.js';
import { logMeanMetric } from './logMeanMetric.js';
import { logMeanMetricQuadrature } from './logMeanMetricQuadrature.js';
import { neuralOdeGradient } from './neuralOdeGradient.js';
import { neuralOdeLaw } from './neuralOdeLaw.js';
import { neuralOdeMetric } from './neuralOdeMetric.js';
import { relaxedBalancedOdeParameter } from './relaxedBalancedOdeParameter.js';
import { resnetMetric } from './resnetMetric.js';
import { solveLinearOde } from './solveLinearOde.js';

const G = randomMatrix(3, 3, 77);
// A generic (not relaxed balanced) smooth parameter.
const A1 = randomMatrix(3, 3, 1).mul(0.5);
const A2 = randomMatrix(3, 3, 2).mul(0.5);
const generic = (s: number): Matrix => add(A1, scale(A2, Math.sin(2 * s)));

describe('neuralOdeGradient (MATH.md §4.5)', () => {
  it('is the L² gradient: ∫⟨−dA/dt, B⟩ ds equals the directional derivative of ⟨G, X(1)⟩', () => {
    const Bdir = (s: number): Matrix => scale(randomMatrix(3, 3, 5), Math.cos(s));
    const steps = 400;
    const sol = solveLinearOde(generic, { steps });
    const grad = neuralOdeGradient(sol, G);
    // Simpson on the nodes of −⟨dA/dt, B⟩.
    let integral = 0;
    grad.forEach((D, k) => {
      const w = k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2;
      const Bk = Bdir(sol.s[k]!);
      let dot = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) dot += D.get(i, j) * Bk.get(i, j);
      integral -= (w * dot) / (3 * steps);
    });
    const eps = 1e-5;
    const f = (e: number): number => {
      const z = solveLinearOde((s) => add(generic(s), scale(Bdir(s), e)), { steps }).z;
      let v = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) v += G.get(i, j) * z.get(i, j);
      return v;
    };
    const fd = (f(eps) - f(-eps)) / (2 * eps);
    expect(integral).toBeAllClose(fd, { rtol: 1e-8, atol: 1e-9 });
  });

  it('conserves C(s): ∂_s(B + Bᵀ) + BᵀA + AᵀB − BAᵀ − ABᵀ = 0 for B = dA/dt (the time derivative of C)', () => {
    const steps = 2000;
    const sol = solveLinearOde(generic, { steps });
    const grad = neuralOdeGradient(sol, G);
    const h = 1 / steps;
    let worst = 0;
    for (const k of [300, 1000, 1700]) {
      const Bk = grad[k]!;
      const dB = scale(sub(grad[k + 1]!, grad[k - 1]!), 1 / (2 * h));
      const A = generic(sol.s[k]!);
      const dC = add(
        add(dB, dB.transpose()),
        sub(
          add(Bk.transpose().mmul(A), A.transpose().mmul(Bk)),
          add(Bk.mmul(A.transpose()), A.mmul(Bk.transpose())),
        ),
      );
      worst = Math.max(worst, maxAbs(dC) / maxAbs(Bk));
    }
    // Central differences: O(h²) ≈ 2.5e-7 relative.
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('relaxedBalancedOdeParameter (MATH.md §4.5)', () => {
  it.each([
    ['λ = 0.5', 0.5 as number | ((s: number) => number)],
    ['λ(s) = 2 sin 3s', (s: number) => 2 * Math.sin(3 * s)],
  ])('has C(s) = λ(s) I with a finite-difference ∂_s A (%s)', (_name, lambda) => {
    const p = relaxedBalancedOdeParameter({ n: 3, lambda, seed: 4 });
    for (const s of [0, 0.1, 0.37, 0.5, 0.93, 1]) {
      const C = neuralOdeLaw(p.A, s);
      expect(C).toBeAllClose(scale(Matrix.eye(3), p.lambda(s)), { rtol: 0, atol: 1e-9 });
      expect(neuralOdeLaw(p.A, s, { derivative: p.derivative })).toBeAllClose(
        scale(Matrix.eye(3), p.lambda(s)),
        {
          rtol: 0,
          atol: 1e-13,
        },
      );
    }
  });

  it('computes Λ = ∫λ by quadrature: Λ(s) = (2/3)(1 − cos 3s) for λ = 2 sin 3s', () => {
    const p = relaxedBalancedOdeParameter({ n: 2, lambda: (s) => 2 * Math.sin(3 * s) });
    for (const s of [0, 0.2, 0.8, 1])
      expect(p.Lambda(s)).toBeAllClose((2 / 3) * (1 - Math.cos(3 * s)), { rtol: 1e-14, atol: 1e-15 });
  });

  it('a generic parameter does not have C(s) ∝ I', () => {
    expect(
      maxAbs(sub(neuralOdeLaw(generic, 0.4), scale(Matrix.eye(3), neuralOdeLaw(generic, 0.4).trace() / 3))),
    ).toBeGreaterThan(1e-2);
  });
});

describe('logMeanMetric (MATH.md §4.5, §5)', () => {
  it.each([
    ['λ = 0.5', 0.5 as number | ((s: number) => number)],
    ['λ(s) = 2 sin 3s', (s: number) => 2 * Math.sin(3 * s)],
  ])(
    'equals the 2001-point Simpson quadrature of P Pᵀ G Xᵀ X for relaxed balanced A (%s)',
    (_name, lambda) => {
      const p = relaxedBalancedOdeParameter({ n: 3, lambda, seed: 1 });
      const sol = solveLinearOde(p.A, { steps: 2000 });
      // MATH.md §5 reports ~2e-10; we observe ~2e-14 here.
      expect(maxAbsDiff(neuralOdeMetric(sol, G), logMeanMetric(sol.z, G))).toBeLessThan(2e-10);
    },
  );

  it('does not match the quadrature for a generic A (relaxed balance matters)', () => {
    const sol = solveLinearOde(generic, { steps: 200 });
    expect(maxAbsDiff(neuralOdeMetric(sol, G), logMeanMetric(sol.z, G))).toBeGreaterThan(1e-2);
  });

  it('equals the quadrature ∫ (zzᵀ)^{1−s} G (zᵀz)^s ds for a random invertible z', () => {
    const z = randomMatrix(3, 3, 8);
    expect(logMeanMetric(z, G)).toBeAllClose(logMeanMetricQuadrature(z, G), { rtol: 1e-10, atol: 1e-11 });
  });

  it('is stable when singular values nearly coincide (logarithmic mean at a ≈ b)', () => {
    expect(logMean(2, 2)).toBe(2);
    // (a − b)/(ln a − ln b) = a(1 + u/2 + u²/6 + …) with u = ln(b/a) for b = a(1 + 1e-12).
    const a = 1.7;
    const b = a * (1 + 1e-12);
    expect(logMean(a, b)).toBeAllClose(a * (1 + 0.5e-12), { rtol: 1e-15, atol: 0 });
    expect(logMean(3, 0)).toBe(0);
    const z = Matrix.diag([1.3, 1.3 * (1 + 1e-13), 0.6]);
    expect(logMeanMetric(z, G)).toBeAllClose(logMeanMetricQuadrature(z, G), { rtol: 1e-10, atol: 1e-11 });
  });
});

describe('resnetMetric (MATH.md §4.5, §5)', () => {
  it('converges to the neural ODE metric with order 1 in 1/L (L = 25 … 400)', () => {
    const p = relaxedBalancedOdeParameter({ n: 3, lambda: 0.5, seed: 1 });
    const sol = solveLinearOde(p.A, { steps: 400 });
    const limit = logMeanMetric(sol.z, G);
    const Ls = [25, 50, 100, 200, 400];
    const errors = Ls.map((L) => maxAbsDiff(resnetMetric(p.A, L, G).metric, limit));
    const slope = observedOrder(Ls, errors);
    expect(slope).toBeGreaterThan(0.9);
    expect(slope).toBeLessThan(1.1);
  });

  it('equals the exact linear-network metric (1/L)·Σ P_k P_kᵀ G Q_kᵀ Q_k by direct products', () => {
    const { metric, weights, z } = resnetMetric(generic, 6, G);
    let direct = Matrix.zeros(3, 3);
    for (let k = 0; k < 6; k++) {
      let P = Matrix.eye(3);
      for (let j = 5; j > k; j--) P = P.mmul(weights[j]!);
      let Q = Matrix.eye(3);
      for (let j = k - 1; j >= 0; j--) Q = Q.mmul(weights[j]!);
      direct = add(direct, P.mmul(P.transpose()).mmul(G).mmul(Q.transpose().mmul(Q)));
    }
    expect(metric).toBeAllClose(scale(direct, 1 / 6), { rtol: 1e-13, atol: 1e-14 });
    expect(weights[0]!).toBeAllClose(add(Matrix.eye(3), scale(generic(1 / 6), 1 / 6)), {
      rtol: 0,
      atol: 1e-15,
    });
    expect(z.rows).toBe(3);
  });
});
