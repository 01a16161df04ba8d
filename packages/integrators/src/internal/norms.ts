import { maxAbs } from '@idyn/linalg';
import { type Terms, combine } from './combine.js';

// The norms of step-size control: finiteness, the max norm of the divergence bound, the scaled
// RMS norm of the initial step selection and the scaled error norm that accepts or rejects a step.

/**
 * Whether every entry of `x` is finite.
 *
 * @param x - the vector
 * @returns true iff no entry is NaN or ±Infinity
 * @example
 * allFinite(Float64Array.of(1, 2)); // true
 * allFinite(Float64Array.of(1, Number.NaN)); // false
 * @see MATH.md §6
 */
export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

// The max-norm of the divergence bound is `maxAbs` of `@idyn/linalg` (NaN-propagating).
export { maxAbs };

/**
 * Root-mean-square of v_i / (atol + rtol |ref_i|) over the first n entries: the scaled norm of the
 * step-size control (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4).
 *
 * @param v - the vector to measure
 * @param ref - the state that sets the scale
 * @param atol - absolute tolerance
 * @param rtol - relative tolerance
 * @param n - dimension
 * @returns the scaled RMS norm
 * @example
 * scaledRms(Float64Array.of(2), Float64Array.of(1), 1, 1, 1); // 1
 * @see MATH.md §6
 */
export function scaledRms(v: Float64Array, ref: Float64Array, atol: number, rtol: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(ref[i]!);
    const q = v[i]! / sc;
    sum += q * q;
  }
  return Math.sqrt(sum / n);
}

/**
 * The Hairer–Nørsett–Wanner error norm of the local error estimate e = h Σ_j c_j k_{index_j}:
 * sqrt(1/n Σ_i (e_i / (atol + rtol · max(|y_i|, |yNew_i|)))²), computed in one pass without storing
 * e (up to six terms; more go through `scratch`). Each e_i is summed left to right as in
 * {@link combine}.
 *
 * @param h - the step length
 * @param terms - the error weights e_j, from {@link termsOf}
 * @param k - the stage vectors
 * @param y - state at the start of the step
 * @param yNew - state at the end of the step
 * @param atol - absolute tolerance
 * @param rtol - relative tolerance
 * @param n - dimension
 * @param scratch - a work vector of length ≥ n (used for more than six terms)
 * @returns the scaled RMS norm of the error estimate (≤ 1 accepts the step)
 * @example
 * const err = scaledErrorNorm(h, termsOf(DOPRI5.e), k, y, yNew, 1e-10, 1e-8, n, scratch);
 * @see MATH.md §6
 */
export function scaledErrorNorm(
  h: number,
  terms: Terms,
  k: readonly Float64Array[],
  y: Float64Array,
  yNew: Float64Array,
  atol: number,
  rtol: number,
  n: number,
  scratch: Float64Array,
): number {
  const m = terms.coef.length;
  let sum = 0;
  if (m === 0 || m > 6) {
    combine(scratch, null, h, terms, k, n);
    for (let i = 0; i < n; i++) {
      const a = Math.abs(y[i]!);
      const b = Math.abs(yNew[i]!);
      const q = scratch[i]! / (atol + rtol * (a > b ? a : b));
      sum += q * q;
    }
    return Math.sqrt(sum / n);
  }
  // Missing terms are padded with a zero coefficient on the first vector (adds an exact 0).
  const c = terms.coef;
  const ix = terms.index;
  const k0 = k[ix[0]!] as Float64Array;
  const k1 = m > 1 ? (k[ix[1]!] as Float64Array) : k0;
  const k2 = m > 2 ? (k[ix[2]!] as Float64Array) : k0;
  const k3 = m > 3 ? (k[ix[3]!] as Float64Array) : k0;
  const k4 = m > 4 ? (k[ix[4]!] as Float64Array) : k0;
  const k5 = m > 5 ? (k[ix[5]!] as Float64Array) : k0;
  const c0 = h * c[0]!;
  const c1 = m > 1 ? h * c[1]! : 0;
  const c2 = m > 2 ? h * c[2]! : 0;
  const c3 = m > 3 ? h * c[3]! : 0;
  const c4 = m > 4 ? h * c[4]! : 0;
  const c5 = m > 5 ? h * c[5]! : 0;
  for (let i = 0; i < n; i++) {
    const e = c0 * k0[i]! + c1 * k1[i]! + c2 * k2[i]! + c3 * k3[i]! + c4 * k4[i]! + c5 * k5[i]!;
    const a = Math.abs(y[i]!);
    const b = Math.abs(yNew[i]!);
    const q = e / (atol + rtol * (a > b ? a : b));
    sum += q * q;
  }
  return Math.sqrt(sum / n);
}
