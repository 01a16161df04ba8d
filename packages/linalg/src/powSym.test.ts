import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { loadSpectral } from '../test/fixtures/load.js';
import { powSym } from './powSym.js';
import { createRng } from './random.js';
import { sqrtSym } from './sqrtSym.js';

const fx = loadSpectral();

/** A random SPD matrix G G^T + I. */
function spd(seed: number, n: number): Matrix {
  const rng = createRng(seed);
  const G = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G.set(i, j, rng.normal());
  return G.mmul(G.transpose()).add(Matrix.eye(n));
}

describe('sqrtSym', () => {
  it('the square root of [[5, 4], [4, 5]] is [[2, 1], [1, 2]] (closed form: ([[2,1],[1,2]])^2)', () => {
    expect(
      sqrtSym([
        [5, 4],
        [4, 5],
      ]),
    ).toBeAllClose(
      new Matrix([
        [2, 1],
        [1, 2],
      ]),
      { rtol: 1e-14, atol: 1e-15 },
    );
  });

  it('squares back to A and matches scipy.linalg.sqrtm (fixture spectral.py)', () => {
    const S = sqrtSym(fx.A);
    expect(S.mmul(S)).toBeAllClose(new Matrix(fx.A), { rtol: 1e-13, atol: 1e-14 });
    expect(S).toBeAllClose(new Matrix(fx.sqrtA), { rtol: 1e-12, atol: 1e-14 });
  });

  it('of a PSD rank-deficient matrix v v^T is v v^T / |v| (closed form), tiny negative eigenvalues clamped', () => {
    const v = [1, 2, 2];
    const vvt = new Matrix([v]).transpose().mmul(new Matrix([v]));
    expect(sqrtSym(vvt)).toBeAllClose(Matrix.div(vvt, 3), { rtol: 1e-12, atol: 1e-14 });
  });
});

describe('powSym', () => {
  it('powSym(A, 1/2)^2 = A and powSym(A, p)·powSym(A, q) = powSym(A, p + q) on random SPD matrices', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 31 }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (seed, n, p, q) => {
          const A = spd(seed, n);
          const h = powSym(A, 0.5);
          expect(h.mmul(h)).toBeAllClose(A, { rtol: 1e-11, atol: 1e-12 });
          expect(powSym(A, p).mmul(powSym(A, q))).toBeAllClose(powSym(A, p + q), { rtol: 1e-9, atol: 1e-11 });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('matches scipy.linalg.fractional_matrix_power for p = 0.3 and p = -1.5 (fixture spectral.py)', () => {
    expect(powSym(fx.A, 0.3)).toBeAllClose(new Matrix(fx.powA_0_3), { rtol: 1e-12, atol: 1e-14 });
    expect(powSym(fx.A, -1.5)).toBeAllClose(new Matrix(fx.powA_m1_5), { rtol: 1e-12, atol: 1e-14 });
  });

  it('integer powers of an indefinite matrix: p = 3 is B·B·B, p = -1 is the inverse, p = 0 is I', () => {
    expect(powSym(fx.B, 3)).toBeAllClose(new Matrix(fx.cubeB), { rtol: 1e-12, atol: 1e-13 });
    expect(powSym(fx.B, -1).mmul(new Matrix(fx.B))).toBeAllClose(Matrix.eye(3), { atol: 1e-13 });
    expect(powSym(fx.B, 0)).toBeAllClose(Matrix.eye(3), { atol: 1e-14 });
  });

  it('a clearly negative eigenvalue with a fractional power is an error naming the eigenvalue', () => {
    expect(() => powSym(fx.B, 0.5)).toThrow(/powSym: A has eigenvalue -\d.*< 0 .*A\^0.5 is not real/);
    expect(() =>
      sqrtSym([
        [-1e-3, 0],
        [0, 1],
      ]),
    ).toThrow(/sqrtSym: A has eigenvalue -0.001 < 0/);
    // Within negativeTol·max|λ| (1e-10 · 1) the eigenvalue counts as 0.
    expect(
      sqrtSym([
        [-1e-11, 0],
        [0, 1],
      ]),
    ).toBeAllClose(
      new Matrix([
        [0, 0],
        [0, 1],
      ]),
      { atol: 1e-15 },
    );
    expect(() =>
      sqrtSym(
        [
          [-1e-11, 0],
          [0, 1],
        ],
        { negativeTol: 0 },
      ),
    ).toThrow(RangeError);
  });

  it('a negative power of a singular matrix is an error; bad p and options are named', () => {
    expect(() =>
      powSym(
        [
          [0, 0],
          [0, 1],
        ],
        -1,
      ),
    ).toThrow(/powSym: A is singular \(eigenvalue 0\)/);
    expect(() => powSym([[1]], Number.NaN)).toThrow(/powSym: p must be a finite number, got NaN/);
    expect(() => powSym([[1]], 2, { negativeTol: -1 })).toThrow(/powSym: options.negativeTol must be/);
    expect(() => sqrtSym([[1, 2]])).toThrow(/sqrtSym: A must be square, got shape 1×2/);
  });
});
