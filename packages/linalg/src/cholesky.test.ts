import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve } from './cholesky.js';
import { createRng } from './random.js';

describe('cholesky', () => {
  it('factors [[4,2],[2,3]] into the closed form L = [[2,0],[1,√2]]', () => {
    const L = cholesky(new Float64Array([4, 2, 2, 3]), 2);
    expect(L).toBeAllClose([2, 0, 1, Math.SQRT2], { rtol: 1e-15, atol: 0 });
  });

  it('L Lᵀ reproduces a random SPD matrix B Bᵀ + I and the solve inverts it', () => {
    const rng = createRng(11);
    const n = 7;
    const B = rng.normals(n * n);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) s += B[i * n + k]! * B[j * n + k]!;
        A[i * n + j] = s;
      }
    const L = cholesky(A, n) as Float64Array;
    const LLt = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += L[i * n + k]! * L[j * n + k]!;
        LLt[i * n + j] = s;
      }
    expect(LLt).toBeAllClose(A, { rtol: 1e-12, atol: 1e-12 });
    const x = rng.normals(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i]! += A[i * n + j]! * x[j]!;
    expect(choleskySolve(L, b, n)).toBeAllClose(x, { rtol: 1e-9, atol: 1e-10 });
  });

  it('returns the index of the first non-positive pivot for singular and indefinite matrices', () => {
    expect(cholesky(new Float64Array([1, 1, 1, 1]), 2)).toBe(1);
    expect(cholesky(new Float64Array([-1, 0, 0, 1]), 2)).toBe(0);
  });

  it('rejects inconsistent sizes, naming the lengths', () => {
    expect(() => cholesky(new Float64Array(3), 2)).toThrow(/length 3.*n = 2/);
    expect(() => choleskySolve(new Float64Array(4), [1], 2)).toThrow(/b length 1/);
  });
});
