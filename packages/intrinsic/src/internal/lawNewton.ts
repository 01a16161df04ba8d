import { cholesky, choleskySolve } from '@idyn/linalg';
import { type LawStructure, lawsAndScales, rescaleByLog } from './lawStructure.js';

/** Settings of {@link lawNewton}. */
export interface LawNewtonSettings {
  readonly tol: number;
  readonly maxIterations: number;
}

/** Outcome of {@link lawNewton}. */
export interface LawNewtonOutcome {
  readonly theta: Float64Array;
  readonly mu: Float64Array;
  readonly iterations: number;
  /** max_i |h_i - h0_i|. */
  readonly residual: number;
  /** max_i |h_i - h0_i| / (s_i + |h0_i|), s_i the incident squared sum. */
  readonly relativeResidual: number;
}

const nodeName = (S: LawStructure, i: number) => S.net.nodes[S.net.lawNodes[i]!]!.id;

/**
 * Newton's method with backtracking on Psi(mu) = F(mu) - <h0, mu>, F(mu) = 1/2 sum_p theta_p(mu)^2
 * (MATH.md §4.2): grad Psi = h(theta(mu)) - h0, Hessian 2 s_i on the diagonal and -2 theta_p^2
 * between the two law neurons of a parameter. Throws a RangeError that says why when it fails.
 */
export function lawNewton(
  fn: string,
  S: LawStructure,
  thetaTilde: Float64Array,
  h0: Float64Array,
  settings: LawNewtonSettings,
): LawNewtonOutcome {
  const { m, D } = S;
  const h = new Float64Array(m);
  const s = new Float64Array(m);
  lawsAndScales(S, thetaTilde, h, s);
  for (let i = 0; i < m; i++) {
    if (s[i] === 0) {
      throw new RangeError(
        `${fn}: neuron "${nodeName(S, i)}" has all its incident weights (and bias) equal to 0, so F(mu) - <h0, mu> is not strictly convex in its log-factor and the rescaled point theta* is not unique (the intrinsic metric is undefined there)`,
      );
    }
  }
  let mu = new Float64Array(m);
  let theta: Float64Array = Float64Array.from(thetaTilde);
  const g = new Float64Array(m);
  const state = (t: Float64Array, muv: Float64Array) => {
    lawsAndScales(S, t, h, s);
    let psi = 0;
    for (let p = 0; p < D; p++) psi += 0.5 * t[p]! * t[p]!;
    let residual = 0;
    let rel = 0;
    let worst = 0;
    for (let i = 0; i < m; i++) {
      g[i] = h[i]! - h0[i]!;
      psi -= h0[i]! * muv[i]!;
      const r = Math.abs(g[i]!);
      residual = Math.max(residual, r);
      const q = r / (s[i]! + Math.abs(h0[i]!));
      if (q > rel) {
        rel = q;
        worst = i;
      }
    }
    return { psi, residual, rel, worst };
  };
  let st = state(theta, mu);
  let it = 0;
  while (st.rel > settings.tol) {
    if (it >= settings.maxIterations) {
      throw new RangeError(
        `${fn}: Newton's method did not converge in ${settings.maxIterations} iterations: neuron "${nodeName(S, st.worst)}" still has h - h0 = ${g[st.worst]} (relative ${st.rel.toExponential(2)} > tol ${settings.tol}); F(mu) - <h0, mu> may be unbounded below (e.g. a neuron whose outgoing weights all vanish needs h0 > 0)`,
      );
    }
    it++;
    const H = new Float64Array(m * m);
    for (let i = 0; i < m; i++) H[i * m + i] = 2 * s[i]!;
    for (let p = 0; p < D; p++) {
      const a = S.head[p]!;
      const b = S.tail[p]!;
      if (a < 0 || b < 0) continue;
      const w2 = 2 * theta[p]! * theta[p]!;
      H[a * m + b]! -= w2;
      H[b * m + a]! -= w2;
    }
    const L = cholesky(H, m);
    if (typeof L === 'number') {
      throw new RangeError(
        `${fn}: the Hessian of F is singular at neuron "${nodeName(S, L)}": its connected group of law neurons has no nonzero weight to an input, an output or a bias, so F(mu) - <h0, mu> is not strictly convex (theta* is not unique)`,
      );
    }
    const step = choleskySolve(L, g, m);
    let slope = 0;
    for (let i = 0; i < m; i++) slope -= step[i]! * g[i]!;
    let lr = 1;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      const trial = new Float64Array(m);
      for (let i = 0; i < m; i++) trial[i] = mu[i]! - lr * step[i]!;
      const t = rescaleByLog(S, thetaTilde, trial);
      const prev = st;
      const next = state(t, trial);
      if (
        Number.isFinite(next.psi) &&
        (next.psi <= prev.psi + 1e-4 * lr * slope || next.residual < prev.residual)
      ) {
        mu = trial;
        theta = t;
        st = next;
        accepted = true;
        break;
      }
      st = state(theta, mu);
      lr /= 2;
    }
    if (!accepted) {
      throw new RangeError(
        `${fn}: the line search failed at iteration ${it}: neuron "${nodeName(S, st.worst)}" has h - h0 = ${g[st.worst]}; the target laws are not reachable by rescaling`,
      );
    }
    for (let i = 0; i < m; i++) {
      if (Math.abs(mu[i]!) > 250) {
        throw new RangeError(
          `${fn}: the log-factor of neuron "${nodeName(S, i)}" diverges (|mu| > 250 after ${it} iterations): F(mu) - <h0, mu> is unbounded below, the target law h0 = ${h0[i]} is not reachable by rescaling`,
        );
      }
    }
  }
  return { theta, mu, iterations: it, residual: st.residual, relativeResidual: st.rel };
}
