import {
  type Backend,
  type BatchIntegrateOptions,
  type BatchIntegrateResult,
  cpuBackend,
  type DataProblem,
  layeredNeuronLaws,
  type IntegrateOptions,
  type IntegrateResult,
  type IntegrateStats,
  integrateCost,
} from '@idyn/integrators';
import { checkBudget } from '@idyn/linalg';
import { GPU } from 'gpu.js';
import { type TrajectoryResult, trajectory } from './internal/engine.js';
import { createBatchRhs } from './internal/kernels.js';
import { type LawLayout, lawLayout } from './internal/laws.js';
import { GPU_MODES, type GpuMode, isGlMode, kernelClassName, probeModes } from './internal/modes.js';
import { type ResolvedProblem, resolveProblem } from './internal/problem.js';
import { resolveSettings } from './internal/settings.js';
import { assertPositiveInteger, finiteVector, show } from '@idyn/integrators/backend';

export type { GpuMode } from './internal/modes.js';

/**
 * Batches smaller than this go to the CPU float64 backend unless `minGpuBatch` says otherwise.
 * @example
 * createGpuBackend({ mode: 'cpu' }).minGpuBatch === DEFAULT_MIN_GPU_BATCH; // true (64)
 */
export const DEFAULT_MIN_GPU_BATCH = 64;

/**
 * Smallest `rtol` accepted for adaptive (DOPRI5) runs in the float32 kernels. A float32 right-hand
 * side carries relative rounding of about 1e-7 times the conditioning of its sums (measured up to
 * ~1e-6 after a layer), so the error estimate cannot fall reliably below rtol near that level and
 * the step-size control creeps on tiny steps (e.g. 128 flows of `relu:2-4-1+bias` at rtol 1e-6 did
 * not finish in 300 s in webasm mode; at 1e-4 they took 4.5 s). Smaller rtols throw a RangeError
 * instead of being clamped; batches below `minGpuBatch` run on the CPU float64 backend and accept
 * any rtol. Fixed-step runs ignore rtol.
 * @example
 * FLOAT32_RTOL_FLOOR; // 1e-5
 * @see MATH.md §6
 */
export const FLOAT32_RTOL_FLOOR = 1e-5;

/** Options of {@link createGpuBackend}. */
export interface GpuBackendOptions {
  /**
   * gpu.js mode: `'gpu'` picks the best supported backend (headless-gl in Node under an X display,
   * WebGL2/WebGL in a browser, else WebAssembly); `'headlessgl'`, `'webgl2'`, `'webgl'`, `'webasm'`
   * ask for one; `'cpu'` is gpu.js's JavaScript CPU mode. WebGPU is never used.
   * @default 'gpu'
   */
  readonly mode?: GpuMode;
  /**
   * Batches with fewer members than this run on `cpuBackend` of @idyn/integrators in float64
   * (kernel launches and uploads cost more than they save there). 0 or 1 sends every batch,
   * single runs included, to the kernels.
   * @default 64
   */
  readonly minGpuBatch?: number;
}

/** What the GPU backend adds to a batch result. */
export interface GpuBatchIntegrateResult extends BatchIntegrateResult {
  /**
   * The kernel class that really ran (`'HeadlessGLKernel'`, `'WebGL2Kernel'`, `'WebGLKernel'`,
   * `'WebAssemblyKernel'`, `'CPUKernel'`, several joined by `+` if gpu.js fell back for some
   * kernels), `'cpu-float64'` when the batch went to the CPU backend, or `'none'` when no member
   * needed an evaluation (every output time equal to t0). Same as `backend`.
   */
  readonly backendUsed: string;
  /** States where each member stopped, row-major `[batch, dim]`. */
  readonly yStop: Float64Array;
  /**
   * Conserved quantities per member at each output time, row-major `[batch, t.length, lawCount]`
   * (NaN after a member stopped), evaluated in float64 from the states; null for `linear` problems.
   */
  readonly laws: Float64Array | null;
  /** Labels of the law values (see the README); empty for `linear` problems. */
  readonly lawNames: readonly string[];
  /** Per member: max over the reached output times of max_k |h_k(t) − h_k(t_0)| (0 without laws). */
  readonly lawDrift: Float64Array;
  /** Accepted steps per member (each member has its own step-size control). */
  readonly accepted: Float64Array;
  /** Rejected steps per member. */
  readonly rejected: Float64Array;
  /** Batched right-hand-side evaluations (each is one launch of every kernel); 0 on the CPU path. */
  readonly batchEvaluations: number;
  /** Kernel launches in all. */
  readonly kernelLaunches: number;
}

/** What the GPU backend adds to a single-run result. */
export interface GpuIntegrateResult extends IntegrateResult {
  /** See {@link GpuBatchIntegrateResult.backendUsed}. */
  readonly backendUsed: string;
  /** Laws at the reached output times, row-major `[t.length, lawCount]`; null for `linear`. */
  readonly laws: Float64Array | null;
  /** Labels of the law values; empty for `linear` problems. */
  readonly lawNames: readonly string[];
}

/** The gpu.js backend: a {@link Backend} for data-described problems, in float32. */
export interface GpuBackend extends Backend {
  /** `gpu.js-<mode>`; the kernel class that really ran is each result's `backendUsed`. */
  readonly name: string;
  /** Float32 right-hand sides (step control in float64 on the CPU, see the README). */
  readonly precision: 'float32';
  /** Problem kinds the kernels implement (no JavaScript right-hand sides). */
  readonly kinds: readonly ('linear' | 'layered-flow')[];
  /** The requested gpu.js mode. */
  readonly mode: GpuMode;
  /** Batches below this size go to the CPU float64 backend. */
  readonly minGpuBatch: number;
  /**
   * One flow: a batch of one (on the CPU float64 backend unless `minGpuBatch` ≤ 1). On the kernels
   * an adaptive run needs rtol ≥ {@link FLOAT32_RTOL_FLOOR} (RangeError otherwise).
   */
  integrate(problem: DataProblem, y0: ArrayLike<number>, options: IntegrateOptions): GpuIntegrateResult;
  /**
   * `batch` independent flows from the rows of `y0` (`batch × dim`), each with its own step
   * control. Batches of at least `minGpuBatch` members run on the float32 kernels, where an
   * adaptive run needs rtol ≥ {@link FLOAT32_RTOL_FLOOR} (RangeError otherwise).
   */
  integrateBatch(
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): GpuBatchIntegrateResult;
  /** Releases the gpu.js context and its compiled kernels; the backend recreates them if used again. */
  destroy(): void;
}

interface RawBatch {
  readonly times: Float64Array;
  readonly y: Float64Array;
  readonly results: readonly TrajectoryResult[];
  readonly backendUsed: string;
  readonly batchEvaluations: number;
  readonly kernelLaunches: number;
}

function lawsOf(resolved: ResolvedProblem): LawLayout | null {
  return resolved.kind === 'layered-flow' ? lawLayout(resolved) : null;
}

/**
 * Creates the gpu.js backend. It integrates B independent flows at once: one batched kernel pass
 * evaluates the right-hand side (−∇L for layered flows, A y for linear problems) of every member
 * in float32, while each member keeps its own time, step size and step-size control (float64 on
 * the CPU, see the README). Supports `linear` and `layered-flow` problems (MSE, or the synthetic
 * loss of MATH.md §5 for linear nets), methods euler/heun/rk4 (fixed step) and dopri5 (adaptive,
 * dense output), per-member divergence (`maxNorm`) and non-finite detection, and reports the
 * conserved quantities per member at the output times.
 *
 * @param options - mode and small-batch threshold, see {@link GpuBackendOptions}
 * @returns the backend; `integrate`/`integrateBatch` are synchronous
 * @throws RangeError if `mode` is unknown or not supported here (e.g. `'headlessgl'` without an
 *   X display), or `minGpuBatch` is not a non-negative integer; `integrate`/`integrateBatch` throw
 *   a RangeError for an adaptive run with `rtol` < {@link FLOAT32_RTOL_FLOOR} (1e-5) that goes to
 *   the float32 kernels (a batch of at least `minGpuBatch` members)
 * @example
 * const gpu = createGpuBackend({ mode: 'cpu', minGpuBatch: 0 });
 * const r = gpu.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1, 2], 2, { times: [0, 1] });
 * r.backendUsed; // 'CPUKernel'
 * r.y[1];        // ≈ 0.36788 (= e^{-1}), to float32 accuracy
 * @see MATH.md §1 (rescaling laws), §5 (linear networks, synthetic loss), §6 (numerics)
 */
export function createGpuBackend(options: GpuBackendOptions = {}): GpuBackend {
  const fn = 'createGpuBackend';
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  const mode = options.mode ?? 'gpu';
  if (!(GPU_MODES as readonly string[]).includes(mode)) {
    throw new RangeError(`${fn}: options.mode must be one of ${GPU_MODES.join(', ')}, got ${show(mode)}`);
  }
  const available = probeModes();
  if (!available.includes(mode)) {
    const hint =
      mode === 'headlessgl'
        ? ' (headless-gl needs the gl addon and an X display: run under xvfb-run -a)'
        : '';
    throw new RangeError(
      `${fn}: options.mode ${show(mode)} is not supported here${hint}; available: ${available.join(', ')}`,
    );
  }
  const minGpuBatch = options.minGpuBatch ?? DEFAULT_MIN_GPU_BATCH;
  if (typeof minGpuBatch !== 'number' || !Number.isInteger(minGpuBatch) || minGpuBatch < 0) {
    throw new RangeError(
      `${fn}: options.minGpuBatch must be an integer ≥ 0, got ${show(options.minGpuBatch)}`,
    );
  }

  let gpu: GPU | null = null;
  let cache = new Map<string, unknown>();
  const getGpu = (): GPU => {
    if (gpu === null) {
      gpu = new GPU({ mode });
      cache = new Map();
    }
    return gpu;
  };

  const runKernels = (
    resolved: ResolvedProblem,
    all: Float64Array,
    B: number,
    options: BatchIntegrateOptions,
    fnName: string,
  ): RawBatch => {
    const settings = resolveSettings(fnName, options);
    if (settings.step === null && settings.rtol < FLOAT32_RTOL_FLOOR) {
      const floor = FLOAT32_RTOL_FLOOR.toExponential();
      throw new RangeError(
        `${fnName}: options.rtol = ${settings.rtol.toExponential()} is below the float32 floor ${floor} of the kernels ` +
          '(f carries relative rounding ~1e-7 × its conditioning, so the step control cannot meet it); ' +
          `use rtol ≥ ${floor}, or cpuBackend of @idyn/integrators (float64) for tighter tolerances`,
      );
    }
    const n = resolved.dim;
    const nt = settings.times.length;
    const g = getGpu();
    const rhs = createBatchRhs(g, resolved, B, isGlMode(g), cache);
    const y = new Float64Array(B * nt * n).fill(Number.NaN);
    const yBatch = new Float64Array(B * n);
    const fBatch = new Float64Array(B * n);
    const gens = [];
    const results: (TrajectoryResult | undefined)[] = new Array(B);
    const active: number[] = [];
    for (let b = 0; b < B; b++) {
      const gen = trajectory(
        n,
        all.subarray(b * n, (b + 1) * n),
        settings,
        y.subarray(b * nt * n, (b + 1) * nt * n),
      );
      gens.push(gen);
      const step = gen.next();
      if (step.done) results[b] = step.value;
      else {
        yBatch.set(step.value, b * n);
        active.push(b);
      }
    }
    let evaluations = 0;
    let running = active;
    while (running.length > 0) {
      rhs.evaluate(yBatch, fBatch);
      evaluations++;
      const still: number[] = [];
      for (const b of running) {
        const step = (gens[b] as (typeof gens)[number]).next(fBatch.subarray(b * n, (b + 1) * n));
        if (step.done) results[b] = step.value;
        else {
          yBatch.set(step.value, b * n);
          still.push(b);
        }
      }
      running = still;
    }
    const classes = evaluations > 0 ? [...new Set(rhs.kernels.map(kernelClassName))] : ['none'];
    return {
      times: settings.times,
      y,
      results: results as TrajectoryResult[],
      backendUsed: classes.join('+'),
      batchEvaluations: evaluations,
      kernelLaunches: evaluations * rhs.launches,
    };
  };

  const runCpu = (
    problem: DataProblem,
    all: Float64Array,
    B: number,
    options: BatchIntegrateOptions,
  ): RawBatch => {
    const n = all.length / B;
    const times = resolveSettings('cpuBackend.integrate', options).times;
    const nt = times.length;
    const y = new Float64Array(B * nt * n).fill(Number.NaN);
    const results: TrajectoryResult[] = [];
    for (let b = 0; b < B; b++) {
      // Member by member, as cpuBackend.integrateBatch does, but keeping yStop and the counters.
      const r = cpuBackend.integrate(problem, all.subarray(b * n, (b + 1) * n), options);
      y.set(r.y, b * nt * n);
      results.push({
        status: r.status,
        message: r.message,
        reached: r.t.length,
        tStop: r.tStop,
        yStop: r.yStop,
        nfev: r.stats.nfev,
        accepted: r.stats.accepted,
        rejected: r.stats.rejected,
      });
    }
    return { times, y, results, backendUsed: 'cpu-float64', batchEvaluations: 0, kernelLaunches: 0 };
  };

  const integrateBatch = (
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): GpuBatchIntegrateResult => {
    const fnName = `${name}.integrateBatch`;
    const resolved = resolveProblem(fnName, problem);
    const B = assertPositiveInteger(fnName, 'batch', batch);
    const n = resolved.dim;
    const all = finiteVector(fnName, 'y0', y0, B * n, 'batch × dim');
    // Validate every option before routing, so both paths reject the same inputs.
    const checked = resolveSettings(fnName, options);
    checkBudget(
      integrateCost({
        problem,
        times: checked.times.length,
        batch: B,
        neuronLaws: options.neuronLaws === true,
      }),
      options.budget,
    );
    const wantNeuronLaws = options.neuronLaws ?? false;
    if (typeof wantNeuronLaws !== 'boolean') {
      throw new TypeError(`${fnName}: options.neuronLaws must be a boolean, got ${show(wantNeuronLaws)}`);
    }
    if (wantNeuronLaws && resolved.kind !== 'layered-flow') {
      throw new RangeError(
        `${fnName}: options.neuronLaws needs a layered-flow problem, got kind ${show(resolved.kind)}`,
      );
    }
    const raw =
      B < minGpuBatch ? runCpu(problem, all, B, options) : runKernels(resolved, all, B, options, fnName);
    const nt = raw.times.length;
    const layout = lawsOf(resolved);
    const H = layout?.count ?? 0;
    const laws = layout === null ? null : new Float64Array(B * nt * H).fill(Number.NaN);
    const lawDrift = new Float64Array(B);
    let neuronLaws: Float64Array | undefined;
    if (wantNeuronLaws && resolved.kind === 'layered-flow') {
      let Hn = 0;
      for (let l = 1; l < resolved.layers; l++) Hn += resolved.widths[l]!;
      const nl = new Float64Array(B * nt * Hn).fill(Number.NaN);
      raw.results.forEach((res, b) => {
        for (let i = 0; i < res.reached; i++) {
          const row = (b * nt + i) * n;
          nl.set(layeredNeuronLaws(resolved.problem, raw.y.subarray(row, row + n)), (b * nt + i) * Hn);
        }
      });
      neuronLaws = nl;
    }
    const yStop = new Float64Array(B * n);
    const accepted = new Float64Array(B);
    const rejected = new Float64Array(B);
    const stats: IntegrateStats = { nfev: 0, accepted: 0, rejected: 0 };
    raw.results.forEach((res, b) => {
      yStop.set(res.yStop, b * n);
      stats.nfev += res.nfev;
      stats.accepted += res.accepted;
      stats.rejected += res.rejected;
      accepted[b] = res.accepted;
      rejected[b] = res.rejected;
      if (layout === null || laws === null) return;
      for (let i = 0; i < res.reached; i++) {
        const row = (b * nt + i) * n;
        layout.evaluate(raw.y.subarray(row, row + n), laws, (b * nt + i) * H);
      }
      let drift = 0;
      for (let i = 1; i < res.reached; i++) {
        for (let q = 0; q < H; q++) {
          const d = Math.abs(laws[(b * nt + i) * H + q]! - laws[b * nt * H + q]!);
          if (d > drift) drift = d;
        }
      }
      lawDrift[b] = drift;
    });
    return {
      t: raw.times.slice(),
      y: raw.y,
      shape: [B, nt, n] as const,
      status: raw.results.map((r) => r.status),
      message: raw.results.map((r) => r.message),
      tStop: Float64Array.from(raw.results, (r) => r.tStop),
      stats,
      ...(neuronLaws ? { neuronLaws } : {}),
      backend: raw.backendUsed,
      backendUsed: raw.backendUsed,
      yStop,
      laws,
      lawNames: layout?.names ?? [],
      lawDrift,
      accepted,
      rejected,
      batchEvaluations: raw.batchEvaluations,
      kernelLaunches: raw.kernelLaunches,
    };
  };

  const integrate = (
    problem: DataProblem,
    y0: ArrayLike<number>,
    options: IntegrateOptions,
  ): GpuIntegrateResult => {
    const fnName = `${name}.integrate`;
    const resolved = resolveProblem(fnName, problem);
    const n = resolved.dim;
    const single = finiteVector(fnName, 'y0', y0, n, 'dim');
    const settings = resolveSettings(fnName, options);
    const layout = lawsOf(resolved);
    const H = layout?.count ?? 0;
    const withLaws = (r: IntegrateResult, backendUsed: string): GpuIntegrateResult => {
      const rows = r.t.length;
      const laws = layout === null ? null : new Float64Array(rows * H);
      if (layout !== null && laws !== null) {
        for (let i = 0; i < rows; i++) layout.evaluate(r.y.subarray(i * n, (i + 1) * n), laws, i * H);
      }
      return { ...r, backendUsed, laws, lawNames: layout?.names ?? [] };
    };
    if (1 < minGpuBatch) return withLaws(cpuBackend.integrate(problem, single, options), 'cpu-float64');
    const raw = runKernels(resolved, single, 1, options, fnName);
    const res = raw.results[0] as TrajectoryResult;
    return withLaws(
      {
        status: res.status,
        message: res.message,
        t: raw.times.slice(0, res.reached),
        y: raw.y.slice(0, res.reached * n),
        shape: [res.reached, n] as const,
        tStop: res.tStop,
        yStop: res.yStop,
        events: [],
        stats: { nfev: res.nfev, accepted: res.accepted, rejected: res.rejected },
        method: settings.method,
      },
      raw.backendUsed,
    );
  };

  const name = `gpu.js-${mode}`;
  return Object.freeze({
    name,
    precision: 'float32' as const,
    kinds: Object.freeze(['linear', 'layered-flow'] as const),
    mode,
    minGpuBatch,
    integrate,
    integrateBatch,
    destroy() {
      if (gpu !== null) gpu.destroy();
      gpu = null;
      cache = new Map();
    },
  });
}
