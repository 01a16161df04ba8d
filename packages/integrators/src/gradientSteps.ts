import { type Budget, checkBudget, createRng } from '@idyn/linalg';
import { gradientStepsCost } from './gradientStepsCost.js';
import { layeredGradientWork } from './internal/layered.js';
import { bilinear, compileQuadratics, termScale } from './internal/quadratic.js';
import { assertPositiveFinite, assertPositiveInteger, show } from './internal/validate.js';
import { layeredBatchLoss } from './layeredBatchLoss.js';
import { type LossFunction, layeredFlowLoss } from './layeredFlowLoss.js';
import type { LayeredFlowProblem } from './types.js';

/**
 * A quadratic conservation law in coordinate form: h(θ) = Σ_t values[t] θ[rows[t]] θ[cols[t]]
 * (h(θ) = θᵀ A θ with A holding `values` at (rows, cols); A need not be symmetric, only its
 * symmetric part matters). The rescaling laws h_v and the Gram differences of linear layers and
 * attention heads are of this form; `@idyn/conservation`'s `quadraticLaws` converts polynomials.
 */
export interface QuadraticLaw {
  /** Row index of each term. */
  readonly rows: ArrayLike<number>;
  /** Column index of each term. */
  readonly cols: ArrayLike<number>;
  /** Coefficient of each term. */
  readonly values: ArrayLike<number>;
}

/** A loss over a data set of `samples` points, evaluated on any batch of sample indices. */
export interface StochasticLoss {
  /** Number of samples N; batches are drawn from [0, N). */
  readonly samples: number;
  /**
   * Writes ∇L_B(θ) into `gradient` and returns L_B(θ) for the batch B (sample indices, increasing).
   * The full loss is the call with every index.
   */
  loss(theta: Float64Array, gradient: Float64Array, batch: Int32Array): number;
}

/** Options of {@link gradientSteps}. */
export interface GradientStepsOptions {
  /** Step size η (learning rate), finite and > 0. */
  readonly eta: number;
  /** Number of steps K. */
  readonly steps: number;
  /**
   * Mini-batch size b: each step draws b distinct sample indices uniformly at random (stochastic
   * gradient descent). Needs a {@link StochasticLoss} or a layered-flow problem with an MSE loss.
   * @default all samples (plain gradient descent)
   */
  readonly batchSize?: number;
  /**
   * Seed of the batch draws (`createRng` of `@idyn/linalg`).
   * @default 0
   */
  readonly seed?: number;
  /**
   * Quadratic conservation laws whose drift is recorded and whose per-step identity
   * Δh = η² gᵀ A g is checked.
   * @default []
   */
  readonly laws?: readonly QuadraticLaw[];
  /**
   * Divergence bound on max |θ_i|: the run stops (status `'diverged'`) once it is exceeded.
   * @default Infinity
   */
  readonly maxNorm?: number;
  /**
   * Memory and work budget, checked before the first step (`gradientStepsCost`: the per-step
   * records grow with K × m).
   * @default DEFAULT_BUDGET of `@idyn/linalg`
   */
  readonly budget?: Budget;
}

/** Result of {@link gradientSteps}. */
export interface GradientStepsResult {
  /** The step size η. */
  readonly eta: number;
  /** Steps completed (K unless the run stopped early). */
  readonly steps: number;
  /** The batch size used, or null for full-batch gradient descent. */
  readonly batchSize: number | null;
  /** Why the run stopped: all steps done, max |θ| above `maxNorm`, or a non-finite gradient or θ. */
  readonly status: 'success' | 'diverged' | 'non-finite';
  /** θ after the last completed step. */
  readonly theta: Float64Array;
  /** The (batch) loss value at θ_k returned with each step's gradient, length `steps`. */
  readonly loss: Float64Array;
  /** Number of laws m. */
  readonly lawCount: number;
  /** h_j(θ_k), row-major `[steps + 1, m]`. */
  readonly laws: Float64Array;
  /** max_j |h_j(θ_k) − h_j(θ_0)|, length `steps + 1`. */
  readonly lawDrift: Float64Array;
  /** The last entry of `lawDrift` (0 without laws). */
  readonly finalDrift: number;
  /** Measured Δh_j = h_j(θ_{k+1}) − h_j(θ_k), row-major `[steps, m]`. */
  readonly stepDrift: Float64Array;
  /** Predicted η² g_kᵀ A_j g_k (MATH.md §7), row-major `[steps, m]`. */
  readonly predictedDrift: Float64Array;
  /**
   * Per step, max_j |Δh_j − η² g_kᵀ A_j g_k| / s_j with s_j = Σ_t |c_t| max(|θ_r θ_s| at θ_k and
   * θ_{k+1}) + |η² g_kᵀ A_j g_k|: the identity's residual relative to the size of the law's terms,
   * which is what rounding is relative to (≈ 1e-16 when the identity holds). Length `steps`.
   */
  readonly identityResidual: Float64Array;
  /** Largest entry of `identityResidual` (0 without laws or steps). */
  readonly maxIdentityResidual: number;
}

type Grad = (theta: Float64Array, gradient: Float64Array) => number;

/** Resolves the loss argument into a per-step gradient function (drawing batches when asked). */
function stepGradient(
  fn: string,
  lossArg: LossFunction | StochasticLoss | LayeredFlowProblem,
  batchSize: number | undefined,
  seed: number,
): { grad: Grad; dim: number | null; batch: number | null } {
  let stochastic: StochasticLoss | null = null;
  if (typeof lossArg === 'function') {
    if (batchSize !== undefined) {
      throw new RangeError(
        `${fn}: options.batchSize = ${batchSize} needs a loss over samples (a StochasticLoss or a layered-flow problem with an mse loss), got a plain loss function`,
      );
    }
    return { grad: lossArg, dim: null, batch: null };
  }
  if (
    lossArg !== null &&
    typeof lossArg === 'object' &&
    (lossArg as { kind?: unknown }).kind === 'layered-flow'
  ) {
    const problem = lossArg as LayeredFlowProblem;
    if (batchSize === undefined) {
      const c = layeredFlowLoss(problem);
      return { grad: c.loss, dim: c.dim, batch: null };
    }
    if (problem.loss?.type !== 'mse') {
      throw new RangeError(
        `${fn}: options.batchSize needs an mse loss over samples, got problem.loss.type ${show(problem.loss?.type)}`,
      );
    }
    stochastic = layeredBatchLoss(problem);
  } else if (
    lossArg !== null &&
    typeof lossArg === 'object' &&
    typeof (lossArg as StochasticLoss).loss === 'function'
  ) {
    stochastic = lossArg as StochasticLoss;
  } else {
    throw new TypeError(
      `${fn}: loss must be a function (theta, gradient) => value, a StochasticLoss { samples, loss } or a layered-flow problem, got ${show(lossArg)}`,
    );
  }
  const sl = stochastic;
  const N = assertPositiveInteger(fn, 'loss.samples', sl.samples);
  if (batchSize === undefined) {
    const all = Int32Array.from({ length: N }, (_, i) => i);
    return { grad: (t, g) => sl.loss(t, g, all), dim: null, batch: null };
  }
  if (batchSize > N) {
    throw new RangeError(
      `${fn}: options.batchSize must be at most the number of samples ${N}, got ${batchSize}`,
    );
  }
  const rng = createRng(seed);
  const perm = Int32Array.from({ length: N }, (_, i) => i);
  const batch = new Int32Array(batchSize);
  return {
    grad: (t, g) => {
      // Partial Fisher–Yates: the first b entries of perm become a uniform b-subset.
      for (let i = 0; i < batchSize; i++) {
        const j = rng.integer(i, N - 1);
        const tmp = perm[i]!;
        perm[i] = perm[j]!;
        perm[j] = tmp;
      }
      batch.set(perm.subarray(0, batchSize));
      batch.sort();
      return sl.loss(t, g, batch);
    },
    dim: null,
    batch: batchSize,
  };
}

/**
 * Discrete gradient steps θ_{k+1} = θ_k − η g_k, with g_k the full gradient (gradient descent) or
 * the gradient of a random mini-batch (SGD, seeded), recording per step the drift of quadratic
 * conservation laws and checking MATH.md §7's exact identity: since ∇h(θ) ⊥ g for every gradient of
 * a loss that factors through the lifting, h(θ − η g) − h(θ) = η² gᵀ A g exactly (for h_v of a ReLU
 * network: η² (‖g_in(v)‖² − ‖g_out(v)‖²); for the Gram differences of an attention head:
 * η² (G_Qᵀ G_Q − G_Kᵀ G_K), resp. η² (G_Oᵀ G_O − G_Vᵀ G_V)). `identityResidual` is the per-step
 * residual of that identity; the laws drift by O(η²) per step and O(η) over a fixed time K η.
 *
 * @param loss - `(theta, gradient) => value`, a {@link StochasticLoss} `{ samples, loss(theta,
 *   gradient, batch) }`, or a {@link LayeredFlowProblem} (mini-batches need its `mse` loss)
 * @param theta0 - initial parameters θ_0
 * @param options - η, the number of steps, batch size and seed, the laws; see {@link GradientStepsOptions}
 * @returns per-step loss, law values, measured and predicted drift, identity residual; see
 *   {@link GradientStepsResult}
 * @throws TypeError / RangeError naming the option or argument (η ≤ 0, steps < 1, a batch size
 *   without samples or above N, a law index out of range, θ_0 of the wrong length or not finite);
 *   BudgetError when the run would exceed `options.budget` (see `gradientStepsCost`)
 * @example
 * // L(u, v) = ½(uv − 1)², law h = u² − v² (A = diag(1, −1)).
 * const loss = (th, g) => { const r = th[0] * th[1] - 1; g[0] = r * th[1]; g[1] = r * th[0]; return 0.5 * r * r; };
 * const r = gradientSteps(loss, [0.5, 0.2], { eta: 0.1, steps: 20,
 *   laws: [{ rows: [0, 1], cols: [0, 1], values: [1, -1] }] });
 * r.maxIdentityResidual; // ~2e-16: Δh = η² (g_u² − g_v²) at every step
 * r.finalDrift; // ≈ 0.013 = O(η) at T = 2
 * @see MATH.md §7 (discrete steps), §6 (explicit Euler drifts the laws)
 */
export function gradientSteps(
  loss: LossFunction | StochasticLoss | LayeredFlowProblem,
  theta0: ArrayLike<number>,
  options: GradientStepsOptions,
): GradientStepsResult {
  const fn = 'gradientSteps';
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object { eta, steps, … }, got ${show(options)}`);
  }
  const eta = assertPositiveFinite(fn, 'options.eta', options.eta);
  const K = assertPositiveInteger(fn, 'options.steps', options.steps);
  const batchSize =
    options.batchSize === undefined
      ? undefined
      : assertPositiveInteger(fn, 'options.batchSize', options.batchSize);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`${fn}: options.seed must be an integer in [0, 2^32), got ${show(seed)}`);
  }
  const maxNorm = options.maxNorm === undefined ? Number.POSITIVE_INFINITY : options.maxNorm;
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm) || maxNorm <= 0) {
    throw new RangeError(`${fn}: options.maxNorm must be a number > 0, got ${show(maxNorm)}`);
  }
  const { grad, dim, batch } = stepGradient(fn, loss, batchSize, seed);
  if (theta0 === null || typeof theta0 !== 'object' || typeof theta0.length !== 'number') {
    throw new TypeError(`${fn}: theta0 must be an array of numbers, got ${show(theta0)}`);
  }
  const D = theta0.length;
  if (D === 0) throw new RangeError(`${fn}: theta0 has length 0, expected D ≥ 1`);
  if (dim !== null && D !== dim) throw new RangeError(`${fn}: theta0 has length ${D}, expected D = ${dim}`);
  let theta = new Float64Array(D);
  for (let i = 0; i < D; i++) {
    const x = theta0[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new RangeError(`${fn}: theta0[${i}] must be a finite number, got ${show(x)}`);
    }
    theta[i] = x;
  }
  const laws = compileQuadratics(fn, options.laws ?? [], D);
  const m = laws.length;
  checkBudget(
    gradientStepsCost({
      D,
      steps: K,
      laws: m,
      lawTerms: laws.reduce((n, q) => n + q.c.length, 0),
      gradientWork: gradientWorkOf(loss, D),
    }),
    options.budget,
  );
  const eta2 = eta * eta;

  const lossValues: number[] = [];
  const lawValues: number[] = [];
  const drift: number[] = [0];
  const measured: number[] = [];
  const predicted: number[] = [];
  const residuals: number[] = [];
  const h0 = laws.map((q) => bilinear(q, theta, theta));
  for (const v of h0) lawValues.push(v);
  let hPrev = h0;
  const g = new Float64Array(D);
  let next = new Float64Array(D);
  let status: GradientStepsResult['status'] = 'success';
  let k = 0;
  for (; k < K; k++) {
    g.fill(0);
    const value = grad(theta, g);
    let finite = Number.isFinite(value);
    let norm = 0;
    for (let i = 0; i < D; i++) {
      const x = theta[i]! - eta * g[i]!;
      next[i] = x;
      if (!Number.isFinite(x)) finite = false;
      const a = Math.abs(x);
      if (a > norm) norm = a;
    }
    if (!finite) {
      status = 'non-finite';
      break;
    }
    lossValues.push(value);
    let worstDrift = 0;
    let worstResidual = 0;
    const h = laws.map((q, j) => {
      const hj = bilinear(q, next, next);
      const dh = hj - hPrev[j]!;
      const pred = eta2 * bilinear(q, g, g);
      const scale = termScale(q, theta, next) + Math.abs(pred);
      const err = Math.abs(dh - pred);
      const res = err === 0 ? 0 : scale > 0 ? err / scale : Number.POSITIVE_INFINITY;
      if (res > worstResidual) worstResidual = res;
      const dj = Math.abs(hj - h0[j]!);
      if (dj > worstDrift) worstDrift = dj;
      measured.push(dh);
      predicted.push(pred);
      return hj;
    });
    for (const v of h) lawValues.push(v);
    drift.push(worstDrift);
    residuals.push(worstResidual);
    hPrev = h;
    [theta, next] = [next, theta];
    if (norm > maxNorm) {
      k++;
      status = 'diverged';
      break;
    }
  }
  const identityResidual = Float64Array.from(residuals);
  return {
    eta,
    steps: k,
    batchSize: batch,
    status,
    theta,
    loss: Float64Array.from(lossValues),
    lawCount: m,
    laws: Float64Array.from(lawValues),
    lawDrift: Float64Array.from(drift),
    finalDrift: drift[drift.length - 1]!,
    stepDrift: Float64Array.from(measured),
    predictedDrift: Float64Array.from(predicted),
    identityResidual,
    maxIdentityResidual: identityResidual.reduce((a, b) => Math.max(a, b), 0),
  };
}

/** The work of one gradient of the loss argument (a layered problem is sized, a function is not). */
function gradientWorkOf(loss: unknown, D: number): number {
  const p = loss as Partial<LayeredFlowProblem> | null;
  if (p === null || typeof p !== 'object' || p.kind !== 'layered-flow' || !Array.isArray(p.widths))
    return 10 * D;
  return layeredGradientWork(p.widths, p.bias === true, p.loss);
}
