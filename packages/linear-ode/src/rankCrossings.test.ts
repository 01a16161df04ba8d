import { BudgetError, OverflowError } from '@idyn/linalg';
import { determinant } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { randomMatrix } from '../test/helpers.js';
import { compareLinearFlows } from './compareLinearFlows.js';
import { compareLinearFlowsCost } from './compareLinearFlowsCost.js';
import { intrinsicLinearFlow } from './intrinsicLinearFlow.js';
import { linearGradientFlow } from './linearGradientFlow.js';
import { relaxedBalancedDeep } from './relaxedBalancedDeep.js';
import { relaxedBalancedTwoLayer } from './relaxedBalancedTwoLayer.js';
import { syntheticLoss } from './syntheticLoss.js';

// linear:3-3-4 --init relaxed:1.2:SEED --loss synthetic:LOSS --T 1.5 (21 output times), as the CLI
// builds it: z = U Vᵀ with V square (m = r = 3), n = 4, λ = 1.2 > 0 and r < n, so K(z) needs
// rank z = 3, and det V crosses 0 along the θ-flow for most seeds (MATH.md §4.3).
const T = 1.5;
const times = Float64Array.from({ length: 21 }, (_, i) => (T * i) / 20);
const square = (seed: number) => relaxedBalancedTwoLayer([3, 3, 4], 1.2, { seed }).weights;

describe('compareLinearFlows through rank drops of z (MATH.md §4.3 validity)', () => {
  it('linear:3-3-4 relaxed:1.2:1, loss seed 7: one crossing where det V changes sign, located on the θ-flow', () => {
    const r = compareLinearFlows(square(1), { times, loss: syntheticLoss(4, 3, { seed: 7 }) });
    expect(r.noIntrinsicFlow).toBeNull();
    expect(r.singularCrossings).toHaveLength(1);
    const c = r.singularCrossings[0]!;
    expect(c).toMatchObject({ layer: 0, rank: 2, fullRank: 3, metricBreaks: true });
    expect(c.sigmaRatio).toBeLessThan(1e-8);
    // independent: det Vᵀ from the plain θ-flow changes sign around c.t and vanishes there
    const det = (t: number) =>
      determinant(
        linearGradientFlow(square(1), { times: [0, t], loss: syntheticLoss(4, 3, { seed: 7 }) })
          .weights[1]![0]!,
      );
    expect(Math.sign(det(c.t - 0.02))).toBe(-Math.sign(det(c.t + 0.02)));
    expect(Math.abs(det(c.t))).toBeLessThan(1e-8);
    expect(c.restart).toBeGreaterThan(c.t);
  });

  it.each([
    [1, 7],
    [1, 3],
    [1, 4],
    [3, 7],
    [4, 7],
    [5, 7],
  ])(
    'relaxed:1.2:%i with loss seed %i finishes with its crossings reported and every piece within 1e-9 of the θ-flow',
    (seed, lossSeed) => {
      const r = compareLinearFlows(square(seed), { times, loss: syntheticLoss(4, 3, { seed: lossSeed }) });
      expect(r.status).toEqual({ theta: 'success', intrinsic: 'success' });
      expect(r.singularCrossings.length).toBeGreaterThanOrEqual(1);
      expect(r.pieces).toHaveLength(r.singularCrossings.length + 1);
      for (const [i, c] of r.singularCrossings.entries()) {
        // a piece ends at each crossing and the next starts at its restart time
        expect(r.pieces[i]!.tEnd).toBe(c.t);
        expect(r.pieces[i + 1]!.tStart).toBe(c.restart);
      }
      for (const p of r.pieces) {
        expect(p.status).toBe('success');
        for (const k of p.indices) expect(r.times[k]!).toBeGreaterThanOrEqual(p.tStart);
      }
      expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
      // every output time is compared or listed as skipped, and skipped ones sit next to a crossing
      for (const k of r.skippedTimes) {
        expect(Number.isNaN(r.deviation[k]!)).toBe(true);
        expect(r.singularCrossings.some((c) => Math.abs(r.times[k]! - c.t) < 0.1)).toBe(true);
      }
      expect(r.lawDrift).toBeLessThanOrEqual(1e-10);
    },
  );

  it('without the restart, the z-flow alone stops at the crossing: the §4.3 metric refuses rank z < r there', () => {
    const loss = syntheticLoss(4, 3, { seed: 7 });
    const { z } = relaxedBalancedTwoLayer([3, 3, 4], 1.2, { seed: 1 });
    const alone = intrinsicLinearFlow(z, { kind: 'two-layer', lambda: 1.2, r: 3 }, { times, loss });
    expect(alone.status).toBe('non-finite');
    expect(alone.message).toMatch(/the metric failed at t = 1\.0\d+: .*needs rank z = r = 3/);
  });

  it('deep square relaxed balanced (3, [0.5, −0.2]): a rank drop does not break K (§4.4), the z-flow runs through it within 1e-10', () => {
    const { weights } = relaxedBalancedDeep(3, [0.5, -0.2], { seed: 2 });
    const r = compareLinearFlows(weights, {
      times: Float64Array.from({ length: 31 }, (_, i) => (1.5 * i) / 30),
      loss: syntheticLoss(3, 3, { seed: 2 }),
    });
    expect(r.singularCrossings).toHaveLength(1);
    expect(r.singularCrossings[0]).toMatchObject({ metricBreaks: false, restart: null, rank: 2 });
    expect(r.pieces).toHaveLength(1);
    expect(r.skippedTimes).toEqual([]);
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-10);
  });

  it('two layers with λ < 0 and r = m = n: det U crosses 0 but K stays a function of z (§4.3), one piece within 1e-10', () => {
    const { weights } = relaxedBalancedTwoLayer([3, 3, 3], -0.8, { seed: 1 });
    const r = compareLinearFlows(weights, {
      times: Float64Array.from({ length: 31 }, (_, i) => (1.5 * i) / 30),
      loss: syntheticLoss(3, 3, { seed: 1 }),
    });
    expect(r.singularCrossings.map((c) => [c.layer, c.metricBreaks])).toEqual([[1, false]]);
    expect(r.pieces).toHaveLength(1);
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-10);
  });
});

describe('compareLinearFlows on generic (not relaxed balanced) inits', () => {
  const generic = (m: number, r: number, n: number, seed: number, scale: number) => [
    randomMatrix(r, m, seed).mul(scale),
    randomMatrix(n, r, seed + 1).mul(scale),
  ];

  it('linear:3-4-3 with a Gaussian init: the θ-flow runs, no intrinsic flow exists, nothing is thrown (fitted λ < 0 with r > m)', () => {
    const r = compareLinearFlows(generic(3, 4, 3, 11, 0.5), { T: 1 });
    expect(r.noIntrinsicFlow).toMatch(
      /^theta0 is not relaxed balanced: .* no K\(z\) makes the z-flow autonomous$/,
    );
    expect(r.status).toEqual({ theta: 'success', intrinsic: 'not-run' });
    expect(r.initialResidual).toBeGreaterThan(0.1);
    expect(r.lawDrift).toBeLessThanOrEqual(1e-11);
    expect(r.pieces).toEqual([]);
    expect(Number.isNaN(r.maxDeviation)).toBe(true);
    expect(r.thetaFlow.times).toHaveLength(11);
  });

  it('linear:3-2-3 generic: the fitted-λ z-flow still runs as a negative control and deviates by O(0.1)', () => {
    const r = compareLinearFlows(generic(3, 2, 3, 21, 1), { T: 2 });
    expect(r.noIntrinsicFlow).toMatch(/not relaxed balanced/);
    expect(r.status.intrinsic).toBe('success');
    expect(r.maxDeviation).toBeGreaterThan(1e-2);
  });

  it('a relaxed balanced init with λ > 0, r < n but r > m: M(θ) is never a function of z, said plainly', () => {
    const { weights } = relaxedBalancedTwoLayer([2, 3, 4], 0.9, { seed: 1 });
    const r = compareLinearFlows(weights, { T: 1 });
    expect(r.noIntrinsicFlow).toMatch(/needs rank z = r, but rank z <= min\(n, m\) = 2 < r/);
    expect(r.status.intrinsic).toBe('not-run');
  });

  it('a given model whose λ differs from θ0’s leaf is run, and flagged', () => {
    const { weights } = relaxedBalancedTwoLayer([2, 3, 3], 0.7, { seed: 1 });
    const r = compareLinearFlows(weights, { T: 1, model: { kind: 'two-layer', lambda: 0.3, r: 3 } });
    expect(r.noIntrinsicFlow).toMatch(/not on the model's leaf lambda 0.3/);
    expect(r.maxDeviation).toBeGreaterThan(1e-4);
  });
});

describe('compareLinearFlows: refusals that name the field', () => {
  const { weights } = relaxedBalancedTwoLayer([2, 3, 3], 0.7, { seed: 1 });

  it('refuses rtol > 1 at the entry', () => {
    expect(() => compareLinearFlows(weights, { rtol: 2 })).toThrow(
      /compareLinearFlows: options.rtol must be in \(0, 1\], got 2/,
    );
  });

  it('says that phi(theta0) overflowed, not a later symptom', () => {
    const big = weights.map((U) => U.clone().mul(1e160));
    expect(() => compareLinearFlows(big)).toThrow(OverflowError);
    expect(() => compareLinearFlows(big)).toThrow(
      /^phi\(theta0\) overflowed float64 \(theta0 is too large\)/,
    );
  });

  it('refuses 1e9 output times by its memory estimate before allocating them', () => {
    const huge = { length: 1e9 } as ArrayLike<number>;
    let error: unknown;
    try {
      compareLinearFlows(weights, { times: huge });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BudgetError);
    const b = error as BudgetError;
    expect(b.option).toBe('maxMemoryBytes');
    expect(b.value).toBe(compareLinearFlowsCost([2, 3, 3], 1e9).memoryBytes);
    expect(b.limit).toBe(2 ** 31);
    expect(b.message).toMatch(
      /needs about [\d.]+ TiB of memory \(D = 15, d = 6, times = 1000000000\), above the budget of 2\.00 GiB \(maxMemoryBytes\)/,
    );
  });

  it('estimates memory linearly in the number of output times', () => {
    const a = compareLinearFlowsCost([3, 3, 4], 1000).memoryBytes;
    const b = compareLinearFlowsCost([3, 3, 4], 2000).memoryBytes;
    expect(b / a).toBeGreaterThan(1.9);
    expect(b / a).toBeLessThan(2.01);
    expect(() => compareLinearFlowsCost([3, 0], 5)).toThrow(/widths must be at least two positive integers/);
  });
});
