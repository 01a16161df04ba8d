import fc from 'fast-check';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { loadSpectral } from '../test/fixtures/load.js';
import { modNullSpace } from './modNullSpace.js';
import { modRank } from './modRank.js';
import { nullSpace } from './nullSpace.js';
import { numericRank } from './numericRank.js';
import { createRng } from './random.js';
import { singularValues } from './singularValues.js';

const fx = loadSpectral();

/** Integer m×n matrix of rank <= r: product of random m×r and r×n matrices with entries in [-4, 4]. */
function intLowRank(seed: number, m: number, n: number, r: number): number[][] {
  if (r === 0) return Array.from({ length: m }, () => new Array<number>(n).fill(0));
  const rng = createRng(seed);
  const a = Array.from({ length: m }, () => Array.from({ length: r }, () => rng.integer(-4, 4)));
  const b = Array.from({ length: r }, () => Array.from({ length: n }, () => rng.integer(-4, 4)));
  return new Matrix(a).mmul(new Matrix(b)).to2DArray();
}

const shapes = fc.record({
  seed: fc.nat({ max: 2 ** 31 }),
  m: fc.integer({ min: 1, max: 14 }),
  n: fc.integer({ min: 1, max: 14 }),
  r: fc.integer({ min: 0, max: 14 }),
});

describe('singularValues', () => {
  it('of diag-like wide and tall matrices are the absolute diagonal, decreasing', () => {
    expect(
      Array.from(
        singularValues([
          [3, 0, 0],
          [0, -4, 0],
        ]),
      ),
    ).toEqual([4, 3]);
    expect(
      singularValues([
        [3, 0],
        [0, -4],
        [0, 0],
      ]),
    ).toBeAllClose([4, 3], { rtol: 1e-15 });
  });

  it('of a wide 3×6 matrix match numpy.linalg.svd (fixture spectral.py)', () => {
    expect(singularValues(fx.W)).toBeAllClose(fx.singularValuesW, { rtol: 1e-12, atol: 1e-13 });
  });
});

describe('numericRank', () => {
  it('equals modRank on random integer matrices of rank min(r, m, n), tall and wide (property)', () => {
    fc.assert(
      fc.property(shapes, ({ seed, m, n, r }) => {
        const A = intLowRank(seed, m, n, r);
        const exact = modRank(A, n);
        expect(numericRank(A)).toBe(exact);
        expect(numericRank(new Matrix(A).transpose())).toBe(exact);
      }),
      { numRuns: 50 },
    );
  });

  it('is right for wide full-row-rank and wide rank-deficient matrices (fixture rank 2)', () => {
    expect(numericRank(fx.W)).toBe(2);
    expect(numericRank(intLowRank(5, 20, 60, 20))).toBe(modRank(intLowRank(5, 20, 60, 20), 60));
  });

  it('counts singular values above rtol·σ_max: diag(1, 1e-12) has rank 1 at 1e-8 and 2 at 1e-14', () => {
    expect(
      numericRank([
        [1, 0],
        [0, 1e-12],
      ]),
    ).toBe(1);
    expect(
      numericRank(
        [
          [1, 0],
          [0, 1e-12],
        ],
        1e-14,
      ),
    ).toBe(2);
    expect(numericRank([[0, 0, 0]])).toBe(0);
    expect(numericRank(new Matrix(0, 4))).toBe(0);
  });

  it('errors name the argument', () => {
    expect(() => numericRank([[1, 2], [3]])).toThrow(
      /numericRank: A is ragged: row 1 has length 1, row 0 has length 2/,
    );
    expect(() => numericRank([[1, Number.POSITIVE_INFINITY]])).toThrow(
      /numericRank: A\[0\]\[1\] = Infinity is not finite/,
    );
    expect(() => numericRank([[1]], -1)).toThrow(/numericRank: rtol must be a finite number >= 0, got -1/);
  });
});

describe('nullSpace', () => {
  it('of a random wide m×n Gaussian matrix has n - m orthonormal columns with A·N ≈ 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 31 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 12 }),
        (seed, m, extra) => {
          const n = m + extra;
          const rng = createRng(seed);
          const A = new Matrix(m, n);
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) A.set(i, j, rng.normal());
          const N = nullSpace(A);
          expect(N.rows).toBe(n);
          expect(N.columns).toBe(n - m);
          expect(A.mmul(N)).toBeAllClose(new Matrix(m, n - m), { atol: 1e-12 });
          expect(N.transpose().mmul(N)).toBeAllClose(Matrix.eye(n - m), { atol: 1e-13 });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('has dimension n - rank equal to the mod-p kernel dimension for integer low-rank matrices, tall and wide', () => {
    fc.assert(
      fc.property(shapes, ({ seed, m, n, r }) => {
        const A = intLowRank(seed, m, n, r);
        const N = nullSpace(A);
        expect(N.columns).toBe(modNullSpace(A, n).length);
        const scale = Math.max(1, ...A.flat().map(Math.abs));
        expect(new Matrix(A).mmul(N)).toBeAllClose(new Matrix(m, N.columns), { atol: 1e-12 * scale * n });
      }),
      { numRuns: 40 },
    );
  });

  it('of the wide 3×6 rank-2 fixture has 4 columns like scipy.linalg.null_space (fixture spectral.py)', () => {
    const N = nullSpace(fx.W);
    expect(N.columns).toBe(fx.nullityW);
    expect(new Matrix(fx.W).mmul(N)).toBeAllClose(new Matrix(3, 4), { atol: 1e-13 });
  });

  it('edge cases: [[1, 1, 0]] has a 2-dimensional kernel, the identity none, a zero matrix all of R^n', () => {
    const N = nullSpace([[1, 1, 0]]);
    expect(N.columns).toBe(2);
    expect(new Matrix([[1, 1, 0]]).mmul(N)).toBeAllClose(new Matrix(1, 2), { atol: 1e-15 });
    expect(nullSpace(Matrix.eye(3)).columns).toBe(0);
    expect(nullSpace(new Matrix(2, 3)).columns).toBe(3);
    expect(nullSpace(new Matrix(0, 3)).columns).toBe(3);
    expect(() => nullSpace([[1]], Number.NaN)).toThrow(
      /nullSpace: rtol must be a finite number >= 0, got NaN/,
    );
  });
});

describe('tall matrices (Householder QR path, rows >= 2·cols)', () => {
  it('singular values of a tall Gaussian matrix match those of its transpose and the eigenvalues of A^T A', () => {
    const rng = createRng(77);
    const A = new Matrix(40, 7);
    for (let i = 0; i < 40; i++) for (let j = 0; j < 7; j++) A.set(i, j, rng.normal());
    const s = singularValues(A);
    // Transposed (wide) input takes the plain SVD path: an independent computation.
    expect(s).toBeAllClose(singularValues(A.transpose().clone()), { rtol: 1e-12 });
    const ev = Array.from(
      new EigenvalueDecomposition(A.transpose().mmul(A), { assumeSymmetric: true }).realEigenvalues,
    )
      .sort((x, y) => y - x)
      .map(Math.sqrt);
    expect(s).toBeAllClose(ev, { rtol: 1e-10 });
  });

  it('nullSpace of a tall rank-deficient integer matrix (60×8, rank 5) has 3 orthonormal columns with A·N ≈ 0', () => {
    const A = intLowRank(8, 60, 8, 5);
    const N = nullSpace(A);
    expect(N.columns).toBe(3);
    expect(new Matrix(A).mmul(N)).toBeAllClose(new Matrix(60, 3), { atol: 1e-11 });
    expect(N.transpose().mmul(N)).toBeAllClose(Matrix.eye(3), { atol: 1e-13 });
  });
});
