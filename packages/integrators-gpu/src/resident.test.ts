import { createRequire } from 'node:module';
import { cpuBackend, type LayeredFlowProblem, layeredFlowLoss } from '@idyn/integrators';
import {
  divergedStop,
  maxStepsStop,
  nonFiniteRhsStop,
  nonFiniteStepStop,
  reachedMessage,
  startStop,
  tooSmallStop,
} from '@idyn/integrators/backend';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { availableGpuModes } from './availableGpuModes.js';
import { createGpuBackend } from './createGpuBackend.js';

// The device-resident structure of a run: what is read back and when, per-member step control,
// chunks, progress and cancellation. gpu.js's `cpu` mode runs the same kernels as GL.
const gpu = createGpuBackend({ mode: 'cpu', minGpuBatch: 0 });
const modes = (['cpu', 'webasm', 'headlessgl'] as const).filter((m) => availableGpuModes().includes(m));

function mlp(seed: number, widths: number[], samples = 6) {
  const rng = createRng(seed);
  const problem: LayeredFlowProblem = {
    kind: 'layered-flow',
    widths,
    activation: 'relu',
    bias: true,
    loss: {
      type: 'mse',
      samples,
      X: rng.normals(samples * widths[0]!),
      Y: rng.normals(samples * widths[widths.length - 1]!),
    },
  };
  return { problem, dim: layeredFlowLoss(problem).dim, rng };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('resident runs: read-backs only at output times, status summaries and the end', () => {
  for (const mode of modes) {
    it(`adaptive DOPRI5 (${mode}): readbacks ≤ (output times + 2) + ⌈rounds / statusEvery⌉, and every row arrives`, () => {
      const backend = createGpuBackend({ mode, minGpuBatch: 0, statusEvery: 3 });
      const { problem, dim, rng } = mlp(25, [2, 4, 4, 1]);
      const B = 6;
      const theta = rng.normals(B * dim, 0.7);
      const times = [0, 0.1, 0.2, 0.35, 0.5, 0.75, 1];
      const r = backend.integrateBatch(problem, theta, B, { times, rtol: 1e-5, atol: 1e-7 });
      expect(r.status.every((s) => s === 'success')).toBe(true);
      expect(r.readbacks).toBeLessThanOrEqual(times.length + 2 + Math.ceil(r.rounds / 3));
      // Exactly: one per output time after t0, one per summary, control records and final states.
      expect(r.readbacks).toBe(times.length - 1 + r.summaryReadbacks + 2);
      expect(r.summaryReadbacks).toBeLessThanOrEqual(Math.ceil(r.rounds / 3));
      expect(r.y.every(Number.isFinite)).toBe(true);
      // Each member keeps its own step control: the rounds are those of the slowest member.
      expect(r.rounds).toBeGreaterThanOrEqual(
        Math.max(...Array.from(r.accepted, (a, b) => a + r.rejected[b]!)),
      );
      backend.destroy();
    });
  }

  it('fixed-step RK4 reads back one row set per distinct output time (duplicates share one)', () => {
    const { problem, dim, rng } = mlp(3, [2, 3, 1]);
    const theta = rng.normals(4 * dim, 0.7);
    const times = [0, 0.2, 0.2, 0.4];
    const r = gpu.integrateBatch(problem, theta, 4, { times, method: 'rk4', step: 0.05 });
    expect(r.rounds).toBe(8);
    expect(r.readbacks).toBe(2 + r.summaryReadbacks + 2);
    const rows = (b: number, i: number) => r.y.subarray((b * 4 + i) * dim, (b * 4 + i + 1) * dim);
    for (let b = 0; b < 4; b++) expect(Array.from(rows(b, 1))).toEqual(Array.from(rows(b, 2)));
  });
});

describe('resident runs: per-member step control follows the CPU engine', () => {
  it('DOPRI5 members take the same accepted and rejected steps as cpuBackend at the same tolerances', () => {
    // Different scales give different step sequences per member; the float32 error estimate
    // differs from float64 only at ~1e-7 relative, far from the accept/reject threshold here.
    const { problem, dim, rng } = mlp(31, [2, 3, 1]);
    const base = rng.normals(dim, 1);
    const scales = [0.3, 1, 1.6, 2];
    const theta = Float64Array.from(scales.flatMap((c) => Array.from(base, (v) => c * v)));
    const opts = { times: [0, 0.5, 1], rtol: 1e-5, atol: 1e-8 };
    const r = gpu.integrateBatch(problem, theta, scales.length, opts);
    const ref = scales.map((_, b) =>
      cpuBackend.integrate(problem, theta.subarray(b * dim, (b + 1) * dim), opts),
    );
    expect(Array.from(r.accepted)).toEqual(ref.map((x) => x.stats.accepted));
    expect(Array.from(r.rejected)).toEqual(ref.map((x) => x.stats.rejected));
    expect(new Set(r.accepted).size).toBeGreaterThan(1);
    expect(r.stats.nfev).toBe(ref.reduce((s, x) => s + x.stats.nfev, 0));
  });

  it('a dense output grid with 2 output slots shortens steps but records every row to the DOPRI5 accuracy', () => {
    const backend = createGpuBackend({ mode: 'cpu', minGpuBatch: 0, outputSlots: 2 });
    const osc = { kind: 'linear' as const, dim: 2, A: [0, 1, -1, 0] };
    const times = Array.from({ length: 41 }, (_, i) => 0.1 * i);
    const r = backend.integrateBatch(osc, [1, 0, 0, 1], 2, { times, rtol: 1e-5, atol: 1e-7 });
    expect(r.status).toEqual(['success', 'success']);
    // Closed form: from (1, 0), (cos t, −sin t); from (0, 1), (sin t, cos t).
    const exact = [
      ...times.flatMap((t) => [Math.cos(t), -Math.sin(t)]),
      ...times.flatMap((t) => [Math.sin(t), Math.cos(t)]),
    ];
    expect(maxAbsDiff(r.y, exact)).toBeLessThan(1e-4);
    expect(r.readbacks).toBe(times.length - 1 + r.summaryReadbacks + 2);
  });
});

describe('resident runs: every status and message is a named rule of @idyn/integrators/backend', () => {
  const growth = { kind: 'linear' as const, dim: 1, A: [1] };
  const decay = { kind: 'linear' as const, dim: 1, A: [-1] };
  for (const method of ['dopri5', 'rk4'] as const) {
    const fixed = method === 'rk4' ? { method, step: 0.05 } : { rtol: 1e-5, atol: 1e-7 };
    it(`${method}: success, divergence inside a step and at the start, each with the CPU's status and message`, () => {
      const ok = gpu.integrateBatch(decay, [1, 2], 2, { times: [0, 0.5, 1], ...fixed });
      expect(ok.status).toEqual(['success', 'success']);
      expect(ok.message).toEqual([reachedMessage(1), reachedMessage(1)]);
      // y′ = y from 1 reaches maxNorm = 2 at t = ln 2; from 5 it is beyond it at t0.
      const r = gpu.integrateBatch(growth, [1, 5], 2, { times: [0, 1], maxNorm: 2, ...fixed });
      const cpu = cpuBackend.integrateBatch(growth, [1, 5], 2, { times: [0, 1], maxNorm: 2, ...fixed });
      expect(r.status).toEqual(['diverged', 'diverged']);
      expect(r.status).toEqual(cpu.status);
      expect(r.tStop[0]!).toBeCloseTo(Math.LN2, 4);
      expect(r.message[0]).toBe(divergedStop(2, r.tStop[0]!).message);
      expect(r.message[1]).toBe(startStop(Float64Array.of(5), 2, 0)!.message);
      expect(r.message[1]).toBe(cpu.message[1]);
    });
  }

  it('max-steps: adaptive and fixed runs stop with maxStepsStop at the time they reached', () => {
    const a = gpu.integrateBatch(decay, [1], 1, { times: [0, 10], maxSteps: 3, rtol: 1e-5 });
    expect(a.status).toEqual(['max-steps']);
    expect(a.message[0]).toBe(maxStepsStop(3, a.tStop[0]!, 10).message);
    const f = gpu.integrateBatch(decay, [1], 1, { times: [0, 10], maxSteps: 3, method: 'rk4', step: 0.1 });
    const cpu = cpuBackend.integrateBatch(decay, [1], 1, {
      times: [0, 10],
      maxSteps: 3,
      method: 'rk4',
      step: 0.1,
    });
    expect(f.status).toEqual(['max-steps']);
    expect(f.message).toEqual(cpu.message);
    expect(f.message[0]).toBe(maxStepsStop(3, f.tStop[0]!, 10).message);
  });

  it('non-finite: a fixed step names the step or the right-hand side, an adaptive run the shrunk step', () => {
    // y′ = 10 y by Euler steps of 1 overflows float32 after ~38 steps; y′ = 100 y overflows it
    // near t = ln(3.4e38) / 100 ≈ 0.89, where every adaptive trial is non-finite until h falls
    // below float32's resolution of the member's time.
    const f = gpu.integrateBatch({ kind: 'linear', dim: 1, A: [10] }, [1], 1, {
      times: [0, 1000],
      method: 'euler',
      step: 1,
    });
    expect(f.status).toEqual(['non-finite']);
    const t = f.tStop[0]!;
    expect([nonFiniteStepStop(t, 1).message, nonFiniteRhsStop(t).message]).toContain(f.message[0]);
    const a = gpu.integrateBatch({ kind: 'linear', dim: 1, A: [100] }, [1], 1, { times: [0, 10] });
    expect(a.status).toEqual(['non-finite']);
    expect(a.tStop[0]!).toBeGreaterThan(0.8);
    expect(a.tStop[0]!).toBeLessThan(0.89);
    const shrank = /step shrank to (\S+)\)$/.exec(a.message[0]!);
    expect(shrank).not.toBeNull();
    expect(a.message[0]).toBe(tooSmallStop(Number(shrank![1]), a.tStop[0]!, true).message);
  });

  it('step-too-small: a step that vanishes in float32 stops with tooSmallStop, as on the CPU', () => {
    // y′ = A y with |A| = 3e38 from (1, 1): every trial step above ~1e-39 overflows, yet f(y0)
    // is finite; the step shrinks to float32's resolution (0 at t = 0) and the run stops there.
    const stiff = { kind: 'linear' as const, dim: 2, A: [0, 3e38, 3e38, 0] };
    const r = gpu.integrateBatch(stiff, [1, 1], 1, { times: [0, 10] });
    const cpu = cpuBackend.integrateBatch(stiff, [1, 1], 1, { times: [0, 10] });
    expect(r.status).toEqual(['step-too-small']);
    expect(r.status).toEqual(cpu.status);
    const h = Number(/step (\S+) at t/.exec(r.message[0]!)![1]);
    expect(r.message[0]).toBe(tooSmallStop(h, r.tStop[0]!, false).message);
  });
});

describe('resident runs: device memory', () => {
  it.runIf(modes.includes('headlessgl'))(
    'headless-gl: the number of live GL textures does not grow with the rounds (every intermediate is released)',
    () => {
      // Count textures created minus deleted on the WebGL prototype that gpu.js's contexts share.
      const req = createRequire(createRequire(import.meta.url).resolve('gpu.js'));
      const ctx = req('gl')(1, 1);
      let proto = Object.getPrototypeOf(ctx);
      while (proto && !Object.hasOwn(proto, 'createTexture')) proto = Object.getPrototypeOf(proto);
      const create = proto.createTexture;
      const remove = proto.deleteTexture;
      let live = 0;
      proto.createTexture = function (...a: unknown[]) {
        live++;
        return create.apply(this, a);
      };
      proto.deleteTexture = function (...a: unknown[]) {
        live--;
        return remove.apply(this, a);
      };
      try {
        const backend = createGpuBackend({ mode: 'headlessgl', minGpuBatch: 0, outputSlots: 2 });
        const { problem, dim, rng } = mlp(5, [2, 3, 1], 4);
        const theta = rng.normals(16 * dim, 0.5);
        const run = (T: number) => {
          const times = Array.from({ length: 9 }, (_, i) => (T * i) / 8);
          const r = backend.integrateBatch(problem, theta, 16, { times, rtol: 1e-5, maxNorm: 100 });
          return { rounds: r.rounds, live };
        };
        const first = run(0.5);
        const longer = run(2);
        // Same shape, 4× the span: more rounds, the same textures (those the kernels hold).
        expect(longer.rounds).toBeGreaterThan(first.rounds);
        expect(longer.live).toBe(first.live);
        backend.destroy();
      } finally {
        proto.createTexture = create;
        proto.deleteTexture = remove;
      }
    },
  );
});

describe('resident runs: chunks, limits, progress and cancellation', () => {
  it('a batch split into chunks of 3 gives exactly the unsplit result', () => {
    const { problem, dim, rng } = mlp(7, [2, 3, 1]);
    const theta = rng.normals(8 * dim, 0.7);
    const opts = { times: [0, 0.5, 1], rtol: 1e-5, atol: 1e-7 };
    const whole = gpu.integrateBatch(problem, theta, 8, opts);
    const split = createGpuBackend({ mode: 'cpu', minGpuBatch: 0, maxChunk: 3 }).integrateBatch(
      problem,
      theta,
      8,
      opts,
    );
    expect(whole.chunks).toBe(1);
    expect(split.chunks).toBe(3);
    expect(Array.from(split.y)).toEqual(Array.from(whole.y));
    expect(Array.from(split.accepted)).toEqual(Array.from(whole.accepted));
  });

  it('rejects maxSteps above 2^24 and results beyond the largest array with RangeErrors naming them', () => {
    const decay = { kind: 'linear' as const, dim: 2, A: [-1, 0, 0, -1] };
    expect(() => gpu.integrateBatch(decay, [1, 1], 1, { times: [0, 1], maxSteps: 2 ** 24 + 1 })).toThrow(
      /options\.maxSteps = 16777217 exceeds 16777216/,
    );
    const B = 2 ** 16;
    const times = Array.from({ length: 2 ** 15 }, (_, i) => i);
    // An unlimited budget lets the call reach the array-size guard (the default budget refuses first).
    const budget = { maxMemoryBytes: Number.POSITIVE_INFINITY, maxWork: Number.POSITIVE_INFINITY };
    expect(() => gpu.integrateBatch(decay, new Float64Array(2 * B), B, { times, budget })).toThrow(
      /batch × times × dim = 65536 × 32768 × 2 exceeds 2147483647/,
    );
    expect(() => createGpuBackend({ mode: 'cpu', statusEvery: 0 })).toThrow(/options\.statusEvery.*0/);
    expect(() => createGpuBackend({ mode: 'cpu', outputSlots: 1.5 })).toThrow(/options\.outputSlots.*1\.5/);
  });

  it('reports progress (members done, steps/s) and stops with the signal reason when aborted from onProgress', () => {
    const { problem, dim, rng } = mlp(9, [2, 3, 1]);
    const theta = rng.normals(4 * dim, 0.7);
    const seen: { membersDone: number; trajectorySteps: number; stepsPerSecond: number }[] = [];
    const backend = createGpuBackend({ mode: 'cpu', minGpuBatch: 0, statusEvery: 2 });
    const opts = { times: [0, 1], method: 'rk4' as const, step: 0.05 };
    backend.integrateBatch(problem, theta, 4, { ...opts, onProgress: (p) => seen.push(p) });
    // 20 rounds, a summary every 2 rounds except after the last: 9 reports, 4 members × 2k steps.
    expect(seen.length).toBe(9);
    expect(seen.map((p) => p.trajectorySteps)).toEqual(Array.from({ length: 9 }, (_, k) => 8 * (k + 1)));
    expect(seen.every((p) => p.membersDone === 0 && p.stepsPerSecond > 0)).toBe(true);
    const controller = new AbortController();
    let calls = 0;
    expect(() =>
      backend.integrateBatch(problem, theta, 4, {
        ...opts,
        signal: controller.signal,
        onProgress: () => {
          calls++;
          controller.abort(new Error('stop here'));
        },
      }),
    ).toThrow('stop here');
    expect(calls).toBe(1);
  });

  it('integrateBatchAsync yields to the event loop: a timer aborts it, and it rejects with AbortError', async () => {
    const { problem, dim, rng } = mlp(9, [2, 3, 1]);
    const theta = rng.normals(4 * dim, 0.7);
    const backend = createGpuBackend({ mode: 'cpu', minGpuBatch: 0, statusEvery: 1 });
    const controller = new AbortController();
    let reports = 0;
    const run = backend.integrateBatchAsync(problem, theta, 4, {
      times: [0, 100],
      method: 'rk4',
      step: 0.01,
      signal: controller.signal,
      onProgress: () => {
        reports++;
      },
    });
    setTimeout(() => controller.abort(), 20);
    await expect(run).rejects.toThrow(/aborted/);
    // It ran for a while before the timer fired, and stopped long before its 10 000 rounds.
    expect(reports).toBeGreaterThan(0);
    expect(reports).toBeLessThan(10_000);
    // Not aborted: the same call resolves to the synchronous result.
    const opts = { times: [0, 0.5], method: 'rk4' as const, step: 0.05 };
    const a = await backend.integrateBatchAsync(problem, theta, 4, opts);
    expect(Array.from(a.y)).toEqual(Array.from(backend.integrateBatch(problem, theta, 4, opts).y));
  });
});
