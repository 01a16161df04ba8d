import { cpuBackend } from '@idyn/integrators';
import {
  BENCH_BUDGET,
  evaluationFlops,
  type LayeredBenchOptions,
  layeredBenchCase,
} from '@idyn/integrators/backend';
import type { WebGpuBackend } from './createWebGpuBackend.js';

/**
 * Options of {@link benchWebGpuEnsemble}: the backend, the DOPRI5 tolerance, and the ensemble's size
 * (`LayeredBenchOptions` of @idyn/integrators/backend, the ensemble every backend's bench times).
 */
export interface BenchWebGpuEnsembleOptions extends LayeredBenchOptions {
  /** What to time: a backend from `createWebGpuBackend`, or `'cpu-float64'` (one thread). @default 'cpu-float64' */
  readonly backend?: WebGpuBackend | 'cpu-float64';
  /** DOPRI5 relative tolerance (atol = rtol / 100). @default 1e-4 */
  readonly rtol?: number;
}

/** Result of {@link benchWebGpuEnsemble}. */
export interface BenchWebGpuEnsembleResult {
  /** The backend that ran (`webgpu:vendor/architecture` or `'cpu-float64'`). */
  readonly backend: string;
  /** Number of trajectories B. */
  readonly batch: number;
  /** The method. */
  readonly method: 'rk4' | 'dopri5';
  /** Accepted steps summed over the batch. */
  readonly trajectorySteps: number;
  /** Right-hand-side evaluations summed over the batch. */
  readonly evaluations: number;
  /** Wall time of the timed run (kernels compiled by the warm-up), seconds. */
  readonly seconds: number;
  /** trajectorySteps / seconds. */
  readonly trajectoryStepsPerSecond: number;
  /** Useful floating-point operations of the timed run (matrix products of the passes), in GFLOP. */
  readonly usefulGflop: number;
  /** usefulGflop / seconds. */
  readonly usefulGflopPerSecond: number;
  /** Wall time of the one-step warm-up (compilation), seconds. */
  readonly warmupSeconds: number;
  /** Read-backs of the timed run (0 on the CPU). */
  readonly readbacks: number;
  /** Dispatches of the timed run (0 on the CPU). */
  readonly dispatches: number;
  /** Trajectories that did not end with 'success'. */
  readonly failed: number;
  /** The states at the end, row-major `[batch, D]` (for agreement checks). */
  readonly yEnd: Float64Array;
}

/**
 * Useful work of one evaluation of −∇L for one member: the multiply–adds of the matrix products
 * of the forward pass, the weight gradient and the back-propagated cotangents, 2 flops each, over
 * N samples: 2N (2 Σ_l n_l n_{l−1} + Σ_{l≥2} n_l n_{l−1}); bias adds and activations are not
 * counted. `evaluationFlops` of @idyn/integrators/backend, which every backend's bench uses.
 */
export { evaluationFlops };

/**
 * Times B independent gradient flows of a layered ReLU network with biases (MSE on a shared random
 * data set, each member from its own random θ₀): RK4 with a fixed step, or adaptive DOPRI5 over
 * the same span; a one-step warm-up compiles the kernels first. Reports trajectory-steps per
 * second and useful GFLOP/s (see {@link evaluationFlops}). Works in browsers and in Node.
 *
 * @param options - backend, batch, network, method, see {@link BenchWebGpuEnsembleOptions}
 * @returns the figures and the end states
 * @throws RangeError for a non-positive batch, steps or samples, or an unknown method
 * @example
 * const r = await benchWebGpuEnsemble({ backend: await createWebGpuBackend(), batch: 4096 });
 * r.trajectoryStepsPerSecond; // machine-dependent
 * @see MATH.md §6 (numerics of gradient flows)
 */
export async function benchWebGpuEnsemble(
  options: BenchWebGpuEnsembleOptions = {},
): Promise<BenchWebGpuEnsembleResult> {
  const c = layeredBenchCase('benchWebGpuEnsemble', options);
  const { problem, theta0, batch: B, steps, step: h, method, widths, samples: N, D } = c;
  const rtol = options.rtol ?? 1e-4;
  const backend = options.backend ?? 'cpu-float64';
  const T = steps * h;
  const budget = BENCH_BUDGET;
  const opts =
    method === 'rk4'
      ? { times: [0, T], method: 'rk4' as const, step: h, budget }
      : { times: [0, T], rtol, atol: rtol / 100, budget };
  const warm =
    method === 'rk4'
      ? { times: [0, h], method: 'rk4' as const, step: h, budget }
      : { ...opts, times: [0, h] };
  const run = async (o: typeof opts | typeof warm) =>
    backend === 'cpu-float64'
      ? { ...cpuBackend.integrateBatch(problem, theta0, B, o), readbacks: 0, dispatches: 0 }
      : backend.integrateBatch(problem, theta0, B, o);
  const t0 = performance.now();
  await run(warm);
  const t1 = performance.now();
  const r = await run(opts);
  const t2 = performance.now();
  const seconds = (t2 - t1) / 1000;
  const usefulGflop = (r.stats.nfev * evaluationFlops(widths, N)) / 1e9;
  const yEnd = new Float64Array(B * D);
  for (let b = 0; b < B; b++) yEnd.set(r.y.subarray((b * 2 + 1) * D, (b * 2 + 2) * D), b * D);
  return {
    backend: r.backend,
    batch: B,
    method,
    trajectorySteps: r.stats.accepted,
    evaluations: r.stats.nfev,
    seconds,
    trajectoryStepsPerSecond: r.stats.accepted / seconds,
    usefulGflop,
    usefulGflopPerSecond: usefulGflop / seconds,
    warmupSeconds: (t1 - t0) / 1000,
    readbacks: r.readbacks,
    dispatches: r.dispatches,
    failed: r.status.filter((s) => s !== 'success').length,
    yEnd,
  };
}
