import { cholesky, choleskySolve } from '@idyn/linalg';
import { checkTheta } from './internal/checkTheta.js';
import type { Network } from './Network.js';
import { RescaleToLawsError, type RescaleToLawsFailure } from './RescaleToLawsError.js';

/**
 * The defaults of {@link rescaleToLaws}, the one Newton solve of MATH.md §4.2 in `@idyn` (the
 * recovery of `@idyn/intrinsic` calls it too), and why:
 * - `tol = 1e-13`: h_v is a sum of squares of size s_v (the squared parameters incident to v), so
 *   its rounding error is a few ulps of s_v; 1e-13 · (s_v + |target_v|) is about 500 ulps, reached
 *   by Newton's quadratic convergence in one or two steps after the iterate enters the basin.
 * - `maxIterations = 100`: over 300 random DAGs (the options of the tests) with neurons scrambled by
 *   factors e^{1.5 N(0,1)} and targets moved by their own size, Newton took at most 17 iterations
 *   (median 8), and at most 30 (median 11) with factors e^{3 N(0,1)}; 100 leaves room for farther
 *   starts (50, the former cap of `@idyn/intrinsic`, was within a factor 2 of that) and still stops
 *   an unreachable target quickly.
 * - `maxLogFactor = 250`: a log-factor |mu_v| > 250 rescales parameters by e^{±250} ≈ 10^{±108},
 *   so their squares (10^{±217}) sit at the edge of float64 and F can no longer be evaluated; a
 *   minimiser of F(mu) − <target, mu> that far out does not exist in practice, so the iterate is
 *   running off along a direction where F − <target, mu> is unbounded below: the target is not
 *   reachable (a cap of 700 let e^{2 mu} overflow to Infinity before the test fired).
 * - `pivotTolerance = 1e-14`: a Cholesky pivot at or below 1e-14 of its diagonal entry means the
 *   Hessian is singular up to rounding (a group of law neurons without weight to an input, an
 *   output or a bias), reported instead of stepping by ~1e14.
 */
export const RESCALE_TO_LAWS_DEFAULTS = Object.freeze({
  tol: 1e-13,
  maxIterations: 100,
  maxLogFactor: 250,
  pivotTolerance: 1e-14,
});

/** Options of {@link rescaleToLaws}. */
export interface RescaleToLawsOptions {
  /**
   * Stop when every |h_v - target_v| <= tol * (s_v + |target_v|), s_v the sum of the squared
   * parameters incident to v after rescaling (the scale of h_v and of its rounding error).
   * @default 1e-13 (see {@link RESCALE_TO_LAWS_DEFAULTS})
   */
  tol?: number;
  /** Newton iterations before giving up with a {@link RescaleToLawsError}. @default 100 */
  maxIterations?: number;
}

/** Result of {@link rescaleToLaws}. */
export interface RescaleToLawsResult {
  /** The rescaled parameters: same network function (and path-lifting), laws equal to the target. */
  readonly theta: Float64Array;
  /** Log-factors mu, one per node (0 outside `net.lawNodes`): w_{u->v} e^{mu_v - mu_u}, b_v e^{mu_v}. */
  readonly mu: Float64Array;
  /** Newton iterations used (0 when theta already has the target laws). */
  readonly iterations: number;
  /** max_v |h_v(theta) - target_v| at the result. */
  readonly residual: number;
  /** max_v |h_v(theta) - target_v| / (s_v + |target_v|) at the result (the quantity compared to tol). */
  readonly relativeResidual: number;
}

/**
 * Rescales the hidden neurons of `net.lawNodes` so that the rescaling laws h (see
 * {@link rescalingLaws}) take prescribed values, without changing the network function: the
 * recovery step of MATH.md §4.2. It minimises the strictly convex
 * Psi(mu) = F(mu) - <target, mu>, F(mu) = 1/2 [sum_e w_e^2 e^{2(mu_head - mu_tail)} + sum_v b_v^2 e^{2 mu_v}],
 * whose gradient is h(rescaled theta) - target, by Newton's method with Armijo backtracking
 * (Hessian: 2 s_v on the diagonal, -2 w_e^2 between adjacent law neurons). A law neuron whose
 * incident parameters are all 0 keeps h_v = 0 under every rescaling: its log-factor stays 0 when
 * its target is 0, and the target is unreachable otherwise. The minimiser is unique up to those
 * neurons; whole-neuron signs of theta are kept.
 *
 * @param net - the network
 * @param theta - parameters, length D
 * @param target - desired h, one value per `net.lawNodes[i]`; default all zeros (balanced)
 * @param options - see {@link RescaleToLawsOptions}; defaults in {@link RESCALE_TO_LAWS_DEFAULTS}
 * @returns the rescaled theta, the log-factors, iterations and residuals
 * @throws RangeError if `target` has the wrong length or a non-finite entry, or on bad options;
 *   {@link RescaleToLawsError} (a RangeError) if the target is not reachable by rescaling (e.g. a
 *   neuron whose incoming weights and bias are all zero cannot reach h_v >= 0), naming the worst neuron
 * @example
 * const net = parseNetwork('relu:1-1-1');
 * rescaleToLaws(net, [4, 1]).theta; // Float64Array [2, 2]: h = 4 - 4 = 0, product still 4
 * rescaleToLaws(net, [4, 1], [12]).theta; // Float64Array [3.63471…, 1.10050…]: w1 w2 = 4, w1² − w2² = 12
 * @see MATH.md §1 (rescaling), §4.2 (recovery by rescaling)
 */
export function rescaleToLaws(
  net: Network,
  theta: ArrayLike<number>,
  target?: ArrayLike<number>,
  options: RescaleToLawsOptions = {},
): RescaleToLawsResult {
  checkTheta('rescaleToLaws', net, theta);
  const m = net.lawNodes.length;
  const tgt = new Float64Array(m);
  if (target !== undefined) {
    if (target.length !== m) {
      throw new RangeError(
        `rescaleToLaws: target has length ${target.length}, expected one per law neuron (${m})`,
      );
    }
    for (let i = 0; i < m; i++) {
      const t = target[i]!;
      if (!Number.isFinite(t)) throw new RangeError(`rescaleToLaws: target[${i}] = ${t} is not finite`);
      tgt[i] = t;
    }
  }
  const { maxLogFactor, pivotTolerance } = RESCALE_TO_LAWS_DEFAULTS;
  const tol = options.tol ?? RESCALE_TO_LAWS_DEFAULTS.tol;
  const maxIterations = options.maxIterations ?? RESCALE_TO_LAWS_DEFAULTS.maxIterations;
  if (!(tol > 0)) throw new RangeError(`rescaleToLaws: options.tol must be positive, got ${tol}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 0)) {
    throw new RangeError(
      `rescaleToLaws: options.maxIterations must be a non-negative integer, got ${maxIterations}`,
    );
  }
  const { head, tail } = lawEnds(net);
  const D = net.D;
  const theta0 = Float64Array.from(theta);
  const id = (i: number) => net.nodes[net.lawNodes[i]!]!.id;
  const fail = (reason: RescaleToLawsFailure, i: number, it: number, detail: string) =>
    new RescaleToLawsError(reason, id(i), it, detail);

  // State at mu (one per law neuron): rescaled theta, g = h - target, s = incident squares,
  // psi = F - <target, mu>, and the worst relative residual.
  const evaluate = (mu: Float64Array) => {
    const t = new Float64Array(D);
    const g = new Float64Array(m);
    const s = new Float64Array(m);
    let psi = 0;
    for (let p = 0; p < D; p++) {
      const a = head[p]!;
      const b = tail[p]!;
      const e = (a >= 0 ? mu[a]! : 0) - (b >= 0 ? mu[b]! : 0);
      const tp = e === 0 ? theta0[p]! : theta0[p]! * Math.exp(e);
      t[p] = tp;
      const w2 = tp * tp;
      psi += w2 / 2;
      if (a >= 0) {
        g[a]! += w2;
        s[a]! += w2;
      }
      if (b >= 0) {
        g[b]! -= w2;
        s[b]! += w2;
      }
    }
    let residual = 0;
    let rel = 0;
    let worst = 0;
    for (let i = 0; i < m; i++) {
      g[i]! -= tgt[i]!;
      psi -= tgt[i]! * mu[i]!;
      const r = Math.abs(g[i]!);
      residual = Math.max(residual, r);
      const q = r / (s[i]! + Math.abs(tgt[i]!) || 1);
      if (q > rel) {
        rel = q;
        worst = i;
      }
    }
    return { t, g, s, psi, residual, rel, worst };
  };

  let mu = new Float64Array(m);
  let state = evaluate(mu);
  // A law neuron without a nonzero incident parameter has h_v = 0 whatever mu_v (rescaling keeps
  // zeros): its log-factor stays 0 (Hessian row = identity), and any other target is unreachable.
  for (let i = 0; i < m; i++) {
    if (state.s[i] === 0 && tgt[i] !== 0)
      throw fail(
        'zero-neuron',
        i,
        0,
        `target laws not reachable by rescaling: neuron "${id(i)}" keeps h = 0 under every rescaling because all its parameters are zero, but its target is ${tgt[i]}`,
      );
  }
  let it = 0;
  while (state.rel > tol) {
    if (it >= maxIterations) {
      throw fail(
        'max-iterations',
        state.worst,
        it,
        `target laws not reachable by rescaling: Newton's method did not converge in ${maxIterations} iterations: neuron "${id(state.worst)}" still has h - target = ${state.g[state.worst]} (relative ${state.rel.toExponential(2)} > tol ${tol}); F(mu) - <target, mu> may be unbounded below (e.g. a neuron whose outgoing weights all vanish needs a target > 0)`,
      );
    }
    it++;
    const H = new Float64Array(m * m);
    for (let i = 0; i < m; i++) H[i * m + i] = state.s[i] === 0 ? 1 : 2 * state.s[i]!;
    for (let p = 0; p < D; p++) {
      const a = head[p]!;
      const b = tail[p]!;
      if (a < 0 || b < 0) continue;
      const w2 = 2 * state.t[p]! ** 2;
      H[a * m + b]! -= w2;
      H[b * m + a]! -= w2;
    }
    const L = cholesky(H, m, pivotTolerance);
    if (typeof L === 'number') {
      throw fail(
        'singular',
        L,
        it,
        `the Hessian of F is singular at neuron "${id(L)}": its connected group of law neurons has no nonzero weight to an input, an output or a bias, so F(mu) - <target, mu> is not strictly convex (the rescaled point is not unique)`,
      );
    }
    const step = choleskySolve(L, state.g, m);
    let slope = 0;
    for (let i = 0; i < m; i++) slope -= step[i]! * state.g[i]!;
    let lr = 1;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      const trial = new Float64Array(m);
      for (let i = 0; i < m; i++) trial[i] = mu[i]! - lr * step[i]!;
      const next = evaluate(trial);
      if (
        Number.isFinite(next.psi) &&
        (next.psi <= state.psi + 1e-4 * lr * slope || next.residual < state.residual)
      ) {
        mu = trial;
        state = next;
        accepted = true;
        break;
      }
      lr /= 2;
    }
    if (!accepted) {
      throw fail(
        'line-search',
        state.worst,
        it,
        `the line search failed at iteration ${it}: neuron "${id(state.worst)}" has h - target = ${state.g[state.worst]}; the target laws are not reachable by rescaling`,
      );
    }
    for (let i = 0; i < m; i++) {
      if (Math.abs(mu[i]!) > maxLogFactor) {
        throw fail(
          'diverged',
          i,
          it,
          `the log-factor of neuron "${id(i)}" diverges (|mu| > ${maxLogFactor} after ${it} iterations): F(mu) - <target, mu> is unbounded below, the target law h0 = ${tgt[i]} is not reachable by rescaling`,
        );
      }
    }
  }
  const muNodes = new Float64Array(net.nodes.length);
  net.lawNodes.forEach((v, i) => {
    muNodes[v] = mu[i]!;
  });
  return {
    theta: state.t,
    mu: muNodes,
    iterations: it,
    residual: state.residual,
    relativeResidual: state.rel,
  };
}

/**
 * For every parameter, the index in `net.lawNodes` of the neuron it enters (or whose bias it is)
 * and of the neuron it leaves, -1 where that end is not a law neuron: a rescaling by log-factors
 * mu multiplies theta_p by e^{mu[head_p] - mu[tail_p]}.
 */
function lawEnds(net: Network): { head: Int32Array; tail: Int32Array } {
  const lawIndex = new Int32Array(net.nodes.length).fill(-1);
  net.lawNodes.forEach((v, i) => {
    lawIndex[v] = i;
  });
  const head = new Int32Array(net.D).fill(-1);
  const tail = new Int32Array(net.D).fill(-1);
  net.edges.forEach((edge, e) => {
    const p = net.edgeParam[e]!;
    if (p < 0) return;
    head[p] = lawIndex[edge.to]!;
    tail[p] = lawIndex[edge.from]!;
  });
  net.biasParam.forEach((p, v) => {
    if (p >= 0) head[p] = lawIndex[v]!;
  });
  return { head, tail };
}
