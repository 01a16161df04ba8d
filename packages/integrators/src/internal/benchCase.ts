import type { Budget } from '@idyn/linalg';
import { createRng } from '@idyn/linalg';
import type { LayeredFlowProblem } from '../types.js';
import { layeredSizes } from './layered.js';
import { assertPositiveInteger, show } from './validate.js';

/** The size of the seeded ensemble every backend's benchmark times (options of the bench functions). */
export interface LayeredBenchOptions {
  /** Number of trajectories B. @default 256 */
  readonly batch?: number;
  /** Widths of the layered ReLU network with biases. @default [8, 16, 16, 1] */
  readonly widths?: readonly number[];
  /** Size of the shared data set. @default 32 */
  readonly samples?: number;
  /** Fixed RK4 steps per trajectory in the timed run (DOPRI5 covers the same span). @default 20 */
  readonly steps?: number;
  /** RK4 step size. @default 0.01 */
  readonly step?: number;
  /** Seed of the data and of the initial parameters. @default 1 */
  readonly seed?: number;
  /** `'rk4'` (fixed step) or `'dopri5'` (adaptive). @default 'rk4' */
  readonly method?: 'rk4' | 'dopri5';
}

/** The ensemble of {@link layeredBenchCase}. */
export interface LayeredBenchCase {
  /** MSE gradient flow of a ReLU network with biases on a shared random data set. */
  readonly problem: LayeredFlowProblem;
  /** B random initial parameter vectors, row-major `[batch, D]` (normal, σ = 0.5). */
  readonly theta0: Float64Array;
  /** Number of trajectories B. */
  readonly batch: number;
  /** RK4 steps of the timed run. */
  readonly steps: number;
  /** RK4 step size h (the timed span is steps · h). */
  readonly step: number;
  /** Size of the data set N. */
  readonly samples: number;
  /** The network widths. */
  readonly widths: readonly number[];
  /** D, the length of θ. */
  readonly D: number;
  /** The method timed. */
  readonly method: 'rk4' | 'dopri5';
}

/**
 * The budget of a benchmark's runs: none (a benchmark names its own size, and the GPU figures
 * need batches far above the default budget of one call).
 *
 * @example
 * cpuBackend.integrateBatch(c.problem, c.theta0, c.batch, { times: [0, 0.2], budget: BENCH_BUDGET });
 * @see README (budgets)
 */
export const BENCH_BUDGET: Budget = Object.freeze({
  maxMemoryBytes: Number.POSITIVE_INFINITY,
  maxWork: Number.POSITIVE_INFINITY,
});

/**
 * The seeded ensemble that the benchmarks of every backend time, so that their figures compare:
 * B gradient flows of a layered ReLU network with biases (MSE on a shared random data set), each
 * from its own random θ₀. Same seed, same members: the first members of a large batch are those of
 * a small one.
 *
 * @param fn - name of the bench function, for messages
 * @param options - batch, widths, samples, steps, step, seed, method
 * @returns the problem, the initial states and the resolved sizes
 * @throws RangeError for a non-positive batch, steps or samples, a bad step or an unknown method
 * @example
 * const c = layeredBenchCase('bench', { batch: 4 });
 * c.D; // 433 for [8, 16, 16, 1] with biases
 * c.theta0.length; // 4 · 433
 * @see MATH.md §6 (numerics of gradient flows)
 */
export function layeredBenchCase(fn: string, options: LayeredBenchOptions): LayeredBenchCase {
  const batch = assertPositiveInteger(fn, 'options.batch', options.batch ?? 256);
  const steps = assertPositiveInteger(fn, 'options.steps', options.steps ?? 20);
  const samples = assertPositiveInteger(fn, 'options.samples', options.samples ?? 32);
  const step = options.step ?? 0.01;
  if (!(typeof step === 'number' && step > 0 && Number.isFinite(step))) {
    throw new RangeError(`${fn}: options.step must be a finite number > 0, got ${show(options.step)}`);
  }
  const method = options.method ?? 'rk4';
  if (method !== 'rk4' && method !== 'dopri5') {
    throw new RangeError(`${fn}: options.method must be 'rk4' or 'dopri5', got ${show(options.method)}`);
  }
  const widths = options.widths ?? [8, 16, 16, 1];
  const rng = createRng(options.seed ?? 1);
  const n0 = widths[0]!;
  const nL = widths[widths.length - 1]!;
  const problem: LayeredFlowProblem = {
    kind: 'layered-flow',
    widths,
    activation: 'relu',
    bias: true,
    loss: { type: 'mse', samples, X: rng.normals(samples * n0), Y: rng.normals(samples * nL) },
  };
  const { D } = layeredSizes(widths, true);
  const theta0 = rng.normals(batch * D, 0.5);
  return { problem, theta0, batch, steps, step, samples, widths, D, method };
}

/**
 * Useful floating-point operations of one evaluation of −∇L for one member of a layered network on
 * N samples: the multiply–adds of the matrix products, 2 flops each: the forward pass
 * 2N Σ_l n_l n_{l−1}, the weight gradients the same, the back-propagated cotangents
 * 2N Σ_{l≥2} n_l n_{l−1}; with `bias`, also the bias adds and the bias-gradient sums, 2N Σ_l n_l.
 * Activations, index arithmetic and copies are not counted.
 *
 * @param widths - the network widths
 * @param samples - N
 * @param bias - whether to count the bias work
 * @returns flops per evaluation and member
 * @example
 * evaluationFlops([8, 16, 16, 1], 32); // 68608 (= 2·32·(2·400 + 272))
 * evaluationFlops([8, 16, 16, 1], 32, true); // 70720 (+ 2·32·33)
 * @see MATH.md §6
 */
export function evaluationFlops(widths: readonly number[], samples: number, bias = false): number {
  let all = 0;
  let back = 0;
  let biases = 0;
  for (let l = 1; l < widths.length; l++) {
    all += widths[l]! * widths[l - 1]!;
    if (l >= 2) back += widths[l]! * widths[l - 1]!;
    biases += widths[l]!;
  }
  return 2 * samples * (2 * all + back + (bias ? biases : 0));
}
