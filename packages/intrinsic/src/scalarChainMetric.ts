import { checkNumber } from './internal/validate.js';

/** Result of {@link scalarChainMetric}. */
export interface ScalarChainMetricResult {
  /** b = v², the root of (b + delta1) b (b − delta2) = z² on b >= max(0, −delta1, delta2). */
  readonly b: number;
  /** u² = b + delta1. */
  readonly u2: number;
  /** w² = b − delta2. */
  readonly w2: number;
  /** K(z) = 3b² + 2(delta1 − delta2) b − delta1 delta2 (= (vw)² + (uw)² + (uv)²). */
  readonly metric: number;
  /** Newton iterations used for the root. */
  readonly iterations: number;
}

/**
 * The intrinsic metric of the depth-3 scalar chain x ↦ w·σ(v·σ(u·x)), an independent closed-form
 * oracle for the general recovery of MATH.md §4.2. Its path-lifting is z = u v w, its laws are
 * delta1 = u² − v² and delta2 = v² − w², and with b = v²: u² = b + delta1, w² = b − delta2, so
 * (b + delta1) b (b − delta2) = z². On b >= b0 = max(0, −delta1, delta2) the cubic is 0 at b0,
 * increasing and convex (its three roots −delta1, 0, delta2 lie at or below b0), so the root is
 * unique; Newton's method from the upper bound b0 + |z|^{2/3} decreases monotonically to it. Then
 * M = (vw)² + (uw)² + (uv)² = b(b − delta2) + (b + delta1)(b − delta2) + (b + delta1) b
 *   = 3b² + 2(delta1 − delta2) b − delta1 delta2.
 *
 * @param z - the path value u v w
 * @param delta1 - u² − v²
 * @param delta2 - v² − w²
 * @returns b, u², w², the metric K(z) and the iteration count
 * @throws TypeError / RangeError naming the argument if it is not a finite number
 * @example
 * scalarChainMetric(6, 4 - 9, 9 - 1); // u, v, w = 2, 3, 1: { b: 9, u2: 4, w2: 1, metric: 49, … } (9 + 4 + 36)
 * @see MATH.md §4.2, issue 9 (the scalar chain)
 */
export function scalarChainMetric(z: number, delta1: number, delta2: number): ScalarChainMetricResult {
  const fn = 'scalarChainMetric';
  checkNumber(fn, 'z', z);
  checkNumber(fn, 'delta1', delta1);
  checkNumber(fn, 'delta2', delta2);
  const b0 = Math.max(0, -delta1, delta2);
  const z2 = z * z;
  const p = (b: number) => (b + delta1) * b * (b - delta2) - z2;
  const dp = (b: number) => (b + delta1) * b + (b + delta1) * (b - delta2) + b * (b - delta2);
  let b = b0 + Math.cbrt(z2);
  let iterations = 0;
  if (z2 === 0) b = b0;
  else {
    for (; iterations < 200; iterations++) {
      const v = p(b);
      const s = dp(b);
      if (!(v > 0) || !(s > 0)) break;
      const next = Math.max(b - v / s, b0);
      if (!(next < b)) break;
      b = next;
    }
  }
  const metric = 3 * b * b + 2 * (delta1 - delta2) * b - delta1 * delta2;
  return { b, u2: b + delta1, w2: b - delta2, metric, iterations };
}
