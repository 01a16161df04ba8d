import { describe, expect, it } from 'vitest';
import { createRng } from './random.js';

describe('createRng', () => {
  it('the same seed gives the same stream', () => {
    const a = createRng(7).uniforms(100);
    const b = createRng(7).uniforms(100);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(createRng(8).uniforms(5))).not.toEqual(Array.from(a.slice(0, 5)));
  });

  it('uniforms lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const n = 200_000;
    const u = createRng(1).uniforms(n);
    let s = 0;
    let s2 = 0;
    for (const x of u) {
      expect(x >= 0 && x < 1).toBe(true);
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });

  it('normals have mean 0 and variance 1', () => {
    const n = 200_000;
    const z = createRng(2).normals(n);
    let s = 0;
    let s2 = 0;
    for (const x of z) {
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('integer covers [lo, hi] uniformly', () => {
    const rng = createRng(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.integer(-2, 3) + 2]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('rejects bad seeds and counts, naming the value', () => {
    expect(() => createRng(-1)).toThrow(/seed.*-1/);
    expect(() => createRng(1.5)).toThrow(/seed.*1\.5/);
    expect(() => createRng(1).uniforms(-3)).toThrow(/-3/);
    expect(() => createRng(1).integer(3, 1)).toThrow(/lo=3, hi=1/);
  });
});
