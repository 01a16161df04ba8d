import { cpuBackend, type LayeredFlowProblem } from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import { createGpuBackend, type GpuBackend, type GpuMode } from './createGpuBackend.js';
import { assertPositiveInteger, show } from '@idyn/integrators/backend';

/** Options of {@link benchEnsemble}. */
export interface BenchEnsembleOptions {
  /**
   * What to time: a gpu.js mode (a backend is created with `minGpuBatch: 0`, so the kernels run
   * whatever the batch), `'cpu-float64'` for the CPU baseline of @idyn/integrators, or a backend
   * made by {@link createGpuBackend} (its compiled kernels are reused across calls).
   * @default 'gpu'
   */
  readonly backend?: GpuMode | 'cpu-float64' | GpuBackend;
  /** Number of trajectories B. @default 256 */
  readonly batch?: number;
  /** Widths of the layered ReLU network with biases. @default [8, 16, 16, 1] */
  readonly widths?: readonly number[];
  /** Size of the shared data set. @default 32 */
  readonly samples?: number;
  /** Fixed RK4 steps per trajectory in the timed run. @default 20 */
  readonly steps?: number;
  /** RK4 step size. @default 0.01 */
  readonly step?: number;
  /** Seed of the data and of the initial parameters. @default 1 */
  readonly seed?: number;
}

/** Result of {@link benchEnsemble}. */
export interface BenchEnsembleResult {
  /** Kernel class that really ran, or `'cpu-float64'`. */
  readonly backendUsed: string;
  /** Number of trajectories B. */
  readonly batch: number;
  /** RK4 steps per trajectory in the timed run. */
  readonly steps: number;
  /** batch × steps. */
  readonly trajectorySteps: number;
  /** Wall time of the timed run (kernels already compiled), in seconds. */
  readonly seconds: number;
  /** trajectorySteps / seconds. */
  readonly trajectoryStepsPerSecond: number;
  /** Wall time of the one-step warm-up run that compiles the kernels, in seconds. */
  readonly warmupSeconds: number;
  /** Number of trajectories that did not end with status 'success' (should be 0). */
  readonly failed: number;
}

/**
 * Times fixed-step RK4 on B independent gradient flows of a layered ReLU network with biases (MSE
 * on a shared random data set), each from its own random θ₀: a one-step warm-up (kernel
 * compilation), then `steps` steps. Works in Node and in the browser (`performance.now`).
 *
 * @param options - what to time and the ensemble's size, see {@link BenchEnsembleOptions}
 * @returns trajectory-steps per second and the kernel class that really ran
 * @throws RangeError for a non-positive batch, steps or samples, or an unsupported mode
 * @example
 * const r = benchEnsemble({ backend: 'cpu', batch: 64, steps: 5 });
 * r.backendUsed;              // 'CPUKernel'
 * r.trajectorySteps;          // 320
 * r.trajectoryStepsPerSecond; // machine-dependent
 * @see MATH.md §6 (numerics of gradient flows)
 */
export function benchEnsemble(options: BenchEnsembleOptions = {}): BenchEnsembleResult {
  const fn = 'benchEnsemble';
  const B = assertPositiveInteger(fn, 'options.batch', options.batch ?? 256);
  const steps = assertPositiveInteger(fn, 'options.steps', options.steps ?? 20);
  const N = assertPositiveInteger(fn, 'options.samples', options.samples ?? 32);
  const h = options.step ?? 0.01;
  if (!(typeof h === 'number' && h > 0 && Number.isFinite(h))) {
    throw new RangeError(`${fn}: options.step must be a finite number > 0, got ${show(options.step)}`);
  }
  const widths = options.widths ?? [8, 16, 16, 1];
  const spec = options.backend ?? 'gpu';
  const backend =
    spec === 'cpu-float64'
      ? cpuBackend
      : typeof spec === 'string'
        ? createGpuBackend({ mode: spec, minGpuBatch: 0 })
        : spec;
  const rng = createRng(options.seed ?? 1);
  const n0 = widths[0]!;
  const nL = widths[widths.length - 1]!;
  const problem: LayeredFlowProblem = {
    kind: 'layered-flow',
    widths,
    activation: 'relu',
    bias: true,
    loss: { type: 'mse', samples: N, X: rng.normals(N * n0), Y: rng.normals(N * nL) },
  };
  let D = 0;
  for (let l = 1; l < widths.length; l++) D += widths[l]! * (widths[l - 1]! + 1);
  const theta0 = rng.normals(B * D, 0.5);
  const t0 = performance.now();
  backend.integrateBatch(problem, theta0, B, { times: [0, h], method: 'rk4', step: h });
  const t1 = performance.now();
  const r = backend.integrateBatch(problem, theta0, B, { times: [0, steps * h], method: 'rk4', step: h });
  const t2 = performance.now();
  const seconds = (t2 - t1) / 1000;
  const result = r as { backendUsed?: string; backend: string };
  return {
    backendUsed: result.backendUsed ?? result.backend,
    batch: B,
    steps,
    trajectorySteps: B * steps,
    seconds,
    trajectoryStepsPerSecond: (B * steps) / seconds,
    warmupSeconds: (t1 - t0) / 1000,
    failed: r.status.filter((s) => s !== 'success').length,
  };
}
