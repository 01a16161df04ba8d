import { maxAbs } from './norms.js';

// Locating a crossing inside one step on its dense output: the root finder, its tolerance, and the
// divergence bound crossing.

/**
 * Root of a continuous function on [0, 1] with g(0) and g(1) of opposite signs (or g(1) = 0), by
 * the Illinois variant of regula falsi; returns θ with the sign change in [θ − tol, θ].
 * The returned point is on the far side (g(θ) has the sign of g(1) or is 0), so a located event
 * has really happened at the reported time.
 *
 * @param g - the function of the step fraction θ
 * @param g0 - g(0)
 * @param g1 - g(1)
 * @param tol - width of the final bracket in θ
 * @returns the far end θ of the final bracket
 * @example
 * illinois((th) => th - 0.25, -0.25, 0.75, 1e-12); // ≈ 0.25
 * @see MATH.md §6
 */
export function illinois(g: (theta: number) => number, g0: number, g1: number, tol: number): number {
  let a = 0;
  let b = 1;
  let ga = g0;
  let gb = g1;
  let side = 0;
  for (let iter = 0; iter < 200 && b - a > tol; iter++) {
    let c = (a * gb - b * ga) / (gb - ga);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    const gc = g(c);
    if (gc === 0 || Math.sign(gc) === Math.sign(gb)) {
      b = c;
      gb = gc;
      if (side === 1) ga /= 2;
      side = 1;
    } else {
      a = c;
      ga = gc;
      if (side === -1) gb /= 2;
      side = -1;
    }
    if (gb === 0 && b - a <= tol) break;
  }
  return b;
}

/**
 * Tolerance in the step fraction θ for locating a crossing inside the step [t, tNew] of length h:
 * a few ulps of θ, or of t, whichever is coarser.
 *
 * @param t - start of the step
 * @param tNew - end of the step
 * @param h - step length
 * @returns the tolerance to pass to {@link illinois}
 * @example
 * locateTolerance(0, 1, 1); // 4 * Number.EPSILON
 * @see MATH.md §6
 */
export function locateTolerance(t: number, tNew: number, h: number): number {
  return Math.max(4 * Number.EPSILON, (4 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(tNew))) / h);
}

/**
 * The first fraction θ in (0, 1] of a step where max_i |y_i(θ)| reaches `maxNorm` on the dense
 * output, given that it is exceeded at the end of the step (Illinois root finding).
 *
 * @param interpolate - dense output of the step: writes y(θ) to its second argument
 * @param y - state at the start of the step
 * @param yNew - state at the end of the step
 * @param maxNorm - the divergence bound
 * @param tol - tolerance in θ, from {@link locateTolerance}
 * @param scratch - a work vector for interpolated states
 * @returns θ, with the crossing really reached at θ
 * @example
 * const theta = maxNormCrossing((th, out) => denseOutput(DOPRI5, th, h, y, k, yNew, fNew, out, n), y, yNew, 10, tol, scratch);
 * @see MATH.md §6
 */
export function maxNormCrossing(
  interpolate: (th: number, out: Float64Array) => void,
  y: Float64Array,
  yNew: Float64Array,
  maxNorm: number,
  tol: number,
  scratch: Float64Array,
): number {
  const g = (th: number): number => {
    interpolate(th, scratch);
    return maxAbs(scratch) - maxNorm;
  };
  return illinois(g, maxAbs(y) - maxNorm, maxAbs(yNew) - maxNorm, tol);
}
