import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  cpuBackend,
  type LayeredFlowProblem,
  type LinearProblem,
  layeredFlowLoss,
  layeredNeuronLaws,
} from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableGpuModes } from './availableGpuModes.js';
import { FLOAT32_RTOL_FLOOR, createGpuBackend, type GpuBackend, type GpuMode } from './createGpuBackend.js';
import { MAX_WIDTH } from './internal/problem.js';

const available = availableGpuModes();
const hasHeadlessGl = available.includes('headlessgl');
// Kernel modes whose agreement is checked: gpu.js's CPU mode always, WebAssembly where it exists,
// headless-gl where an X display exists (CI runs the suites under xvfb-run).
const testModes = (['cpu', 'webasm', 'headlessgl'] as const).filter((m) => available.includes(m));
const CLASS_OF: Record<Exclude<GpuMode, 'gpu'>, string> = {
  cpu: 'CPUKernel',
  webasm: 'WebAssemblyKernel',
  headlessgl: 'HeadlessGLKernel',
  webgl2: 'WebGL2Kernel',
  webgl: 'WebGLKernel',
};
const backends = new Map<string, GpuBackend>();
/** One backend per mode for the whole file, so compiled kernels are reused across tests. */
function backendFor(mode: GpuMode): GpuBackend {
  let b = backends.get(mode);
  if (b === undefined) {
    b = createGpuBackend({ mode, minGpuBatch: 0 });
    backends.set(mode, b);
  }
  return b;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function mlp(seed: number, widths: number[], activation: LayeredFlowProblem['activation'], samples = 6) {
  const rng = createRng(seed);
  const n0 = widths[0]!;
  const nL = widths[widths.length - 1]!;
  const problem: LayeredFlowProblem = {
    kind: 'layered-flow',
    widths,
    activation,
    bias: true,
    loss: { type: 'mse', samples, X: rng.normals(samples * n0), Y: rng.normals(samples * nL) },
  };
  return { problem, dim: layeredFlowLoss(problem).dim, rng };
}

const decay: LinearProblem = { kind: 'linear', dim: 2, A: [-1, 0.5, 0, -2] };
// y' = −y: y(t) = y0 e^{−t}.
const expDecay: LinearProblem = { kind: 'linear', dim: 1, A: [-1] };

describe('createGpuBackend: which kernel class really ran', () => {
  it("mode 'cpu' runs gpu.js's CPUKernel and reports it in backendUsed and backend", () => {
    const r = backendFor('cpu').integrateBatch(decay, [1, 1, 2, 2], 2, { times: [0, 1] });
    expect(r.backendUsed).toBe('CPUKernel');
    expect(r.backend).toBe('CPUKernel');
    expect(r.batchEvaluations).toBeGreaterThan(0);
  });

  it.runIf(hasHeadlessGl)("mode 'headlessgl' runs HeadlessGLKernel (X display present)", () => {
    const r = backendFor('headlessgl').integrateBatch(decay, [1, 1, 2, 2], 2, { times: [0, 1] });
    expect(r.backendUsed).toBe('HeadlessGLKernel');
  });

  it("mode 'headlessgl' is refused with a RangeError naming xvfb-run when no X display is available", () => {
    if (!hasHeadlessGl) {
      expect(() => createGpuBackend({ mode: 'headlessgl' })).toThrow(/xvfb-run/);
      return;
    }
    // Under an X display, check the refusal in a child process that has none.
    const script =
      "import { createGpuBackend } from './src/createGpuBackend.ts';" +
      "try { createGpuBackend({ mode: 'headlessgl' }); console.log('accepted'); }" +
      "catch (e) { console.log(e instanceof RangeError ? 'RangeError: ' + e.message : 'other: ' + e); }";
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.XAUTHORITY;
    const child = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stdout, child.stderr).toMatch(/^RangeError: .*xvfb-run/m);
  });

  it('every available mode reports the kernel class of that mode; auto mode reports the first available one', () => {
    for (const mode of available) {
      const r = createGpuBackend({ mode, minGpuBatch: 0 }).integrateBatch(decay, [1, 1], 1, {
        times: [0, 0.5],
      });
      const expected = mode === 'gpu' ? CLASS_OF[available[1] as Exclude<GpuMode, 'gpu'>] : CLASS_OF[mode];
      expect(r.backendUsed, `mode ${mode}`).toBe(expected);
    }
    // Never WebGPU, never a GL class without a GL context.
    expect(available).not.toContain('webgpu');
    if (!hasHeadlessGl)
      expect(available.filter((m) => m.startsWith('webgl') || m === 'headlessgl')).toEqual([]);
  });

  it('a batch below minGpuBatch runs on the CPU float64 backend and equals it exactly', () => {
    const { problem, dim, rng } = mlp(2, [2, 3, 1], 'relu');
    const gpu = createGpuBackend({ mode: 'cpu' });
    expect(gpu.minGpuBatch).toBe(64);
    const theta = rng.normals(3 * dim, 0.7);
    const opts = { times: [0, 0.5, 1], rtol: 1e-8, atol: 1e-10 };
    const r = gpu.integrateBatch(problem, theta, 3, opts);
    const ref = cpuBackend.integrateBatch(problem, theta, 3, opts);
    expect(r.backendUsed).toBe('cpu-float64');
    expect(r.kernelLaunches).toBe(0);
    expect(Array.from(r.y)).toEqual(Array.from(ref.y));
    expect(r.stats).toEqual(ref.stats);
    const single = gpu.integrate(problem, theta.subarray(0, dim), opts);
    expect(single.backendUsed).toBe('cpu-float64');
    expect(Array.from(single.y)).toEqual(Array.from(ref.y.subarray(0, 3 * dim)));
  });
});

for (const mode of testModes) {
  describe(`createGpuBackend (${mode}): agreement with the CPU float64 backend`, () => {
    // Tolerances. One float32 evaluation of −∇L has relative error ≲ 1e-6 (a few roundings of
    // 2^-24 ≈ 6e-8 per sum over ≤ 16 terms; measured ≤ 8e-7 on [8,16,16,1]). With fixed steps,
    // the difference to float64 RK4 at the same step is that error propagated over t ≤ 1 by a flow
    // whose Lipschitz constant here is O(1): ≲ 1e-6 · |θ'| · e^{L t}, so 2e-5 leaves a margin of ~10.
    // With DOPRI5 at rtol = 1e-5 (the float32 floor, FLOAT32_RTOL_FLOOR), atol = 1e-6 the run's
    // own global error dominates: on the deep net below a float64 cpuBackend run at the same
    // tolerances is 2.3e-4 from the rtol-1e-9 reference (measured), and float32 f adds ≲ 1e-6 to
    // that: 5e-4.
    const fixedTol = 2e-5;
    const adaptiveTol = 5e-4;

    it('fixed-step RK4 on an ensemble of 8 ReLU MLPs with biases matches float64 RK4 at the same step', () => {
      const { problem, dim, rng } = mlp(11, [3, 5, 4, 2], 'relu');
      const theta = rng.normals(8 * dim, 0.8);
      const opts = { times: [0, 0.5, 1], method: 'rk4' as const, step: 0.05 };
      const r = backendFor(mode).integrateBatch(problem, theta, 8, opts);
      const ref = cpuBackend.integrateBatch(problem, theta, 8, opts);
      expect(r.status.every((s) => s === 'success')).toBe(true);
      expect(r.backendUsed).toBe(CLASS_OF[mode]);
      // The structure of a resident run, counted from the method: f takes 3 forward, 2 backward
      // and 1 fused gradient kernel (6); the start uploads y0, X and Y, evaluates f once, reduces
      // and writes the control records (5 + 6); each RK4 round combines 3 stage points and the
      // completion, evaluates f 4 times, reduces, judges and advances (7 + 4·6); plus one kernel
      // per status summary. Nothing else runs, and f is never evaluated on the host.
      expect(r.rounds).toBe(20);
      expect(r.batchEvaluations).toBe(1 + 4 * r.rounds);
      expect(r.kernelLaunches).toBe(5 + 6 + r.rounds * (7 + 4 * 6) + r.summaryReadbacks);
      // Read-backs: one per output time after t0, the summaries (every 4 rounds), 2 at the end.
      expect(r.summaryReadbacks).toBe(Math.floor((r.rounds - 1) / 4));
      expect(r.readbacks).toBe(2 + r.summaryReadbacks + 2);
      const diff = maxAbsDiff(r.y, ref.y);
      expect(diff).toBeLessThan(fixedTol);
      // Not bit-identical: the float32 kernels really computed f (no silent float64 path).
      expect(diff).toBeGreaterThan(0);
    });

    it('a 7-layer net (per-layer gradient kernels instead of the fused one) matches float64 RK4 at the same step', () => {
      // 2L = 14 texture arguments exceed the fused kernel's limit of 12: the per-layer path runs.
      const { problem, dim, rng } = mlp(13, [2, 3, 3, 3, 3, 3, 3, 1], 'relu', 4);
      const theta = rng.normals(3 * dim, 0.8);
      const opts = { times: [0, 0.5], method: 'rk4' as const, step: 0.05 };
      const r = backendFor(mode).integrateBatch(problem, theta, 3, opts);
      const ref = cpuBackend.integrateBatch(problem, theta, 3, opts);
      // f: 7 forward, 6 backward, 7 chained per-layer gradient kernels (20 per evaluation).
      expect(r.batchEvaluations).toBe(1 + 4 * r.rounds);
      expect(r.kernelLaunches).toBe(5 + 20 + r.rounds * (7 + 4 * 20) + r.summaryReadbacks);
      expect(maxAbsDiff(r.y, ref.y)).toBeLessThan(fixedTol);
    });

    it('adaptive DOPRI5 with per-member step control agrees with float64 on a deep net with mixed activations', () => {
      // Seed 25: no member slides along a ReLU kink on [0, 0.5] (on most seeds some member of a
      // deep ReLU ensemble does, and no step-size control converges there; see the README).
      const { problem, dim, rng } = mlp(25, [2, 4, 4, 4, 4, 1], ['relu', 'identity', 'relu', 'identity']);
      const theta = rng.normals(4 * dim, 0.7);
      const times = [0, 0.25, 0.5];
      const r = backendFor(mode).integrateBatch(problem, theta, 4, { times, rtol: 1e-5, atol: 1e-6 });
      const ref = cpuBackend.integrateBatch(problem, theta, 4, { times, rtol: 1e-9, atol: 1e-11 });
      expect(r.status.every((s) => s === 'success')).toBe(true);
      expect(ref.status.every((s) => s === 'success')).toBe(true);
      expect(maxAbsDiff(r.y, ref.y)).toBeLessThan(adaptiveTol);
    });

    it('the synthetic loss of MATH.md §5 (quartic 0.1) on a linear net agrees with float64 and conserves the Gram differences', () => {
      const rng = createRng(21);
      const problem: LayeredFlowProblem = {
        kind: 'layered-flow',
        widths: [3, 4, 2],
        activation: 'identity',
        bias: false,
        loss: { type: 'synthetic', Y: rng.normals(6) },
      };
      const dim = 3 * 4 + 4 * 2;
      const theta = rng.normals(4 * dim, 0.6);
      const times = [0, 0.25, 0.5, 1];
      const r = backendFor(mode).integrateBatch(problem, theta, 4, { times, rtol: 1e-5, atol: 1e-6 });
      const ref = cpuBackend.integrateBatch(problem, theta, 4, { times, rtol: 1e-11, atol: 1e-12 });
      expect(maxAbsDiff(r.y, ref.y)).toBeLessThan(adaptiveTol);
      expect(r.lawNames.length).toBe((4 * 5) / 2);
      // The Gram differences are conserved exactly by the flow; the float32 run keeps them to the
      // integration error (MATH.md §5), while θ really moves.
      for (let b = 0; b < 4; b++) expect(r.lawDrift[b]!).toBeLessThan(adaptiveTol);
      expect(maxAbsDiff(r.y.subarray(0, dim), r.y.subarray(3 * dim, 4 * dim))).toBeGreaterThan(0.05);
    });
  });
}

describe('createGpuBackend: per-member step control and stopping', () => {
  it('members of one batch take their own number of steps, each equal to its single run', () => {
    const gpu = backendFor('cpu');
    const { problem, dim, rng } = mlp(31, [2, 3, 1], 'relu');
    const base = rng.normals(dim, 1);
    // The second member is the first scaled up: a faster, stiffer flow needing more steps.
    const theta = Float64Array.from([...base.map((v) => 0.3 * v), ...base.map((v) => 2 * v)]);
    const opts = { times: [0, 1], rtol: 1e-5, atol: 1e-8 };
    const r = gpu.integrateBatch(problem, theta, 2, opts);
    expect(r.accepted[1]!).toBeGreaterThan(r.accepted[0]!);
    for (let b = 0; b < 2; b++) {
      const single = gpu.integrate(problem, theta.subarray(b * dim, (b + 1) * dim), opts);
      expect(single.stats.accepted).toBe(r.accepted[b]);
      expect(single.stats.rejected).toBe(r.rejected[b]);
      expect(Array.from(single.y)).toEqual(Array.from(r.y.subarray(b * 2 * dim, (b + 1) * 2 * dim)));
    }
  });

  it('flags divergence per member: with a negative quartic the synthetic loss blows up from large z only', () => {
    // f(z) = ½ z² − ¼ z⁴ (Y = 0, quartic −1): z' = −2|z| f'(z) on the balanced manifold, so z → 0
    // from |z| < 1 and z → ∞ in finite time from |z| > 1.
    const problem: LayeredFlowProblem = {
      kind: 'layered-flow',
      widths: [1, 1, 1],
      activation: 'identity',
      bias: false,
      loss: { type: 'synthetic', Y: [0], quartic: -1 },
    };
    const theta = [0.5, 0.5, 1.5, 1.5];
    const opts = { times: [0, 1, 2], maxNorm: 10, rtol: 1e-5, atol: 1e-9 };
    const r = backendFor('cpu').integrateBatch(problem, theta, 2, opts);
    expect(r.status).toEqual(['success', 'diverged']);
    const ref = cpuBackend.integrate(problem, [1.5, 1.5], { ...opts, rtol: 1e-10, atol: 1e-12 });
    expect(ref.status).toBe('diverged');
    expect(Math.abs(r.tStop[1]! - ref.tStop)).toBeLessThan(1e-4);
    expect(Math.max(Math.abs(r.yStop[2]!), Math.abs(r.yStop[3]!))).toBeCloseTo(10, 3);
    // Rows after the stop are NaN, rows before it are finite.
    expect(Number.isNaN(r.y[2 * 3 + 2 * 2]!)).toBe(true);
    expect(Number.isFinite(r.y[2 * 3]!)).toBe(true);
  });

  it('flags an overflow per member as non-finite (Euler on y′ = 10 y, step 1; the zero member stays)', () => {
    const r = backendFor('cpu').integrateBatch({ kind: 'linear', dim: 1, A: [10] }, [0, 1], 2, {
      times: [0, 1000],
      method: 'euler',
      step: 1,
    });
    expect(r.status).toEqual(['success', 'non-finite']);
    expect(r.tStop[1]!).toBeLessThan(1000);
  });

  it('permuting the members of a batch permutes the trajectories exactly', () => {
    const gpu = backendFor('cpu');
    const { problem, dim, rng } = mlp(41, [2, 3, 1], 'relu', 4);
    const theta = rng.normals(4 * dim, 0.8);
    const opts = { times: [0, 0.5], method: 'rk4' as const, step: 0.1 };
    const r = gpu.integrateBatch(problem, theta, 4, opts);
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (perm) => {
        const permuted = new Float64Array(4 * dim);
        perm.forEach((src, dst) => {
          permuted.set(theta.subarray(src * dim, (src + 1) * dim), dst * dim);
        });
        const q = gpu.integrateBatch(problem, permuted, 4, opts);
        const rows = 2 * dim;
        perm.forEach((src, dst) => {
          expect(Array.from(q.y.subarray(dst * rows, (dst + 1) * rows))).toEqual(
            Array.from(r.y.subarray(src * rows, (src + 1) * rows)),
          );
        });
      }),
      { numRuns: 12, seed: 3 },
    );
  });
});

describe('createGpuBackend: conserved quantities per member', () => {
  it('ReLU laws at every output time equal layeredNeuronLaws of @idyn/integrators on the returned states', () => {
    const { problem, dim, rng } = mlp(51, [3, 4, 3, 1], 'relu');
    const theta = rng.normals(2 * dim, 0.8);
    const times = [0, 0.5, 1];
    const r = backendFor('cpu').integrateBatch(problem, theta, 2, { times, rtol: 1e-5, atol: 1e-6 });
    expect(r.lawNames).toEqual(['h[1,0]', 'h[1,1]', 'h[1,2]', 'h[1,3]', 'h[2,0]', 'h[2,1]', 'h[2,2]']);
    const laws = r.laws as Float64Array;
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < times.length; i++) {
        const row = (b * times.length + i) * dim;
        const expected = layeredNeuronLaws(problem, r.y.subarray(row, row + dim));
        expect(laws.subarray((b * times.length + i) * 7, (b * times.length + i + 1) * 7)).toBeAllClose(
          expected,
          {
            rtol: 1e-13,
            atol: 1e-13,
          },
        );
      }
      // Conserved along the flow (MATH.md §1) to the float32 integration error.
      expect(r.lawDrift[b]!).toBeLessThan(2e-4);
      expect(r.lawDrift[b]!).toBeGreaterThanOrEqual(0);
    }
  });

  it('identity layers report the full Gram difference V Vᵀ − Wᵀ W (hand-computed on [1, 2, 1])', () => {
    const problem: LayeredFlowProblem = {
      kind: 'layered-flow',
      widths: [1, 2, 1],
      activation: 'identity',
      bias: false,
      loss: { type: 'mse', samples: 1, X: [1], Y: [1] },
    };
    // θ = (W_1 = [a; b], W_2 = [c, d]) = (2, 3, 5, 7):
    // G = [a² − c², ab − cd; ab − cd, b² − d²] = [4 − 25, 6 − 35; ·, 9 − 49].
    const r = backendFor('cpu').integrateBatch(problem, [2, 3, 5, 7], 1, { times: [0] });
    expect(r.lawNames).toEqual(['G1[0,0]', 'G1[0,1]', 'G1[1,1]']);
    expect(Array.from(r.laws as Float64Array)).toEqual([-21, -29, -40]);
  });

  it('linear problems have no laws', () => {
    const r = backendFor('cpu').integrateBatch(decay, [1, 1], 1, { times: [0, 1] });
    expect(r.laws).toBeNull();
    expect(r.lawNames).toEqual([]);
  });
});

describe('createGpuBackend: validation at the entry points', () => {
  it('rejects an unknown mode and a bad minGpuBatch with RangeErrors naming them', () => {
    expect(() => createGpuBackend({ mode: 'webgpu' as GpuMode })).toThrow(/options\.mode.*"webgpu"/);
    expect(() => createGpuBackend({ mode: 'cpu', minGpuBatch: -1 })).toThrow(/options\.minGpuBatch.*-1/);
  });

  it('rejects an adaptive rtol below the float32 floor on the kernels, naming rtol, the value and the floor', () => {
    const gpu = backendFor('cpu');
    // The floor documented in FLOAT32_RTOL_FLOOR (README, Notes): 1e-5.
    expect(FLOAT32_RTOL_FLOOR).toBe(1e-5);
    const tight = { times: [0, 1], rtol: 1e-6 };
    expect(() => gpu.integrateBatch(expDecay, [1, 2], 2, tight)).toThrow(RangeError);
    expect(() => gpu.integrateBatch(expDecay, [1, 2], 2, tight)).toThrow(
      /options\.rtol = 1e-6 is below the float32 floor 1e-5.*cpuBackend/,
    );
    expect(() => gpu.integrate(expDecay, [1], tight)).toThrow(/options\.rtol = 1e-6 .*floor 1e-5/);
    // At the floor the run goes through and matches e^{-t} to the float32 integration error.
    const atFloor = gpu.integrateBatch(expDecay, [1, 2], 2, { times: [0, 1], rtol: FLOAT32_RTOL_FLOOR });
    expect(atFloor.status).toEqual(['success', 'success']);
    expect([atFloor.y[1], atFloor.y[3]]).toBeAllClose([Math.exp(-1), 2 * Math.exp(-1)], { rtol: 1e-4 });
    // Fixed steps do not use rtol, so any rtol passes there.
    const fixed = gpu.integrateBatch(expDecay, [1, 2], 2, {
      times: [0, 1],
      method: 'rk4',
      step: 0.1,
      rtol: 1e-9,
    });
    expect(fixed.status).toEqual(['success', 'success']);
  });

  it('accepts any rtol when the batch goes to the CPU float64 backend (below minGpuBatch), equal to cpuBackend', () => {
    const gpu = createGpuBackend({ mode: 'cpu' });
    const opts = { times: [0, 1], rtol: 1e-12, atol: 1e-14 };
    const r = gpu.integrateBatch(expDecay, [1, 2], 2, opts);
    expect(r.backendUsed).toBe('cpu-float64');
    // Reference: cpuBackend of @idyn/integrators on the same inputs, bit for bit.
    expect(Array.from(r.y)).toEqual(Array.from(cpuBackend.integrateBatch(expDecay, [1, 2], 2, opts).y));
    expect(r.y[3]!).toBeAllClose(2 * Math.exp(-1), { rtol: 1e-10 });
    expect(gpu.integrate(expDecay, [1], opts).backendUsed).toBe('cpu-float64');
  });

  it('rejects y0 of the wrong length, events, JavaScript right-hand sides and too wide layers', () => {
    const gpu = backendFor('cpu');
    expect(() => gpu.integrateBatch(decay, [1, 2, 3], 2, { times: [0, 1] })).toThrow(
      /y0 has length 3, expected batch × dim = 4/,
    );
    expect(() =>
      gpu.integrateBatch(decay, [1, 2], 1, { times: [0, 1], events: [] } as unknown as { times: number[] }),
    ).toThrow(TypeError);
    expect(() =>
      gpu.integrate({ dim: 1, rhs: () => {} } as unknown as LinearProblem, [1], { times: [0, 1] }),
    ).toThrow(/problem\.kind must be 'linear' or 'layered-flow'/);
    const wide: LayeredFlowProblem = {
      kind: 'layered-flow',
      widths: [1, MAX_WIDTH + 1, 1],
      activation: 'relu',
      bias: false,
      loss: { type: 'mse', samples: 1, X: [1], Y: [1] },
    };
    expect(() =>
      gpu.integrateBatch(wide, new Float64Array(2 * (MAX_WIDTH + 1)), 1, { times: [0, 1] }),
    ).toThrow(/widths\[1\] is 1025, above the kernel limit 1024/);
    expect(() => gpu.integrateBatch(decay, [1, 2], 1, { times: [0, 1], method: 'rk4' })).toThrow(
      /options\.step/,
    );
    expect(() => gpu.integrateBatch(decay, [1, 2], 1, { times: [0, 1], neuronLaws: true })).toThrow(
      /options\.neuronLaws needs a layered-flow problem, got kind "linear"/,
    );
  });
});
