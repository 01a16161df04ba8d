import { describe, expect, it } from 'vitest';
import { layeredNeuronLaws } from '../layeredNeuronLaws.js';
import type { LayeredFlowProblem } from '../types.js';
import { BudgetError } from '@idyn/linalg';
import { cpuBackend } from '../cpuBackend.js';
import { resolveFloat32Batch } from './batchInput.js';
import { batchNeuronLaws, batchResultOf, memberRunResult, memberTotals } from './batchResult.js';
import { evaluationFlops, layeredBenchCase } from './benchCase.js';
import {
  checkFloat32Rtol,
  FLOAT32_EPSILON,
  FLOAT32_RTOL_FLOOR,
  FLOAT32_TOLERANCES,
  float32TimeResolution,
  resolveFloat32Settings,
} from './float32.js';
import { resolveFloat32Problem } from './float32Problem.js';
import { tooSmallStop } from './runStatus.js';
import { belowTimeResolution, TIME_RESOLUTION_ULPS } from './stepSizeController.js';

describe('float32 backends: constants, settings, the rtol floor', () => {
  it('FLOAT32_EPSILON is the spacing of float32 above 1, and the time resolution is 16 of them', () => {
    expect(Math.fround(1 + FLOAT32_EPSILON)).toBe(1 + FLOAT32_EPSILON);
    expect(Math.fround(1 + FLOAT32_EPSILON / 2)).toBe(1);
    expect(float32TimeResolution(1)).toBe(16 * 2 ** -23);
    expect(float32TimeResolution(-3)).toBe(float32TimeResolution(3));
    // The same rule as the CPU's, with float32's ulp in place of float64's.
    const h = TIME_RESOLUTION_ULPS * Number.EPSILON * 2;
    expect(belowTimeResolution(h, 2, 1)).toBe(true);
    expect(belowTimeResolution(h * 1.01, 2, 1)).toBe(false);
  });

  it('tooSmallStop names the resolution it was given, and the CPU resolution by default', () => {
    expect(tooSmallStop(1e-17, 1, false).message).toBe(
      'step-too-small: step 1e-17 at t = 1 is below the resolution of t',
    );
    expect(tooSmallStop(1e-7, 1, false, 'the float32 resolution').message).toBe(
      'step-too-small: step 1e-7 at t = 1 is below the float32 resolution',
    );
    expect(tooSmallStop(1e-7, 1, true, 'ignored')).toEqual(tooSmallStop(1e-7, 1, true));
  });

  it('resolveFloat32Settings fills the float32 defaults and refuses events and observers naming the backend', () => {
    expect(FLOAT32_TOLERANCES).toEqual({ rtol: 1e-5, atol: 1e-7 });
    const s = resolveFloat32Settings('f', { times: [0, 1] }, 'GPU');
    expect([s.rtol, s.atol]).toEqual([1e-5, 1e-7]);
    expect(() =>
      resolveFloat32Settings('f', { times: [0, 1], observer: () => {} } as never, 'WebGPU'),
    ).toThrow(
      new TypeError(
        'f: options.observer is not supported by the WebGPU backend (data problems only), got a function',
      ),
    );
    expect(() => resolveFloat32Settings('f', null as never, 'GPU')).toThrow(TypeError);
  });

  it('checkFloat32Rtol refuses an adaptive rtol below 1e-5 only', () => {
    expect(FLOAT32_RTOL_FLOOR).toBe(1e-5);
    const at = (o: object) => () =>
      checkFloat32Rtol('g', resolveFloat32Settings('g', { times: [0, 1], ...o }, 'GPU'));
    expect(at({ rtol: 1e-5 })).not.toThrow();
    expect(at({ rtol: 1e-6, method: 'rk4', step: 0.1 })).not.toThrow();
    expect(at({ rtol: 1e-6 })).toThrow(/g: options\.rtol = 1e-6 is below the float32 floor 1e-5/);
  });
});

describe('resolveFloat32Problem', () => {
  it('linear: A in float32, the dim limit, and the CPU messages for bad input', () => {
    const r = resolveFloat32Problem('f', { kind: 'linear', dim: 2, A: [1, 0.1, 0, -1] });
    expect(r.kind).toBe('linear');
    expect(r.key).toBe('linear:2');
    expect(r.kind === 'linear' && Array.from(r.A)).toEqual([1, Math.fround(0.1), 0, -1]);
    expect(() => resolveFloat32Problem('f', { kind: 'linear', dim: 3, A: new Array(9).fill(0) }, 2)).toThrow(
      new RangeError('f: problem.dim is 3, above the kernel limit 2'),
    );
    expect(() => resolveFloat32Problem('f', { kind: 'linear', dim: 0, A: [] })).toThrow(
      /problem\.dim must be a positive integer/,
    );
    expect(() => resolveFloat32Problem('f', { kind: 'linear', dim: 1, A: [Number.NaN] })).toThrow(
      /problem\.A\[0\] must be finite/,
    );
    expect(() => resolveFloat32Problem('f', { kind: 'ode' } as never)).toThrow(
      /problem\.kind must be 'linear' or 'layered-flow'/,
    );
  });

  it('MSE: the data as float32, 1/N, the layout of layeredFlowLoss, the width limit', () => {
    const p: LayeredFlowProblem = {
      kind: 'layered-flow',
      widths: [2, 3, 1],
      activation: ['relu'],
      bias: true,
      loss: { type: 'mse', samples: 2, X: [1, 2, 3, 4], Y: [0.1, 0.2] },
    };
    const r = resolveFloat32Problem('f', p);
    if (r.kind !== 'layered-flow') throw new Error('kind');
    expect(r.dim).toBe(2 * 3 + 3 + 3 + 1);
    expect(r.wOffset).toEqual([0, 6]);
    expect(r.bOffset).toEqual([9, 12]);
    expect(r.relu).toEqual([true]);
    expect(r.samples).toBe(2);
    expect(r.scale).toBe(0.5);
    expect(Array.from(r.Y)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(r.key).toBe('layered:2,3,1:r:true:2');
    expect(() => resolveFloat32Problem('f', p, 2)).toThrow(
      new RangeError('f: problem.widths[1] is 3, above the kernel limit 2'),
    );
    // Malformed descriptions are refused with the CPU compiler's messages, naming the caller.
    expect(() => resolveFloat32Problem('f', { ...p, bias: 1 } as never)).toThrow(
      /^f: problem\.bias must be a boolean/,
    );
  });

  it('synthetic loss: the identity as inputs and the rows of Yᵀ as targets (z = W_L ⋯ W_1 on e_j)', () => {
    // Y is n_L × n_0 = 2 × 3 row-major; sample j (input e_j) has target column j of Y.
    const Y = [1, 2, 3, 4, 5, 6];
    const r = resolveFloat32Problem('f', {
      kind: 'layered-flow',
      widths: [3, 2, 2],
      activation: 'identity',
      bias: false,
      loss: { type: 'synthetic', Y },
    });
    if (r.kind !== 'layered-flow') throw new Error('kind');
    expect(r.samples).toBe(3);
    expect(Array.from(r.X)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(r.Y)).toEqual([1, 4, 2, 5, 3, 6]);
    expect([r.scale, r.quartic]).toEqual([1, 0.1]);
  });
});

describe('resolveFloat32Batch: the CPU batch checks, in the CPU order, with float32 settings', () => {
  const lin = { kind: 'linear' as const, dim: 2, A: [0, 1, -1, 0] };
  it('returns the problem, B, y0, the laws flag and float32 settings', () => {
    const v = resolveFloat32Batch('g', lin, [1, 0, 0, 1], 2, { times: [0, 1] }, 'GPU');
    expect([v.B, v.all.length, v.wantLaws, v.settings.rtol]).toEqual([2, 4, false, 1e-5]);
    expect(v.resolved.key).toBe('linear:2');
  });
  it('refuses what the CPU refuses, with its messages; y0 of one run is worded as dim', () => {
    const at =
      (y0: unknown, batch: unknown, o: unknown, single = false) =>
      () =>
        resolveFloat32Batch('g', lin, y0 as number[], batch as number, o as never, 'GPU', { single });
    expect(at([1, 0], 0, { times: [0, 1] })).toThrow(/g: batch must be a positive integer, got 0/);
    expect(at([1, 0, 0], 2, { times: [0, 1] })).toThrow(/g: y0 has length 3, expected batch × dim = 4/);
    expect(at([1], 1, { times: [0, 1] }, true)).toThrow(/g: y0 has length 1, expected dim = 2/);
    expect(at([1, 0], 1, null)).toThrow(new TypeError('g: options must be an object, got null'));
    expect(at([1, 0], 1, { times: [0, 1], neuronLaws: true })).toThrow(
      /neuronLaws needs a layered-flow problem/,
    );
    expect(at([1, 0], 1, { times: [0, 1], events: [] })).toThrow(
      /options\.events is not supported by the GPU backend/,
    );
    // The budget before the output times are copied: 1e9 times of 2 members is refused.
    expect(at([1, 0], 1, { times: { length: 1e9 } })).toThrow(BudgetError);
    expect(() => cpuBackend.integrateBatch(lin, [1, 0], 1, null as never)).toThrow(
      new TypeError('cpuBackend.integrateBatch: options must be an object, got null'),
    );
  });
});

describe('batch results and the bench case', () => {
  it('memberTotals sums the counters and keeps the per-member steps', () => {
    const t = memberTotals([
      { reached: 2, nfev: 7, accepted: 1, rejected: 0 },
      { reached: 1, nfev: 13, accepted: 2, rejected: 1 },
    ]);
    expect(t.stats).toEqual({ nfev: 20, accepted: 3, rejected: 1 });
    expect(Array.from(t.accepted)).toEqual([1, 2]);
    expect(Array.from(t.rejected)).toEqual([0, 1]);
  });

  it('batchResultOf and memberRunResult assemble the results from the member ends', () => {
    const times = Float64Array.of(0, 1);
    const y = Float64Array.of(1, 2, 3, 4, 5, Number.NaN, Number.NaN, Number.NaN);
    const members = [
      {
        status: 'success' as const,
        message: 'reached t = 1',
        tStop: 1,
        reached: 2,
        nfev: 7,
        accepted: 1,
        rejected: 0,
      },
      {
        status: 'diverged' as const,
        message: 'd',
        tStop: 0.5,
        reached: 1,
        nfev: 5,
        accepted: 0,
        rejected: 2,
      },
    ];
    const r = batchResultOf(times, y, 2, members, 'b');
    expect(r.shape).toEqual([2, 2, 2]);
    expect(r.status).toEqual(['success', 'diverged']);
    expect(r.message).toEqual(['reached t = 1', 'd']);
    expect(Array.from(r.tStop)).toEqual([1, 0.5]);
    expect(r.stats).toEqual({ nfev: 12, accepted: 1, rejected: 2 });
    expect(Array.from(r.rejected)).toEqual([0, 2]);
    expect(r.neuronLaws).toBeUndefined();
    expect(r.t).not.toBe(times);
    const one = memberRunResult(members[1]!, times, y.subarray(4), 2, Float64Array.of(9, 9), 'rk4');
    expect(Array.from(one.t)).toEqual([0]);
    expect(Array.from(one.y)).toEqual([5, Number.NaN]);
    expect(one.shape).toEqual([1, 2]);
    expect(one.stats).toEqual({ nfev: 5, accepted: 0, rejected: 2 });
    expect([one.status, one.tStop, one.method, one.events.length]).toEqual(['diverged', 0.5, 'rk4', 0]);
  });

  it('batchNeuronLaws equals layeredNeuronLaws row by row, NaN beyond the rows a member reached', () => {
    const c = layeredBenchCase('t', { batch: 2, widths: [2, 3, 2, 1], samples: 3 });
    const nt = 2;
    const y = new Float64Array(2 * nt * c.D);
    y.set(c.theta0.subarray(0, c.D), 0);
    y.set(
      c.theta0.subarray(0, c.D).map((v) => 2 * v),
      c.D,
    );
    y.set(c.theta0.subarray(c.D), 2 * c.D);
    const laws = batchNeuronLaws(c.problem, y, nt, [{ reached: 2 }, { reached: 1 }]);
    const H = 5;
    expect(laws.length).toBe(2 * nt * H);
    for (const [row, at] of [
      [0, 0],
      [1, c.D],
      [2, 2 * c.D],
    ] as const) {
      expect(Array.from(laws.subarray(row * H, (row + 1) * H))).toEqual(
        Array.from(layeredNeuronLaws(c.problem, y.subarray(at, at + c.D))),
      );
    }
    expect(laws.subarray(3 * H).every(Number.isNaN)).toBe(true);
  });

  it('layeredBenchCase: D of [8,16,16,1] with biases, same seed gives the same leading members', () => {
    const small = layeredBenchCase('b', { batch: 2 });
    const large = layeredBenchCase('b', { batch: 5 });
    expect(small.D).toBe(8 * 16 + 16 * 16 + 16 + 16 + 16 + 1);
    expect(large.theta0.length).toBe(5 * small.D);
    expect(Array.from(large.theta0.subarray(0, 2 * small.D))).toEqual(Array.from(small.theta0));
    expect(Array.from(large.problem.loss.type === 'mse' ? large.problem.loss.X : [])).toEqual(
      Array.from(small.problem.loss.type === 'mse' ? small.problem.loss.X : []),
    );
    expect(() => layeredBenchCase('b', { batch: 0 })).toThrow(
      /b: options\.batch must be a positive integer, got 0/,
    );
    expect(() => layeredBenchCase('b', { step: -1 })).toThrow(
      /options\.step must be a finite number > 0, got -1/,
    );
    expect(() => layeredBenchCase('b', { method: 'euler' as never })).toThrow(
      /options\.method must be 'rk4' or 'dopri5'/,
    );
  });

  it('evaluationFlops counts the matrix products by hand, and the bias work on request', () => {
    // [8,16,16,1], N = 32: forward and weight gradient 2·32·(128 + 256 + 16) each, cotangents of
    // layers 2 and 3 2·32·(256 + 16); bias adds and sums 2·32·(16 + 16 + 1).
    expect(evaluationFlops([8, 16, 16, 1], 32)).toBe(2 * 32 * (2 * 400 + 272));
    expect(evaluationFlops([8, 16, 16, 1], 32, true)).toBe(68608 + 2 * 32 * 33);
    expect(evaluationFlops([3, 2], 5)).toBe(2 * 5 * 2 * 6);
  });
});
