import { checkInteger, symmetricFunction } from '@idyn/linalg';
import type { Matrix } from 'ml-matrix';
import { simpson } from './internal/simpson.js';
import { checkMatrix, checkSquare } from './internal/validate.js';

/**
 * The same integral ∫₀¹ (z zᵀ)^{1−s} G (zᵀ z)^s ds by the composite Simpson rule with `points`
 * nodes (fractional powers by eigen-decomposition): an independent check of `logMeanMetric`.
 *
 * @param z - an invertible n × n matrix
 * @param G - an n × n matrix
 * @param points - number of Simpson nodes, odd, ≥ 3 @default 2001
 * @returns the quadrature
 * @throws RangeError on shape mismatch or an even/too small number of points
 * @example
 * logMeanMetricQuadrature(z, G); // ≈ logMeanMetric(z, G) to ~1e-13
 * @see MATH.md §4.5, §5
 */
export function logMeanMetricQuadrature(z: Matrix, G: Matrix, points = 2001): Matrix {
  const fn = 'logMeanMetricQuadrature';
  checkSquare(fn, 'z', z);
  checkMatrix(fn, 'G', G, z.rows, z.columns);
  checkInteger(fn, 'points', points, 3);
  if (points % 2 === 0)
    throw new RangeError(`${fn}: points must be odd (an even number of intervals), got ${points}`);
  const zzt = z.mmul(z.transpose());
  const ztz = z.transpose().mmul(z);
  const N = points - 1;
  const samples: Matrix[] = [];
  for (let k = 0; k <= N; k++) {
    const t = k / N;
    samples.push(
      symmetricFunction(zzt, (x) => Math.max(x, 0) ** (1 - t))
        .mmul(G)
        .mmul(symmetricFunction(ztz, (x) => Math.max(x, 0) ** t)),
    );
  }
  return simpson(samples);
}
