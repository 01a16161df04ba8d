import {
  type Backend,
  type BatchIntegrateOptions,
  type BatchIntegrateResult,
  cpuBackend,
  type DataProblem,
  type IntegrateOptions,
  type IntegrateResult,
} from '@idyn/integrators';
import { GPU } from 'gpu.js';
import { type LawLayout, lawLayout } from './internal/laws.js';
import { GPU_MODES, type GpuMode, probeModes } from './internal/modes.js';
import { MAX_WIDTH, type ResolvedProblem, resolveProblem } from './internal/problem.js';
import { type MemberResult, type ResidentProgress, runResident } from './internal/resident.js';
import { CTRL_FIELDS, PART_CHUNK } from './internal/rkKernels.js';
import { type Settings, resolveSettings } from './internal/settings.js';
import {
  abortError,
  batchNeuronLaws,
  batchProgress,
  batchResultOf,
  checkFloat32Rtol,
  FLOAT32_RTOL_FLOOR,
  finiteVector,
  memberRunResult,
  resolveFloat32Batch,
  show,
} from '@idyn/integrators/backend';

export type { GpuMode } from './internal/modes.js';
/**
 * Smallest `rtol` of adaptive (DOPRI5) runs on the float32 kernels (1e-5), shared by every float32
 * backend: see `FLOAT32_RTOL_FLOOR` of @idyn/integrators/backend (and the README, Notes).
 */
export { FLOAT32_RTOL_FLOOR };

/**
 * Batches smaller than this go to the CPU float64 backend unless `minGpuBatch` says otherwise.
 * @example
 * createGpuBackend({ mode: 'cpu' }).minGpuBatch === DEFAULT_MIN_GPU_BATCH; // true (64)
 */
export const DEFAULT_MIN_GPU_BATCH = 64;

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
  /**
   * Rounds (one trial step of every active member) between two status summaries: each summary is
   * one small read-back that tells how many members are still running (the run ends when none
   * is), which output times every running member has passed (their rows are read back then), and
   * the progress reported to `onProgress`.
   * @default 4
   */
  readonly statusEvery?: number;
  /**
   * Output tensors kept on the device at once (adaptive runs). A member's step records at most this
   * many output times (a longer step is shortened to land on the last of them), and a member that
   * would record an output beyond the window of live output tensors waits for the slowest members.
   * @default 8
   */
  readonly outputSlots?: number;
  /**
   * Largest number of members run at once on the kernels; larger batches run as consecutive
   * chunks. The default is what fits the device's largest texture (every per-member tensor of the
   * chunk in one texture); a smaller value only lowers memory use.
   * @default Infinity (the texture limit)
   */
  readonly maxChunk?: number;
}

/** Default {@link GpuBackendOptions.statusEvery}. */
const DEFAULT_STATUS_EVERY = 4;
/** Default {@link GpuBackendOptions.outputSlots}. */
const DEFAULT_OUTPUT_SLOTS = 8;
/** Largest maxSteps the float32 step counters hold exactly (2^24). */
const MAX_KERNEL_STEPS = 2 ** 24;

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
  /** Kernel launches in all (0 on the CPU path). */
  readonly kernelLaunches: number;
  /**
   * Read-backs from the device in all: output rows (at most one per output time and chunk), status
   * summaries (one every `statusEvery` rounds), and two at the end of each chunk (control records
   * and final states); 0 on the CPU path.
   */
  readonly readbacks: number;
  /** Status summaries among the read-backs. */
  readonly summaryReadbacks: number;
  /** Rounds in all (one trial step of every active member each), summed over the chunks. */
  readonly rounds: number;
  /** Chunks the batch ran in (1 unless it exceeded the texture limit or `maxChunk`). */
  readonly chunks: number;
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
  /** Float32 kernels: states, stages and per-member step control all live on the device. */
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
  /**
   * Like {@link GpuBackend.integrateBatch}, but returns to the event loop after every status
   * summary, so that `options.signal` can be aborted from outside (a message to a worker, a
   * SIGINT handler) and `options.onProgress` can update a page. Rejects with `signal.reason` when
   * aborted.
   */
  integrateBatchAsync(
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): Promise<GpuBatchIntegrateResult>;
  /** Releases the gpu.js context and its compiled kernels; the backend recreates them if used again. */
  destroy(): void;
}

/** A finished batch before assembly: times, states, member ends, and the result's counters. */
type RawBatch = {
  readonly times: Float64Array;
  readonly y: Float64Array;
  readonly results: readonly MemberResult[];
} & Pick<
  GpuBatchIntegrateResult,
  | 'backendUsed'
  | 'batchEvaluations'
  | 'kernelLaunches'
  | 'readbacks'
  | 'summaryReadbacks'
  | 'rounds'
  | 'chunks'
>;

function lawsOf(resolved: ResolvedProblem): LawLayout | null {
  return resolved.kind === 'layered-flow' ? lawLayout(resolved) : null;
}

function positiveIntegerOption(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: options.${name} must be a positive integer, got ${show(value)}`);
  }
  return value;
}

/** Lets the event loop run (timers, messages, signals) between two chunks of synchronous work. */
const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Creates the gpu.js backend. It integrates B independent flows at once with the whole
 * integration on the device: the states, the Runge–Kutta stages, each member's step-size control
 * (t, h, PI-controller memory, counters, status) and the output rows are gpu.js pipeline tensors
 * (textures on WebGL2/WebGL/headless-gl) from the upload of y0 to the end; the host reads back
 * only the output rows, a small status summary every few rounds, and the final records (see the
 * README). Supports `linear` and `layered-flow` problems (MSE, or the synthetic loss of MATH.md §5
 * for linear nets), methods euler/heun/rk4 (fixed step) and dopri5 (adaptive per member, dense
 * output), per-member divergence (`maxNorm`) and non-finite detection, and reports the conserved
 * quantities per member at the output times.
 *
 * @param options - mode, small-batch threshold, status interval, output slots, chunk size; see
 *   {@link GpuBackendOptions}
 * @returns the backend; `integrate`/`integrateBatch` are synchronous, `integrateBatchAsync` yields
 *   to the event loop between status summaries (progress, cancellation)
 * @throws RangeError if `mode` is unknown or not supported here (e.g. `'headlessgl'` without an
 *   X display), or another option is out of range; `integrate`/`integrateBatch` throw a
 *   RangeError for an adaptive run with `rtol` < {@link FLOAT32_RTOL_FLOOR} (1e-5) or `maxSteps` >
 *   2^24 that goes to the float32 kernels, and when one member does not fit the device's largest
 *   texture
 * @example
 * const gpu = createGpuBackend({ mode: 'cpu', minGpuBatch: 0 });
 * const r = gpu.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1, 2], 2, { times: [0, 1] });
 * r.backendUsed; // 'CPUKernel'
 * r.y[1];        // ≈ 0.36788 (= e^{-1}), to float32 accuracy
 * r.readbacks;   // 3: the row at t = 1, the control records, the final states
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
  const statusEvery = positiveIntegerOption(fn, 'statusEvery', options.statusEvery, DEFAULT_STATUS_EVERY);
  const outputSlots = positiveIntegerOption(fn, 'outputSlots', options.outputSlots, DEFAULT_OUTPUT_SLOTS);
  const maxChunk =
    options.maxChunk === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : positiveIntegerOption(fn, 'maxChunk', options.maxChunk, Number.POSITIVE_INFINITY);

  let gpu: GPU | null = null;
  let cache = new Map<string, unknown>();
  const getGpu = (): GPU => {
    if (gpu === null) {
      gpu = new GPU({ mode });
      cache = new Map();
    }
    return gpu;
  };
  /** Elements of the largest texture the kernels may write (Infinity off GL). */
  const textureCapacity = (g: GPU): number => {
    const K = (g as unknown as { Kernel?: { features?: { maxTextureSize?: number } | null } }).Kernel;
    const size = K?.features?.maxTextureSize;
    return typeof size === 'number' && Number.isFinite(size) ? size * size : Number.POSITIVE_INFINITY;
  };

  /** Validates what only the kernel path needs and splits the batch into chunks. */
  const planKernels = (resolved: ResolvedProblem, B: number, settings: Settings, fnName: string) => {
    checkFloat32Rtol(fnName, settings);
    if (settings.maxSteps > MAX_KERNEL_STEPS) {
      throw new RangeError(
        `${fnName}: options.maxSteps = ${settings.maxSteps} exceeds ${MAX_KERNEL_STEPS}, the largest count the float32 kernels hold exactly`,
      );
    }
    const D = resolved.dim;
    const nt = settings.times.length;
    if (B * nt * D > 2 ** 31 - 1) {
      throw new RangeError(
        `${fnName}: batch × times × dim = ${B} × ${nt} × ${D} exceeds ${2 ** 31 - 1}, the largest result array`,
      );
    }
    const g = getGpu();
    const N = resolved.kind === 'layered-flow' ? resolved.samples : 1;
    const widest = resolved.kind === 'layered-flow' ? Math.max(...resolved.widths) : D;
    // Per member: the output rows (D + 1), the activations (N × widest), the control record, the
    // partial sums of the reductions.
    const perMember = Math.max(D + 1, N * widest, CTRL_FIELDS, 4 * Math.ceil(D / PART_CHUNK));
    const capacity = textureCapacity(g);
    if (perMember > capacity) {
      throw new RangeError(
        `${fnName}: one member needs ${perMember} values in a texture, above this device's limit ${capacity} (maxTextureSize²)`,
      );
    }
    const chunk = Math.max(1, Math.min(B, maxChunk, Math.floor(capacity / perMember)));
    return { g, chunk };
  };

  /** The kernel run as a generator over progress reports (one per status summary). */
  function* runKernels(
    resolved: ResolvedProblem,
    all: Float64Array,
    B: number,
    settings: Settings,
    fnName: string,
  ): Generator<ResidentProgress, RawBatch, void> {
    const { g, chunk } = planKernels(resolved, B, settings, fnName);
    const n = resolved.dim;
    const nt = settings.times.length;
    const y = new Float64Array(B * nt * n);
    const results: MemberResult[] = [];
    const classes = new Set<string>();
    const totals = { evaluations: 0, launches: 0, readbacks: 0, summaries: 0, rounds: 0, chunks: 0 };
    let doneBefore = 0;
    let stepsBefore = 0;
    for (let start = 0; start < B; start += chunk) {
      const Bc = Math.min(chunk, B - start);
      const run = runResident(g, cache, resolved, all.subarray(start * n, (start + Bc) * n), Bc, settings, {
        statusEvery,
        outputSlots,
      });
      let step = run.next();
      while (!step.done) {
        const p = step.value;
        yield {
          membersDone: doneBefore + p.membersDone,
          trajectorySteps: stepsBefore + p.trajectorySteps,
          rounds: totals.rounds + p.rounds,
        };
        step = run.next();
      }
      const r = step.value;
      y.set(r.y, start * nt * n);
      for (const m of r.members) results.push(m);
      for (const c of r.kernelClasses) classes.add(c);
      totals.evaluations += r.evaluations;
      totals.launches += r.kernelLaunches;
      totals.readbacks += r.readbacks;
      totals.summaries += r.summaryReadbacks;
      totals.rounds += r.rounds;
      totals.chunks++;
      doneBefore += Bc;
      for (const m of r.members) stepsBefore += m.accepted + m.rejected;
    }
    return {
      times: settings.times,
      y,
      results,
      backendUsed: classes.size > 0 ? [...classes].join('+') : 'none',
      batchEvaluations: totals.evaluations,
      kernelLaunches: totals.launches,
      readbacks: totals.readbacks,
      summaryReadbacks: totals.summaries,
      rounds: totals.rounds,
      chunks: totals.chunks,
    };
  }

  /** The CPU float64 path (below minGpuBatch), member by member, as a generator too. */
  function* runCpu(
    problem: DataProblem,
    all: Float64Array,
    B: number,
    options: BatchIntegrateOptions,
  ): Generator<ResidentProgress, RawBatch, void> {
    const n = all.length / B;
    const times = resolveSettings('cpuBackend.integrate', options).times;
    const nt = times.length;
    const y = new Float64Array(B * nt * n).fill(Number.NaN);
    const results: MemberResult[] = [];
    let steps = 0;
    const { onProgress: _p, signal: _s, neuronLaws: _n, ...plain } = options;
    for (let b = 0; b < B; b++) {
      // Member by member, as cpuBackend.integrateBatch does, but keeping yStop and the counters.
      const r = cpuBackend.integrate(problem, all.subarray(b * n, (b + 1) * n), plain);
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
      steps += r.stats.accepted + r.stats.rejected;
      yield { membersDone: b + 1, trajectorySteps: steps, rounds: 0 };
    }
    return {
      times,
      y,
      results,
      backendUsed: 'cpu-float64',
      batchEvaluations: 0,
      kernelLaunches: 0,
      readbacks: 0,
      summaryReadbacks: 0,
      rounds: 0,
      chunks: 0,
    };
  }

  /** Validates, routes, and returns the run as a generator plus the assembly of its result. */
  const prepareBatch = (
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
    fnName: string,
  ) => {
    // Validate every option before routing, so both paths reject the same inputs (the budget
    // too, before the settings copy the output times).
    const {
      resolved,
      B,
      all,
      wantLaws: wantNeuronLaws,
      settings,
    } = resolveFloat32Batch(fnName, problem, y0, batch, options, 'GPU', { maxWidth: MAX_WIDTH });
    const signal = options.signal;
    const gen =
      B < minGpuBatch ? runCpu(problem, all, B, options) : runKernels(resolved, all, B, settings, fnName);
    const start = performance.now();
    const report = (p: ResidentProgress): void => {
      options.onProgress?.(batchProgress(p.membersDone, B, p.trajectorySteps, start));
    };
    const assemble = (raw: RawBatch): GpuBatchIntegrateResult =>
      assembleBatch(resolved, B, raw, wantNeuronLaws);
    return { gen, report, signal, assemble };
  };

  const integrateBatch = (
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): GpuBatchIntegrateResult => {
    const { gen, report, signal, assemble } = prepareBatch(
      problem,
      y0,
      batch,
      options,
      `${name}.integrateBatch`,
    );
    if (signal?.aborted) throw abortError(signal);
    let step = gen.next();
    while (!step.done) {
      report(step.value);
      if (signal?.aborted) {
        gen.return(undefined as unknown as RawBatch);
        throw abortError(signal);
      }
      step = gen.next();
    }
    return assemble(step.value);
  };

  const integrateBatchAsync = async (
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): Promise<GpuBatchIntegrateResult> => {
    const { gen, report, signal, assemble } = prepareBatch(
      problem,
      y0,
      batch,
      options,
      `${name}.integrateBatchAsync`,
    );
    if (signal?.aborted) throw abortError(signal);
    let step = gen.next();
    while (!step.done) {
      report(step.value);
      await nextMacrotask();
      if (signal?.aborted) {
        gen.return(undefined as unknown as RawBatch);
        throw abortError(signal);
      }
      step = gen.next();
    }
    return assemble(step.value);
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
    const gen = runKernels(resolved, single, 1, settings, fnName);
    let step = gen.next();
    while (!step.done) step = gen.next();
    const raw = step.value;
    const res = raw.results[0] as MemberResult;
    return withLaws(memberRunResult(res, raw.times, raw.y, n, res.yStop, settings.method), raw.backendUsed);
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
    integrateBatchAsync,
    destroy() {
      if (gpu !== null) gpu.destroy();
      gpu = null;
      cache = new Map();
    },
  });
}

/** Laws, neuron laws, per-member arrays and totals of a finished batch. */
function assembleBatch(
  resolved: ResolvedProblem,
  B: number,
  raw: RawBatch,
  wantNeuronLaws: boolean,
): GpuBatchIntegrateResult {
  const n = resolved.dim;
  const nt = raw.times.length;
  const layout = lawsOf(resolved);
  const H = layout?.count ?? 0;
  const laws = layout === null ? null : new Float64Array(B * nt * H).fill(Number.NaN);
  const lawDrift = new Float64Array(B);
  const neuronLaws =
    wantNeuronLaws && resolved.kind === 'layered-flow'
      ? batchNeuronLaws(resolved.problem, raw.y, nt, raw.results)
      : undefined;
  const yStop = new Float64Array(B * n);
  raw.results.forEach((res, b) => {
    yStop.set(res.yStop, b * n);
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
  const { times, y, results, ...counters } = raw;
  return {
    ...batchResultOf(times, y, n, results, raw.backendUsed, neuronLaws),
    ...counters,
    yStop,
    laws,
    lawNames: layout?.names ?? [],
    lawDrift,
  };
}
