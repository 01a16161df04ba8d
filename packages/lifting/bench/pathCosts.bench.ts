/**
 * Path-norm and ∂Phi^T G (data cotangent) on DAGs with more than 10^9 paths, never enumerated,
 * against the baseline of one forward pass of @idyn/graph on the same network (batch 1 for the
 * path-norm, batch B for the data cotangent). Ratios are printed by bench/pathCosts.ts.
 */
import { forward } from '@idyn/graph';
import { bench, describe } from 'vitest';
import { pathCotangentVjp } from '../src/pathCotangentVjp.js';
import { pathNorm } from '../src/pathNorm.js';
import { LARGE_PRESETS, largeCase } from './largeDag.js';

for (const preset of LARGE_PRESETS) {
  const one = largeCase(preset, 1);
  describe(`${preset} (${one.paths} paths, ${one.net.edges.length} edges): path-norm`, () => {
    bench('baseline: forward, batch 1', () => {
      forward(one.net, one.theta, one.X, 1);
    });
    bench('pathNorm q = 1 (value only)', () => {
      pathNorm(one.net, one.theta, { q: 1, gradient: false });
    });
    bench('pathNorm q = 1 (value + gradient)', () => {
      pathNorm(one.net, one.theta, { q: 1 });
    });
    bench('pathNorm q = 2 (value + gradient)', () => {
      pathNorm(one.net, one.theta, { q: 2 });
    });
  });
  const many = largeCase(preset, 64);
  describe(`${preset}: ∂Phi^T G for a loss on 64 samples`, () => {
    bench('baseline: forward, batch 64', () => {
      forward(many.net, many.theta, many.X, 64);
    });
    bench('pathCotangentVjp, batch 64', () => {
      pathCotangentVjp(many.net, many.theta, many.X, many.C, 64);
    });
  });
}
