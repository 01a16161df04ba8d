import { cpuBackend } from '@idyn/integrators';
import type { LayeredBenchOptions } from '@idyn/integrators/backend';
import { createGpuBackend, type GpuBackend, type GpuMode } from './createGpuBackend.js';
import { ensembleCase } from './internal/ensembleCase.js';

/** Options of {@link benchEnsemble}: the backend, and the ensemble's size (`LayeredBenchOptions`). */
export interface BenchEnsembleOptions extends LayeredBenchOptions {
  /**
   * What to time: a gpu.js mode (a backend is created with `minGpuBatch: 0`, so the kernels run
   * whatever the batch), `'cpu-float64'` for the CPU baseline of @idyn/integrators, or a backend
   * made by {@link createGpuBackend} (its compiled kernels are reused across calls).
   * @default 'gpu'
   */
  readonly backend?: GpuMode | 'cpu-float64' | GpuBackend;
  /**
   * `'rk4'`: `steps` fixed steps of `step`. `'dopri5'`: adaptive DOPRI5 over the same span
   * (`steps × step`) at rtol 1e-5, atol 1e-7, each member with its own step control.
   * @default 'rk4'
   */
  readonly method?: 'rk4' | 'dopri5';
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
  /** The method timed. */
  readonly method: 'rk4' | 'dopri5';
  /** Evaluations of f per trajectory-step (4 for RK4, 6 per DOPRI5 trial step). */
  readonly evaluationsPerStep: number;
  /**
   * Useful floating-point operations of one evaluation of f for one member: the multiply-adds of
   * the forward pass, the back-propagation and the weight gradients (2 flops each) and the bias
   * sums over the samples; no index arithmetic, no copies.
   */
  readonly flopsPerEvaluation: number;
  /** flopsPerEvaluation × evaluationsPerStep × trajectoryStepsPerSecond / 1e9. */
  readonly usefulGflops: number;
  /** Read-backs of the timed run (GPU backends; 0 on the CPU). */
  readonly readbacks: number;
  /** Kernel launches of the timed run (GPU backends; 0 on the CPU). */
  readonly kernelLaunches: number;
}

/**
 * Times fixed-step RK4 (or adaptive DOPRI5) on B independent gradient flows of a layered ReLU network with biases (MSE
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
  const c = ensembleCase('benchEnsemble', options);
  const spec = options.backend ?? 'gpu';
  const backend =
    spec === 'cpu-float64'
      ? cpuBackend
      : typeof spec === 'string'
        ? createGpuBackend({ mode: spec, minGpuBatch: 0 })
        : spec;
  const t0 = performance.now();
  backend.integrateBatch(c.problem, c.theta0, c.batch, c.optionsFor(1));
  const t1 = performance.now();
  const r = backend.integrateBatch(c.problem, c.theta0, c.batch, c.optionsFor(c.steps));
  const t2 = performance.now();
  return c.summarize(r, (t2 - t1) / 1000, (t1 - t0) / 1000);
}
