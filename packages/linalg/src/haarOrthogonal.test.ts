import { determinant, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { haarOrthogonal } from './haarOrthogonal.js';
import { createRng } from './random.js';

describe('haarOrthogonal', () => {
  it('is orthogonal: Q^T Q = Q Q^T = I for sizes 1..20', () => {
    const rng = createRng(5);
    for (let n = 1; n <= 20; n++) {
      const Q = haarOrthogonal(n, rng);
      expect(Q.transpose().mmul(Q)).toBeAllClose(Matrix.eye(n), { atol: 1e-13 });
      expect(Q.mmul(Q.transpose())).toBeAllClose(Matrix.eye(n), { atol: 1e-13 });
    }
  });

  it('is reproducible: the same seed gives the same matrix', () => {
    expect(haarOrthogonal(4, createRng(9)).to2DArray()).toEqual(haarOrthogonal(4, createRng(9)).to2DArray());
  });

  it('for n = 3 the entry Q_11 is uniform on [-1, 1] (Archimedes: a coordinate of a uniform point of S^2)', () => {
    // Mean 0 (sd 1/sqrt(3N)), E[Q_11^2] = 1/3 (sd sqrt(4/45/N)), quartile counts 1/4 each
    // (sd sqrt(3/16/N)); the bounds below are about 5 standard deviations at N = 4000.
    const rng = createRng(2024);
    const N = 4000;
    let s = 0;
    let s2 = 0;
    const bins = [0, 0, 0, 0];
    let positiveDet = 0;
    for (let k = 0; k < N; k++) {
      const Q = haarOrthogonal(3, rng);
      const q = Q.get(0, 0);
      s += q;
      s2 += q * q;
      const bin = Math.min(3, Math.floor((q + 1) * 2));
      bins[bin] = bins[bin]! + 1;
      if (determinant(Q) > 0) positiveDet++;
    }
    expect(Math.abs(s / N)).toBeLessThan(5 / Math.sqrt(3 * N));
    expect(Math.abs(s2 / N - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / N));
    for (const b of bins) expect(Math.abs(b / N - 0.25)).toBeLessThan(5 * Math.sqrt(3 / 16 / N));
    // Haar on O(3): det = +1 and -1 each with probability 1/2 (sd 1/(2 sqrt(N))).
    expect(Math.abs(positiveDet / N - 0.5)).toBeLessThan((5 * 0.5) / Math.sqrt(N));
  });

  it('errors name the argument', () => {
    expect(() => haarOrthogonal(-1, createRng(1))).toThrow(
      /haarOrthogonal: n must be a non-negative integer, got -1/,
    );
    expect(() => haarOrthogonal(2.5, createRng(1))).toThrow(RangeError);
    expect(() => haarOrthogonal(2, {} as never)).toThrow(/haarOrthogonal: rng must be a generator/);
    expect(haarOrthogonal(0, createRng(1)).rows).toBe(0);
  });
});
