import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLogLogSlope } from './fitLogLogSlope.js';

describe('fitLogLogSlope', () => {
  it('recovers slope and intercept of an exact power law y = C x^p (closed form)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (p, C) => {
          const x = [1, 2, 4, 8, 16, 32];
          const r = fitLogLogSlope(
            x,
            x.map((v) => C * v ** p),
          );
          expect(r.slope).toBeAllClose(p, { rtol: 1e-10, atol: 1e-10 });
          expect(r.intercept).toBeAllClose(Math.log10(C), { rtol: 1e-10, atol: 1e-10 });
        },
      ),
      { numRuns: 40, seed: 3 },
    );
  });

  it('matches the least-squares slope of noisy data computed by hand', () => {
    // log10 x = 0, 1, 2; log10 y = 0, -1.1, -1.9 (least squares by hand):
    // mean x = 1, mean y = -1; dx = -1, 0, 1; dy = 1, -0.1, -0.9; slope = (-1 - 0.9) / 2 = -0.95.
    const r = fitLogLogSlope([1, 10, 100], [1, 10 ** -1.1, 10 ** -1.9]);
    expect(r.slope).toBeAllClose(-0.95, { rtol: 1e-12 });
  });

  it('rejects non-positive values, too few points and equal x', () => {
    expect(() => fitLogLogSlope([1, 2], [1, 0])).toThrow(
      'fitLogLogSlope: y[1] is 0, not a positive finite number',
    );
    expect(() => fitLogLogSlope([1], [1])).toThrow('needs at least 2 points, got 1');
    expect(() => fitLogLogSlope([2, 2], [1, 3])).toThrow(/all x are equal/);
    expect(() => fitLogLogSlope([1, 2, 3], [1, 2])).toThrow(
      'fitLogLogSlope: y has length 2, expected 3 (x length)',
    );
  });
});
