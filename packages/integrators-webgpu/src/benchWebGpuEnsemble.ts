import { cpuBackend, type LayeredFlowProblem } from '@idyn/integrators';
import { assertPositiveInteger, show } from '@idyn/integrators/backend';
import { createRng } from '@idyn/linalg';
import type { WebGpuBackend } from './createWebGpuBackend.js';

/** Options of {@link benchWebGpuEnsemble}. */
export interface BenchWebGpuEnsembleOptions {
  /** What to time: a backend from `createWebGpuBackend`, or `'cpu-float64'` (one thread). @default 'cpu-float64' */
  readonly backend?: WebGpuBackend | 'cpu-float64';
  /** Number of trajectories B. @default 256 */
  readonly batch?: number;
  /** Widths of the layered ReLU network with biases. @default [8, 16, 16, 1] */
  readonly widths?: readonly number[];
  /** Size of the shared data set. @default 32 */
  readonly samples?: number;
  /** `'rk4'` (fixed step) or `'dopri5'` (adaptive). @default 'rk4' */
  readonly method?: 'rk4' | 'dopri5';
  /** RK4 steps of the timed run; DOPRI5 integrates over the same span `steps · step`. @default 20 */
  readonly steps?: number;
  /** RK4 step size. @default 0.01 */
  readonly step?: number;
  /** DOPRI5 relative tolerance (atol = rtol / 100). @default 1e-4 */
  readonly rtol?: number;
  /** Seed of the data and of the initial parameters. @default 1 */
  readonly seed?: number;
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
 * N samples: 2N (2 Σ_l n_l n_{l−1} + Σ_{l≥2} n_l n_{l−1}). Bias adds and activations are not
 * counted.
 *
 * @param widths - the network widths
 * @param samples - N
 * @returns flops per evaluation and member
 * @example
 * evaluationFlops([8, 16, 16, 1], 32); // 2·32·(2·400 + 272) = 68608
 */
export function evaluationFlops(widths: readonly number[], samples: number): number {
  let all = 0;
  let back = 0;
  for (let l = 1; l < widths.length; l++) {
    all += widths[l]! * widths[l - 1]!;
    if (l >= 2) back += widths[l]! * widths[l - 1]!;
  }
  return 2 * samples * (2 * all + back);
}

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
  const fn = 'benchWebGpuEnsemble';
  const B = assertPositiveInteger(fn, 'options.batch', options.batch ?? 256);
  const steps = assertPositiveInteger(fn, 'options.steps', options.steps ?? 20);
  const N = assertPositiveInteger(fn, 'options.samples', options.samples ?? 32);
  const method = options.method ?? 'rk4';
  if (method !== 'rk4' && method !== 'dopri5') {
    throw new RangeError(`${fn}: options.method must be 'rk4' or 'dopri5', got ${show(method)}`);
  }
  const h = options.step ?? 0.01;
  if (!(typeof h === 'number' && h > 0 && Number.isFinite(h))) {
    throw new RangeError(`${fn}: options.step must be a finite number > 0, got ${show(options.step)}`);
  }
  const rtol = options.rtol ?? 1e-4;
  const widths = options.widths ?? [8, 16, 16, 1];
  const backend = options.backend ?? 'cpu-float64';
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
  const T = steps * h;
  const opts =
    method === 'rk4'
      ? { times: [0, T], method: 'rk4' as const, step: h }
      : { times: [0, T], rtol, atol: rtol / 100 };
  const warm =
    method === 'rk4' ? { times: [0, h], method: 'rk4' as const, step: h } : { ...opts, times: [0, h] };
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
