import { checkArray } from './internal/check.js';
import type { NumericArray } from './spec.js';

/** Result of {@link fitLogLogSlope}: the least-squares line log10 y = intercept + slope · log10 x. */
export interface FitLogLogSlopeResult {
  /** Least-squares slope of log10 y against log10 x (the exponent of the power law). */
  slope: number;
  /** Intercept in log10 units: y ≈ 10^intercept · x^slope. */
  intercept: number;
}

/**
 * Least-squares slope of log10(y) against log10(x): the empirical order p of an error e ≈ C·L^p.
 *
 * @param x - abscissae, all > 0 and not all equal
 * @param y - ordinates, all > 0, same length as x (at least 2 points)
 * @returns {@link FitLogLogSlopeResult}
 * @throws RangeError on length mismatch, fewer than 2 points, non-positive or non-finite values,
 *   or all-equal x
 * @example
 * fitLogLogSlope([1, 2, 4], [3, 1.5, 0.75]); // { slope: -1, intercept: log10(3) }
 * @see MATH.md §4.5 (O(1/L) error: expected slope −1)
 */
export function fitLogLogSlope(x: NumericArray, y: NumericArray): FitLogLogSlopeResult {
  const fn = 'fitLogLogSlope';
  checkArray(fn, 'x', x);
  checkArray(fn, 'y', y, x.length, 'x length');
  if (x.length < 2) throw new RangeError(`${fn}: needs at least 2 points, got ${x.length}`);
  const n = x.length;
  const lx = new Float64Array(n);
  const ly = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (!(Number.isFinite(xi) && xi > 0))
      throw new RangeError(`${fn}: x[${i}] is ${xi}, not a positive finite number`);
    if (!(Number.isFinite(yi) && yi > 0))
      throw new RangeError(`${fn}: y[${i}] is ${yi}, not a positive finite number`);
    lx[i] = Math.log10(xi);
    ly[i] = Math.log10(yi);
  }
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += lx[i]!;
    my += ly[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = lx[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (ly[i]! - my);
  }
  if (sxx === 0) throw new RangeError(`${fn}: all x are equal (${x[0]}), the slope is undefined`);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
