// Entry of the in-browser test bundle (see run.mjs): the conformance suite of
// @idyn/integrators/testing and the WebGPU-specific tests, against WebGPU in headless Chromium
// (SwiftShader, a fallback adapter: correctness and structure, not speed).
import { cpuBackend, type LayeredFlowProblem, type LinearProblem } from '@idyn/integrators';
import {
  divergedStop,
  maxStepsStop,
  reachedMessage,
  startStop,
  tooSmallStop,
} from '@idyn/integrators/backend';
import { runConformanceSuite } from '@idyn/integrators/testing';
import { createRng } from '@idyn/linalg';
import {
  availableWebGpu,
  createWebGpuBackend,
  FLOAT32_RTOL_FLOOR,
  type WebGpuBackend,
  WebGpuUnavailableError,
} from '../../src/index.js';
import { describe, expect, it, runAll } from './harness.js';

export { runAll };

const backend: WebGpuBackend = await createWebGpuBackend();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    m = d > m || Number.isNaN(d) ? d : m;
  }
  return m;
}

function mlp(
  seed: number,
  widths: number[],
  activation: 'relu' | 'identity',
  bias: boolean,
  samples: number,
): LayeredFlowProblem {
  const rng = createRng(seed);
  return {
    kind: 'layered-flow',
    widths,
    activation,
    bias,
    loss: {
      type: 'mse',
      samples,
      X: rng.normals(samples * widths[0]!),
      Y: rng.normals(samples * widths[widths.length - 1]!),
    },
  };
}

function paramCount(widths: readonly number[], bias: boolean): number {
  let D = 0;
  for (let l = 1; l < widths.length; l++) D += widths[l]! * widths[l - 1]! + (bias ? widths[l]! : 0);
  return D;
}

describe('WebGPU adapter in headless Chromium', () => {
  it('availableWebGpu reports the SwiftShader adapter (vendor google, architecture swiftshader, fallback)', async () => {
    const r = await availableWebGpu();
    expect(r.available, 'available').toBe(true);
    expect(r.adapter?.vendor, 'vendor').toBe('google');
    expect(r.adapter?.architecture, 'architecture').toBe('swiftshader');
    expect(r.adapter?.isFallbackAdapter, 'fallback').toBe(true);
    expect(r.missing.length, 'missing').toBe(0);
    expect(r.limits?.maxComputeWorkgroupsPerDimension ?? 0, 'limits').toBeGreaterThanOrEqual(65535);
  });

  it('the backend and every result name the adapter that ran', async () => {
    expect(backend.name, 'name').toBe('webgpu:google/swiftshader (fallback adapter)');
    const r = await backend.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1, 2], 2, { times: [0, 1] });
    expect(r.backend, 'batch backend').toBe(backend.name);
    expect(r.adapter.architecture, 'batch adapter').toBe('swiftshader');
    const s = await backend.integrate({ kind: 'linear', dim: 1, A: [-1] }, [1], { times: [0, 1] });
    expect(s.backend, 'single backend').toBe(backend.name);
  });

  it('a GPU object without an adapter gives WebGpuUnavailableError naming what is missing', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    const r = await availableWebGpu({ gpu: noAdapter });
    expect(r.available, 'available').toBe(false);
    expect(r.reason, 'reason').toContain('requestAdapter() returned null');
    await expect(() => createWebGpuBackend({ gpu: noAdapter }), 'create').toRejectWith(
      WebGpuUnavailableError,
      'missing: a GPU adapter',
    );
  });

  it('allowFallbackAdapter: false refuses SwiftShader instead of presenting it as a GPU', async () => {
    await expect(() => createWebGpuBackend({ allowFallbackAdapter: false }), 'create').toRejectWith(
      RangeError,
      'fallback (software) adapter webgpu:google/swiftshader',
    );
  });
});

runConformanceSuite(backend, { describe, it, expect: (a) => expect(a) });

describe('WebGPU backend against cpuBackend (float64)', () => {
  it('y′ = −y: one member equals e^{−t} to float32 accuracy at every output time (DOPRI5, rtol 1e-5)', async () => {
    const times = [0, 0.5, 1, 2, 3];
    const r = await backend.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1], 1, {
      times,
      rtol: 1e-5,
      atol: 1e-8,
    });
    expect(r.status[0], 'status').toBe('success');
    expect(
      maxAbsDiff(
        r.y,
        times.map((t) => Math.exp(-t)),
      ),
      'error',
    ).toBeLessThan(2e-5);
  });

  const cases: [string, LayeredFlowProblem][] = [
    ['relu [8,16,16,1] with biases, 32 samples', mlp(3, [8, 16, 16, 1], 'relu', true, 32)],
    ['identity [3,4,2] without biases, 5 samples', mlp(4, [3, 4, 2], 'identity', false, 5)],
    [
      'relu [2,6,1] without biases, 40 samples (two sample tiles or more on small memory)',
      mlp(5, [2, 6, 1], 'relu', false, 40),
    ],
    [
      'synthetic loss on a deep linear net [3,2,2,3] with quartic term',
      {
        kind: 'layered-flow',
        widths: [3, 2, 2, 3],
        activation: 'identity',
        bias: false,
        loss: { type: 'synthetic', Y: createRng(6).normals(9), quartic: 0.1 },
      },
    ],
  ];
  for (const [label, problem] of cases) {
    it(`fixed-step RK4 batch agrees with cpuBackend float64 within 1e-4: ${label}`, async () => {
      const B = 5;
      const D = paramCount(problem.widths, problem.bias);
      const theta = createRng(11).normals(B * D, 0.5);
      const opts = { times: [0, 0.1, 0.25], method: 'rk4' as const, step: 0.01 };
      const r = await backend.integrateBatch(problem, theta, B, opts);
      const ref = cpuBackend.integrateBatch(problem, theta, B, opts);
      for (let b = 0; b < B; b++) expect(r.status[b], `status ${b}`).toBe('success');
      expect(maxAbsDiff(r.y, ref.y), 'max |Δθ|').toBeLessThan(1e-4);
      expect(r.stats.accepted, 'accepted steps').toBe(ref.stats.accepted);
    });
    // ReLU flows of these seeds slide along activation kinks, where a float64 reference at tight
    // rtol takes ~1e5 steps (see the README of @idyn/integrators): adaptive agreement on a ReLU
    // net is the conformance suite's (seed 13); here the linear-network cases.
    if (problem.loss.type === 'mse' && problem.activation === 'relu') continue;
    it(`adaptive DOPRI5 batch agrees with cpuBackend float64 within the float32 agreement tolerance 1e-3 (rtol 1e-4): ${label}`, async () => {
      const B = 4;
      const D = paramCount(problem.widths, problem.bias);
      const theta = createRng(12).normals(B * D, 0.5);
      const opts = { times: [0, 0.1, 0.2], rtol: 1e-4, atol: 1e-6 };
      const r = await backend.integrateBatch(problem, theta, B, opts);
      const ref = cpuBackend.integrateBatch(problem, theta, B, { ...opts, rtol: 1e-9, atol: 1e-11 });
      for (let b = 0; b < B; b++) expect(r.status[b], `status ${b}`).toBe('success');
      expect(maxAbsDiff(r.y, ref.y), 'max |Δθ|').toBeLessThan(1e-3);
    });
  }
});

describe('WebGPU structure: read-backs and dispatches', () => {
  it('fixed-step RK4 reads back once per round of steps plus once per chunk, and counts 7 dispatches per step', async () => {
    const problem = mlp(3, [8, 16, 16, 1], 'relu', true, 32);
    const B = 3;
    const D = paramCount(problem.widths, true);
    const steps = 20;
    const r = await backend.integrateBatch(problem, createRng(1).normals(B * D, 0.5), B, {
      times: [0, steps * 0.01],
      method: 'rk4',
      step: 0.01,
    });
    expect(r.chunks, 'chunks').toBe(1);
    const polls = r.submits - 1 - r.chunks; // init submit and final copies are not polls
    expect(r.readbacks, 'readbacks').toBe(polls + r.chunks);
    // init: f(y0) and its check; per round: the steps done (≤ 21 proposals in all), one count.
    // Every step: propose, 3 stages, complete, f(y_new), finish = 7.
    const stepsEncoded = (r.dispatches - 2 - polls) / 7;
    expect(Number.isInteger(stepsEncoded), `whole steps (${stepsEncoded})`).toBe(true);
    expect(stepsEncoded, 'steps encoded').toBeGreaterThanOrEqual(steps);
    expect(stepsEncoded, 'steps encoded').toBeLessThanOrEqual(steps + 1);
    expect(r.accepted[0], 'accepted').toBe(steps);
    expect(r.readbacks, 'far fewer read-backs than steps').toBeLessThan(steps);
  });

  it('the batch is split into chunks under artificially small limits and the results do not change', async () => {
    const problem = mlp(7, [2, 4, 3, 1], 'relu', true, 8);
    const B = 7;
    const D = paramCount(problem.widths, true);
    const theta = createRng(8).normals(B * D, 0.7);
    const opts = { times: [0, 0.25, 0.5], rtol: 1e-5, atol: 1e-7 };
    const whole = await backend.integrateBatch(problem, theta, B, opts);
    expect(whole.chunks, 'chunks without limits').toBe(1);
    const small = await createWebGpuBackend({
      limits: { maxComputeWorkgroupsPerDimension: 3, maxStorageBufferBindingSize: 4096, maxBufferSize: 4096 },
      memoryBudget: 2000,
    });
    const split = await small.integrateBatch(problem, theta, B, opts);
    expect(split.chunks, 'chunks with limits').toBeGreaterThanOrEqual(3);
    expect(split.chunkSize, 'chunk size').toBeLessThanOrEqual(3);
    expect(split.groups, 'groups under the memory budget').toBe(split.chunks);
    expect(maxAbsDiff(split.y, whole.y), 'split vs whole').toBe(0);
    expect(maxAbsDiff(split.tStop, whole.tStop), 'tStop').toBe(0);
    expect(split.status.join(), 'status').toBe(whole.status.join());
    small.destroy();
  });

  it('a small workgroup memory limit tiles the samples and gives the same flow within float32 rounding', async () => {
    const problem = mlp(9, [4, 8, 1], 'relu', true, 64);
    const B = 2;
    const D = paramCount(problem.widths, true);
    const theta = createRng(10).normals(B * D, 0.5);
    const opts = { times: [0, 0.2], method: 'rk4' as const, step: 0.02 };
    const whole = await backend.integrateBatch(problem, theta, B, opts);
    const tiled = await createWebGpuBackend({ limits: { maxComputeWorkgroupStorageSize: 1024 } });
    const r = await tiled.integrateBatch(problem, theta, B, opts);
    expect(maxAbsDiff(r.y, whole.y), 'tiled vs whole').toBeLessThan(1e-5);
    tiled.destroy();
  });
});

describe('WebGPU statuses: each message is a named rule of @idyn/integrators/backend', () => {
  it('success, divergence inside a step and at t0, max-steps, with the CPU statuses', async () => {
    const growth = { kind: 'linear' as const, dim: 1, A: [1] };
    const r = await backend.integrateBatch(growth, [0.1, 1, 5], 3, { times: [0, 1], maxNorm: 2 });
    const cpu = cpuBackend.integrateBatch(growth, [0.1, 1, 5], 3, { times: [0, 1], maxNorm: 2 });
    expect(r.status.join(), 'status').toBe(cpu.status.join());
    expect(r.message[0], 'success').toBe(reachedMessage(1));
    expect(r.message[1], 'diverged').toBe(divergedStop(2, r.tStop[1]!).message);
    expect(Math.abs(r.tStop[1]! - Math.LN2), 'tStop').toBeLessThan(1e-4);
    expect(r.message[2], 'diverged at t0').toBe(startStop(Float64Array.of(5), 2, 0)!.message);
    const m = await backend.integrateBatch(growth, [1], 1, { times: [0, 10], maxSteps: 3 });
    expect(m.status[0], 'max-steps status').toBe('max-steps');
    expect(m.message[0], 'max-steps').toBe(maxStepsStop(3, m.tStop[0]!, 10).message);
  });
  it('step-too-small names the float32 resolution of the run (16 ε₃₂ max(|t0|, |tEnd|))', async () => {
    // |A| = 3e38: every trial step above ~1e-39 overflows while f(y0) is finite.
    const stiff = { kind: 'linear' as const, dim: 2, A: [0, 3e38, 3e38, 0] };
    const r = await backend.integrateBatch(stiff, [1, 1], 1, { times: [0, 10] });
    expect(r.status[0], 'status').toBe('step-too-small');
    const h = Number(/step (\S+) at t/.exec(r.message[0]!)?.[1]);
    const resolution = `the float32 resolution 16 ε₃₂ max(|t0|, |tEnd|) = ${16 * 2 ** -23 * 10}`;
    expect(r.message[0], 'message').toBe(tooSmallStop(h, r.tStop[0]!, false, resolution).message);
  });
});

describe('WebGPU validation', () => {
  it('rejects an adaptive rtol below the float32 floor with a RangeError naming rtol and the floor', async () => {
    await expect(
      () =>
        backend.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1], 1, { times: [0, 1], rtol: 1e-7 }),
      'rtol',
    ).toRejectWith(RangeError, `floor ${FLOAT32_RTOL_FLOOR.toExponential()}`);
  });
  it('rejects events with a TypeError and a JavaScript right-hand side with a RangeError', async () => {
    await expect(
      () =>
        backend.integrate({ kind: 'linear', dim: 1, A: [-1] }, [1], {
          times: [0, 1],
          events: [{ g: () => 1 }],
        }),
      'events',
    ).toRejectWith(TypeError, 'options.events is not supported');
    await expect(
      () =>
        backend.integrate({ dim: 1, rhs: () => undefined } as unknown as LinearProblem, [1], {
          times: [0, 1],
        }),
      'rhs',
    ).toRejectWith(RangeError, "problem.kind must be 'linear' or 'layered-flow'");
  });
  it('rejects a network too large for the workgroup memory with a RangeError naming the widths and the limit', async () => {
    const big = mlp(1, [64, 64, 64, 1], 'relu', true, 4);
    const D = paramCount(big.widths, true);
    await expect(
      () => backend.integrateBatch(big, new Float64Array(D), 1, { times: [0, 1] }),
      'big',
    ).toRejectWith(RangeError, 'maxComputeWorkgroupStorageSize');
  });
});
