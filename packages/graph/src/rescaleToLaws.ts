import { cholesky, choleskySolve } from '@idyn/linalg';
import { checkTheta } from './internal/checkTheta.js';
import { rescaleLog } from './internal/rescaleLog.js';
import type { Network } from './Network.js';

/** Options of {@link rescaleToLaws}. */
export interface RescaleToLawsOptions {
  /**
   * Stop when every |h_v - target_v| <= tol * (sum of the squared parameters incident to v, after
   * rescaling, + |target_v|). @default 1e-13
   */
  tol?: number;
  /** Newton iterations before giving up with a RangeError. @default 100 */
  maxIterations?: number;
}

/** Result of {@link rescaleToLaws}. */
export interface RescaleToLawsResult {
  /** The rescaled parameters: same network function (and path-lifting), laws equal to the target. */
  readonly theta: Float64Array;
  /** Log-factors mu, one per node (0 outside `net.lawNodes`): w_{u->v} e^{mu_v - mu_u}, b_v e^{mu_v}. */
  readonly mu: Float64Array;
  /** Newton iterations used. */
  readonly iterations: number;
  /** max_v |h_v(theta) - target_v| at the result. */
  readonly residual: number;
}

/**
 * Rescales the hidden neurons of `net.lawNodes` so that the rescaling laws h (see
 * {@link rescalingLaws}) take prescribed values, without changing the network function: the
 * recovery step of MATH.md §4.2. It minimises the strictly convex
 * F(mu) - <target, mu>, F(mu) = 1/2 [sum_e w_e^2 e^{2(mu_head - mu_tail)} + sum_v b_v^2 e^{2 mu_v}],
 * whose gradient is h(rescaled theta) - target, by Newton's method with backtracking (Hessian:
 * 2 (incident w^2 + b^2) on the diagonal, -2 w_e^2 between adjacent law neurons).
 *
 * @param net - the network
 * @param theta - parameters, length D
 * @param target - desired h, one value per `net.lawNodes[i]`; default all zeros (balanced)
 * @param options - see {@link RescaleToLawsOptions}
 * @returns the rescaled theta, the log-factors, iterations and residual
 * @throws RangeError if `target` has the wrong length or a non-finite entry, or if the target is not
 *   reachable by rescaling (e.g. a neuron whose incoming weights and bias are all zero cannot reach
 *   h_v >= 0); the message names the worst neuron
 * @example
 * const net = parseNetwork('relu:1-1-1');
 * rescaleToLaws(net, [4, 1]).theta; // Float64Array [2, 2]: h = 4 - 4 = 0, product still 4
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
  const tol = options.tol ?? 1e-13;
  const maxIterations = options.maxIterations ?? 100;
  if (!(tol > 0)) throw new RangeError(`rescaleToLaws: options.tol must be positive, got ${tol}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 0)) {
    throw new RangeError(
      `rescaleToLaws: options.maxIterations must be a non-negative integer, got ${maxIterations}`,
    );
  }
  const n = net.nodes.length;
  const lawIndex = new Int32Array(n).fill(-1);
  net.lawNodes.forEach((v, i) => {
    lawIndex[v] = i;
  });

  // State at mu: rescaled theta, g = h - target, s = incident squares, Phi = F - <target, mu>.
  const evaluate = (mu: Float64Array) => {
    const t = rescaleLog(net, theta, mu);
    const g = new Float64Array(m);
    const s = new Float64Array(m);
    let F = 0;
    net.edges.forEach((edge, e) => {
      const p = net.edgeParam[e]!;
      if (p < 0) return;
      const w2 = t[p]! ** 2;
      F += w2 / 2;
      const a = lawIndex[edge.from]!;
      const b = lawIndex[edge.to]!;
      if (a >= 0) {
        g[a]! -= w2;
        s[a]! += w2;
      }
      if (b >= 0) {
        g[b]! += w2;
        s[b]! += w2;
      }
    });
    net.biasParam.forEach((p, v) => {
      if (p < 0) return;
      const b2 = t[p]! ** 2;
      F += b2 / 2;
      const i = lawIndex[v]!;
      if (i >= 0) {
        g[i]! += b2;
        s[i]! += b2;
      }
    });
    let phi = F;
    let worst = 0;
    let worstAt = -1;
    let residual = 0;
    for (let i = 0; i < m; i++) {
      g[i]! -= tgt[i]!;
      phi -= tgt[i]! * mu[net.lawNodes[i]!]!;
      const r = Math.abs(g[i]!);
      residual = Math.max(residual, r);
      const rel = r / (s[i]! + Math.abs(tgt[i]!) || 1);
      if (rel > worst) {
        worst = rel;
        worstAt = i;
      }
    }
    return { t, g, s, phi, worst, worstAt, residual };
  };

  let mu = new Float64Array(n);
  let state = evaluate(mu);
  let it = 0;
  while (state.worst > tol) {
    if (it >= maxIterations) throw unreachable(net, state, it, 'did not converge');
    it++;
    const H = new Float64Array(m * m);
    for (let i = 0; i < m; i++) H[i * m + i] = 2 * state.s[i]!;
    net.edges.forEach((edge, e) => {
      const p = net.edgeParam[e]!;
      const a = lawIndex[edge.from]!;
      const b = lawIndex[edge.to]!;
      if (p < 0 || a < 0 || b < 0) return;
      const w2 = 2 * state.t[p]! ** 2;
      H[a * m + b]! -= w2;
      H[b * m + a]! -= w2;
    });
    // A law neuron with no nonzero incident parameter has h_v = 0 whatever mu_v: fix mu_v there.
    for (let i = 0; i < m; i++) {
      if (state.s[i] === 0) {
        if (tgt[i] !== 0) throw unreachable(net, { ...state, worstAt: i }, it, 'all its parameters are zero');
        H[i * m + i] = 1;
      }
    }
    const factor = cholesky(H, m, 0);
    if (typeof factor === 'number') throw unreachable(net, state, it, 'singular Newton system');
    const step = choleskySolve(factor, state.g, m);
    let slope = 0;
    for (let i = 0; i < m; i++) slope -= step[i]! * state.g[i]!;
    let lr = 1;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      const trial = Float64Array.from(mu);
      for (let i = 0; i < m; i++) trial[net.lawNodes[i]!]! -= lr * step[i]!;
      const next = evaluate(trial);
      if (next.phi <= state.phi + 1e-4 * lr * slope || next.residual < state.residual) {
        mu = trial;
        state = next;
        accepted = true;
        break;
      }
      lr /= 2;
    }
    if (!accepted) throw unreachable(net, state, it, 'line search failed');
    for (const v of net.lawNodes) {
      if (Math.abs(mu[v]!) > 700)
        throw unreachable(net, state, it, `log-factor of "${net.nodes[v]!.id}" diverges`);
    }
  }
  return { theta: state.t, mu, iterations: it, residual: state.residual };
}

function unreachable(
  net: Network,
  state: { g: Float64Array; worstAt: number },
  it: number,
  why: string,
): RangeError {
  const i = Math.max(state.worstAt, 0);
  const v = net.lawNodes[i]!;
  return new RangeError(
    `rescaleToLaws: target laws not reachable by rescaling (${why} after ${it} iterations); worst neuron "${net.nodes[v]!.id}" has h - target = ${state.g[i]}`,
  );
}
