import type { Budget } from '@idyn/linalg';
import type { MethodName } from './tableaux.js';

/**
 * An ODE `y' = f(t, y)` with a JavaScript right-hand side (CPU backends only).
 *
 * `rhs` writes f(t, y) into `dydt`; it must not keep references to `y` or `dydt` (they are reused
 * buffers). With `batch` set, the state is a row-major `[batch, dim]` array of length
 * `batch * dim` and `rhs` receives the whole batch.
 */
export interface OdeProblem {
  /** Optional tag; absent or `'rhs'`. */
  readonly kind?: 'rhs';
  /** Dimension of one state (per batch member when `batch` is set). */
  readonly dim: number;
  /** Writes f(t, y) into dydt (both of length `dim * (batch ?? 1)`). */
  rhs(t: number, y: Float64Array, dydt: Float64Array): void;
  /** Number of states stacked row-major in y; default 1. */
  readonly batch?: number;
}

/**
 * The linear ODE `y' = A y` described as data, so that every backend (GPU included) can run it.
 * `A` is `dim × dim`, row-major.
 */
export interface LinearProblem {
  /** Discriminant: `'linear'`. */
  readonly kind: 'linear';
  /** Dimension n of the state. */
  readonly dim: number;
  /** Row-major `dim × dim` matrix. */
  readonly A: ArrayLike<number>;
}

/** Activation of a hidden layer of a layered network. */
export type LayerActivation = 'relu' | 'identity';

/**
 * Mean squared error on a data set: `L = 1/(2N) Σ_i ||net(x_i) − y_i||²`.
 * `X` is `N × n_0`, `Y` is `N × n_L`, both row-major.
 */
export interface MseLoss {
  /** Discriminant: `'mse'`. */
  readonly type: 'mse';
  /** Number of samples N. */
  readonly samples: number;
  /** Inputs, row-major `[samples, widths[0]]`. */
  readonly X: ArrayLike<number>;
  /** Targets, row-major `[samples, widths[L]]`. */
  readonly Y: ArrayLike<number>;
}

/**
 * The synthetic loss of MATH.md §5 on the end-to-end matrix of a linear network
 * `z = W_L ⋯ W_1` (shape `n_L × n_0`): `f(z) = ½||z − Y||² + (quartic/4) Σ z⁴`,
 * `∇f = (z − Y) + quartic · z³`. `Y` is `n_L × n_0` row-major.
 */
export interface SyntheticLoss {
  /** Discriminant: `'synthetic'`. */
  readonly type: 'synthetic';
  /** The target Y of the synthetic loss (MATH.md §5), row-major like the end-to-end matrix. */
  readonly Y: ArrayLike<number>;
  /** Coefficient of the quartic term; MATH.md §5 uses 0.1. @default 0.1 */
  readonly quartic?: number;
}

/**
 * The gradient flow `θ' = −∇L(θ)` of a layered network, described as plain data.
 *
 * - `widths = [n_0, n_1, …, n_L]`: input, hidden…, output widths (L ≥ 1 layers).
 * - Layer l (1 ≤ l ≤ L) computes `a_l = W_l h_{l−1} + b_l`; hidden layers (l < L) apply the
 *   activation (`relu` or `identity`), the output layer is the identity.
 * - θ layout (`dim = Σ n_l n_{l−1} + (bias ? Σ_{l≥1} n_l : 0)`): the weight matrices
 *   W_1, …, W_L, each row-major with shape `n_l × n_{l−1}`, then (if `bias`) the biases
 *   b_1, …, b_L (hidden and output layers).
 * - `loss`: `mse` on a data set, or `synthetic` on z = W_L ⋯ W_1 (requires identity
 *   activations and no bias).
 */
export interface LayeredFlowProblem {
  /** Discriminant: `'layered-flow'`. */
  readonly kind: 'layered-flow';
  /** Layer widths n_0, …, n_L (input first). */
  readonly widths: readonly number[];
  /** One activation for every hidden layer, or one per hidden layer (length L − 1). */
  readonly activation: LayerActivation | readonly LayerActivation[];
  /** Whether every non-input layer has a bias. */
  readonly bias: boolean;
  /** The loss whose gradient flow is integrated. */
  readonly loss: MseLoss | SyntheticLoss;
}

/** Problems described as data: implementable by every backend. */
export type DataProblem = LinearProblem | LayeredFlowProblem;

/** Anything `integrate` accepts. */
export type Problem = OdeProblem | DataProblem;

/** Why an integration stopped. */
export type IntegrationStatus =
  | 'success'
  | 'diverged'
  | 'non-finite'
  | 'event'
  | 'max-steps'
  | 'step-too-small';

/** A user event: the integration watches for sign changes of `g(t, y)`. */
export interface EventSpec {
  /** Name reported in the result. @default `event<index>` */
  readonly name?: string;
  /** The event function; a root of g is an event. */
  g(t: number, y: Float64Array): number;
  /** Stop the integration at the event. @default true */
  readonly terminal?: boolean;
  /** Only crossings in this direction: +1 (g rising), −1 (g falling), 0 both. @default 0 */
  readonly direction?: -1 | 0 | 1;
}

/** One located event. */
export interface EventRecord {
  /** The event's name (its `name`, else `event<index>`). */
  readonly name: string;
  /** Index into `options.events`. */
  readonly index: number;
  /** Time of the event. */
  readonly t: number;
  /** State at the event (dense output). */
  readonly y: Float64Array;
}

/** Called at every output time that was reached. */
export type Observer = (t: number, y: Float64Array, index: number) => void;

/** Options of `integrate` and of every backend's `integrate`. */
export interface IntegrateOptions {
  /** Output times, nondecreasing, all ≥ t0. Either `times` or `tEnd` is required. @default [t0, tEnd] */
  readonly times?: ArrayLike<number>;
  /** End time when `times` is absent (output at t0 and tEnd). @default the last of `times` */
  readonly tEnd?: number;
  /** Start time. @default times[0] if `times` is given, else 0 */
  readonly t0?: number;
  /** Method name. @default 'dopri5' */
  readonly method?: MethodName;
  /**
   * Fixed step size. Required for euler/heun/rk4; with dopri5 it switches adaptivity off.
   * Steps are shortened to land exactly on output times.
   * @default undefined (adaptive dopri5)
   */
  readonly step?: number;
  /** Relative tolerance (adaptive only). @default 1e-8 */
  readonly rtol?: number;
  /** Absolute tolerance (adaptive only). @default 1e-10 */
  readonly atol?: number;
  /** First step (adaptive only). @default Hairer's initial step selection */
  readonly initialStep?: number;
  /** Largest step (adaptive only). @default tEnd − t0 */
  readonly maxStep?: number;
  /** Safety factor of the step controller. @default 0.9 */
  readonly safety?: number;
  /** Smallest step-size ratio h_new/h. @default 0.2 */
  readonly minFactor?: number;
  /** Largest step-size ratio h_new/h. @default 10 */
  readonly maxFactor?: number;
  /** PI controller parameter β (0 gives the plain I controller). @default 0.04 */
  readonly beta?: number;
  /** Maximum number of steps (accepted + rejected). @default 1e6 */
  readonly maxSteps?: number;
  /** Divergence bound on max_i |y_i|; crossing it stops with status 'diverged'. @default Infinity */
  readonly maxNorm?: number;
  /** User events. @default [] */
  readonly events?: readonly EventSpec[];
  /** Called at each output time. @default none */
  readonly observer?: Observer;
  /**
   * Memory and work budget, checked before the output arrays are allocated (`integrateCost`).
   * @default DEFAULT_BUDGET of `@idyn/linalg`
   */
  readonly budget?: Budget;
}

/** Work counters. */
export interface IntegrateStats {
  /** Right-hand-side evaluations (for a batch: evaluations of the whole batch). */
  nfev: number;
  /** Accepted steps. */
  accepted: number;
  /** Rejected steps. */
  rejected: number;
}

/** Result of `integrate`. */
export interface IntegrateResult {
  /** How the run ended (`'success'` when every output time was reached). */
  readonly status: IntegrationStatus;
  /** Human-readable reason, naming the time. */
  readonly message: string;
  /** Output times that were reached (a prefix of the requested ones). */
  readonly t: Float64Array;
  /** States at `t`, row-major `[t.length, stateLength]`. */
  readonly y: Float64Array;
  /** `[t.length, stateLength]` where stateLength = dim × batch. */
  readonly shape: readonly [number, number];
  /** Time where the integration stopped (last output time on success). */
  readonly tStop: number;
  /** State at `tStop`. */
  readonly yStop: Float64Array;
  /** Located events in time order. */
  readonly events: readonly EventRecord[];
  /** Work counters. */
  readonly stats: IntegrateStats;
  /** Name of the method used. */
  readonly method: MethodName;
}

/** Result of a batched integration of independent data-described flows. */
export interface BatchIntegrateResult {
  /** Output times (requested ones). */
  readonly t: Float64Array;
  /** Row-major `[batch, t.length, dim]`; rows after a member stopped are NaN. */
  readonly y: Float64Array;
  /** `[batch, t.length, dim]`. */
  readonly shape: readonly [number, number, number];
  /** Per member. */
  readonly status: readonly IntegrationStatus[];
  /** Per member: human-readable reason, naming the time. */
  readonly message: readonly string[];
  /** Per member: time where it stopped. */
  readonly tStop: Float64Array;
  /** Summed over the batch. */
  readonly stats: IntegrateStats;
  /**
   * With `options.neuronLaws`: h_v per member and output time, row-major
   * `[batch, t.length, hidden neurons]` (NaN after a member stopped); otherwise absent.
   */
  readonly neuronLaws?: Float64Array;
  /** Name of the backend that really ran. */
  readonly backend: string;
}

/**
 * An integration backend, passed explicitly to whatever needs one (never registered globally).
 * `integrate` may return a promise (GPU backends); `integrateBatch` runs `batch` independent
 * copies of a data-described problem, each from its own initial state (rows of `y0`).
 */
export interface Backend {
  /** Backend name, e.g. `'cpu-float64'`. */
  readonly name: string;
  /** Arithmetic of the right-hand side; selects the conformance tolerances. */
  readonly precision: 'float64' | 'float32';
  /** Problem kinds this backend can run. */
  readonly kinds: readonly ('rhs' | 'linear' | 'layered-flow')[];
  /** One run from y0 (see {@link IntegrateOptions}). */
  integrate(
    problem: Problem,
    y0: ArrayLike<number>,
    options: IntegrateOptions,
  ): IntegrateResult | Promise<IntegrateResult>;
  /** `batch` independent runs from the rows of y0 (`batch × dim`). */
  integrateBatch(
    problem: DataProblem,
    y0: ArrayLike<number>,
    batch: number,
    options: BatchIntegrateOptions,
  ): BatchIntegrateResult | Promise<BatchIntegrateResult>;
}

/** Progress of a batched integration, as reported to `BatchIntegrateOptions.onProgress`. */
export interface BatchProgress {
  /** Members that have stopped (whatever their status). */
  readonly membersDone: number;
  /** Members in the batch. */
  readonly batch: number;
  /** Steps taken so far, summed over the members (accepted and rejected trial steps). */
  readonly trajectorySteps: number;
  /** Wall time since the start of the call, in seconds. */
  readonly seconds: number;
  /** trajectorySteps / seconds (0 before the first step). */
  readonly stepsPerSecond: number;
}

/** Options of `integrateBatch`: those of `integrate` without events and observers. */
export interface BatchIntegrateOptions extends Omit<IntegrateOptions, 'events' | 'observer'> {
  /**
   * For `layered-flow` problems: evaluate the per-neuron laws h_v (MATH.md §1, see
   * `layeredNeuronLaws`) of every member at every output time into `neuronLaws`.
   * @default false
   */
  readonly neuronLaws?: boolean;
  /**
   * Called with the progress every now and then (backends say how often; a synchronous backend
   * calls it from inside the run, so aborting `signal` from it stops the run).
   * @default none
   */
  readonly onProgress?: (progress: BatchProgress) => void;
  /**
   * Cancels the run: the backend checks it between chunks of work and rejects (or throws) with
   * `signal.reason` once it is aborted.
   * @default none
   */
  readonly signal?: AbortSignal;
}
