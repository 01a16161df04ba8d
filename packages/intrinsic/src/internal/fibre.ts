import type { PathLifting } from '@idyn/lifting';
import type { LawStructure } from './lawStructure.js';
import { cholesky, choleskySolve, maxAbs } from '@idyn/linalg';

/** Outcome of one Gauss–Newton projection onto the fibre of z. */
export interface FibreOutcome {
  readonly theta: Float64Array;
  readonly iterations: number;
  /** max_p |Phi_p(theta) − z_p| / max_p |z_p| (the distance of z to the image of Phi). */
  readonly residual: number;
  readonly ok: boolean;
  /** Set when [DPhi; Dh] was rank deficient at theta (not recoverable): the parameter index. */
  readonly singularAt?: number;
}

/** A Gauss–Newton step below this, relative to max |theta|, ends the projection. */
export const STEP_TOL = 1e-13;
/** A step that no longer decreases the residual is accepted as converged below this (rounding floor). */
export const STEP_FLOOR = 1e-9;

/**
 * The stacked Jacobian [DPhi; Dh] at theta ((d + m) x D, row-major): dh_i/dtheta_p = 2 theta_p when
 * p enters neuron i, −2 theta_p when it leaves it. It has rank D exactly when theta is recoverable
 * (MATH.md §3).
 */
export function stackedJacobian(lift: PathLifting, S: LawStructure, theta: Float64Array): Float64Array {
  const D = S.D;
  const J = lift.jacobianSparse!(theta);
  const d = J.rows;
  const A = new Float64Array((d + S.m) * D);
  for (let p = 0; p < d; p++) {
    for (let k = J.rowPtr[p]!; k < J.rowPtr[p + 1]!; k++) A[p * D + J.colIndex[k]!] = J.values[k]!;
  }
  for (let p = 0; p < D; p++) {
    const a = S.head[p]!;
    const b = S.tail[p]!;
    if (a >= 0) A[(d + a) * D + p] = 2 * theta[p]!;
    if (b >= 0) A[(d + b) * D + p] = -2 * theta[p]!;
  }
  return A;
}

/**
 * Least-squares step argmin |J delta − r|² + |Dh delta|² by the corrected semi-normal equations:
 * Cholesky of N = Jᵀ J + Dhᵀ Dh (J sparse, so forming N costs d (depth + 1)² + the law rows), one
 * solve, then one refinement with the exact residual r − J delta, −Dh delta. The refinement brings
 * the error from κ² eps to about (κ² eps)² relative, comparable to QR while κ² eps ≪ 1, at a
 * fraction of the cost of a dense QR of the (d + |H|) x D stacked matrix. Returns the column of
 * the failing pivot when N is not numerically positive definite.
 */
function normalStep(
  lift: PathLifting,
  S: LawStructure,
  theta: Float64Array,
  r: Float64Array,
): Float64Array | number {
  const D = S.D;
  const J = lift.jacobianSparse!(theta);
  const d = J.rows;
  const N = new Float64Array(D * D);
  for (let p = 0; p < d; p++) {
    const a = J.rowPtr[p]!;
    const b = J.rowPtr[p + 1]!;
    for (let i = a; i < b; i++) {
      const k = J.colIndex[i]! * D;
      const vk = J.values[i]!;
      for (let j = a; j < b; j++) N[k + J.colIndex[j]!]! += vk * J.values[j]!;
    }
  }
  // law rows: sparse, one per law neuron, entries ±2 theta_p on its incident parameters
  const lawIdx: number[][] = Array.from({ length: S.m }, () => []);
  for (let p = 0; p < D; p++) {
    if (S.head[p]! >= 0) lawIdx[S.head[p]!]!.push(p);
    if (S.tail[p]! >= 0) lawIdx[S.tail[p]!]!.push(-p - 1);
  }
  const coef = (e: number) => (e >= 0 ? 2 * theta[e]! : -2 * theta[-e - 1]!);
  const col = (e: number) => (e >= 0 ? e : -e - 1);
  for (const row of lawIdx) {
    for (const e of row) for (const f of row) N[col(e) * D + col(f)]! += coef(e) * coef(f);
  }
  const L = cholesky(N, D);
  if (typeof L === 'number') return L;
  // gradient of the least-squares objective at delta: Jᵀ (r − J delta) − Dhᵀ Dh delta
  const gradient = (delta: Float64Array | null) => {
    const g = new Float64Array(D);
    for (let p = 0; p < d; p++) {
      let rp = r[p]!;
      if (delta !== null) {
        for (let k = J.rowPtr[p]!; k < J.rowPtr[p + 1]!; k++) rp -= J.values[k]! * delta[J.colIndex[k]!]!;
      }
      for (let k = J.rowPtr[p]!; k < J.rowPtr[p + 1]!; k++) g[J.colIndex[k]!]! += J.values[k]! * rp;
    }
    if (delta !== null) {
      for (const row of lawIdx) {
        let s = 0;
        for (const e of row) s += coef(e) * delta[col(e)]!;
        for (const e of row) g[col(e)]! -= coef(e) * s;
      }
    }
    return g;
  };
  const delta = choleskySolve(L, gradient(null), D);
  const corr = choleskySolve(L, gradient(delta), D);
  for (let k = 0; k < D; k++) delta[k]! += corr[k]!;
  return delta;
}

/**
 * Gauss–Newton on min_theta ½|Phi(theta) − z|² from `start`, the rescaling gauge fixed to first
 * order by asking each step not to move the laws: delta = argmin |DPhi delta − (z − Phi)|² +
 * |Dh delta|², by the corrected semi-normal equations ([DPhi; Dh] has rank D when theta is
 * recoverable).
 *
 * z need not lie exactly on the image of Phi: DOPRI5 evaluates the right-hand side at stage points
 * that leave the image by the local error (the image is curved and of dimension D − |H| < d in
 * general). The least-squares foot point extends K smoothly to a neighbourhood of the image; the
 * exact flow is tangent to the image and stays on it, so the extension does not change it, and a
 * normal offset is neither damped nor amplified. On the image the residual vanishes at the
 * solution and convergence is quadratic; off it, linear with a rate proportional to the distance.
 */
export function projectToFibre(
  lift: PathLifting,
  S: LawStructure,
  start: Float64Array,
  z: Float64Array,
  maxIterations = 30,
): FibreOutcome {
  const D = S.D;
  const d = z.length;
  const zScale = Math.max(maxAbs(z), Number.MIN_VALUE);
  let theta = start;
  const resid = (t: Float64Array) => {
    const r = lift.phi(t);
    let n2 = 0;
    for (let p = 0; p < d; p++) {
      r[p] = z[p]! - r[p]!;
      n2 += r[p]! * r[p]!;
    }
    return { r, n2 };
  };
  let cur = resid(theta);
  const done = (it: number, ok: boolean, singularAt?: number): FibreOutcome => {
    const out = { theta, iterations: it, residual: maxAbs(cur.r) / zScale, ok };
    return singularAt === undefined ? out : { ...out, singularAt };
  };
  for (let it = 0; it < maxIterations; it++) {
    if (cur.n2 === 0) return done(it, true);
    const delta = normalStep(lift, S, theta, cur.r);
    if (typeof delta === 'number') return done(it, false, delta);
    const stepRel = maxAbs(delta) / Math.max(maxAbs(theta), Number.MIN_VALUE);
    let lr = 1;
    let accepted = false;
    for (let k = 0; k < 30; k++) {
      const trial = new Float64Array(D);
      for (let p = 0; p < D; p++) trial[p] = theta[p]! + lr * delta[p]!;
      const next = resid(trial);
      if (next.n2 < cur.n2 || (next.n2 === cur.n2 && stepRel <= STEP_FLOOR)) {
        theta = trial;
        cur = next;
        accepted = true;
        break;
      }
      lr /= 2;
    }
    if (stepRel <= STEP_TOL) return done(it + 1, true);
    if (!accepted) return done(it + 1, stepRel <= STEP_FLOOR);
  }
  return done(maxIterations, false);
}
