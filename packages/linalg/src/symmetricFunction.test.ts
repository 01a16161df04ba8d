import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { loadSpectral } from '../test/fixtures/load.js';
import { haarOrthogonal } from './haarOrthogonal.js';
import { createRng } from './random.js';
import { symmetricEigen } from './symmetricEigen.js';
import { symmetricFromEigen } from './symmetricFromEigen.js';
import { symmetricFunction } from './symmetricFunction.js';

const fx = loadSpectral();

/** exp(A) by its Taylor series sum_k A^k / k! (converges fast for ||A|| <= 1). */
function expSeries(A: Matrix, terms = 40): Matrix {
  let term = Matrix.eye(A.rows);
  const sum = Matrix.eye(A.rows);
  for (let k = 1; k < terms; k++) {
    term = term.mmul(A).div(k);
    sum.add(term);
  }
  return sum;
}

describe('symmetricFunction', () => {
  it('exp of a small symmetric matrix equals the Taylor series Σ A^k/k!', () => {
    const A = new Matrix([
      [0.3, -0.2, 0.1],
      [-0.2, 0.5, 0.05],
      [0.1, 0.05, -0.4],
    ]);
    expect(symmetricFunction(A, Math.exp)).toBeAllClose(expSeries(A), { rtol: 1e-13, atol: 1e-14 });
  });

  it('exp matches scipy.linalg.expm on an SPD and an indefinite matrix (fixture spectral.py)', () => {
    expect(symmetricFunction(fx.A, Math.exp)).toBeAllClose(new Matrix(fx.expA), { rtol: 1e-12 });
    expect(symmetricFunction(fx.B, Math.exp)).toBeAllClose(new Matrix(fx.expB), { rtol: 1e-12 });
  });

  it('f(λ) = λ^3 gives A·A·A (closed form) and the identity map returns A', () => {
    expect(symmetricFunction(fx.B, (l) => l ** 3)).toBeAllClose(new Matrix(fx.cubeB), {
      rtol: 1e-12,
      atol: 1e-13,
    });
    expect(symmetricFunction(fx.B, (l) => l)).toBeAllClose(new Matrix(fx.B), { rtol: 1e-13, atol: 1e-14 });
  });

  it('f(Q D Q^T) = Q f(D) Q^T for Haar-random Q and known eigenvalues (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 31 }), fc.integer({ min: 1, max: 6 }), (seed, n) => {
        const rng = createRng(seed);
        const Q = haarOrthogonal(n, rng);
        const d = rng.normals(n);
        const D = Matrix.diag(Array.from(d));
        const A = Q.mmul(D).mmul(Q.transpose());
        const expected = Q.mmul(Matrix.diag(Array.from(d, Math.atan))).mmul(Q.transpose());
        expect(symmetricFunction(A, Math.atan, { symmetryTol: 1e-12 })).toBeAllClose(expected, {
          rtol: 1e-10,
          atol: 1e-12,
        });
      }),
      { numRuns: 30 },
    );
  });

  it('the result is exactly symmetric', () => {
    const r = symmetricFunction(fx.A, Math.log);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(r.get(i, j)).toBe(r.get(j, i));
  });

  it('symmetricEigen returns V, λ with A V = V diag(λ) and V^T V = I', () => {
    const { values, vectors } = symmetricEigen(fx.A);
    expect(new Matrix(fx.A).mmul(vectors)).toBeAllClose(vectors.mmul(Matrix.diag(Array.from(values))), {
      rtol: 1e-12,
      atol: 1e-13,
    });
    expect(vectors.transpose().mmul(vectors)).toBeAllClose(Matrix.eye(4), { atol: 1e-14 });
    expect(symmetricEigen([]).values.length).toBe(0);
  });

  it('errors name the argument: non-square, non-symmetric, non-finite, bad f', () => {
    expect(() => symmetricFunction([[1, 2, 3]], Math.exp)).toThrow(
      /symmetricFunction: A must be square, got shape 1×3/,
    );
    expect(() =>
      symmetricFunction(
        [
          [1, 2],
          [3, 1],
        ],
        Math.exp,
      ),
    ).toThrow(/symmetricFunction: A is not symmetric: max\|A - A\^T\| = 1/);
    expect(() =>
      symmetricFunction(
        [
          [1, Number.NaN],
          [0, 1],
        ],
        Math.exp,
      ),
    ).toThrow(/symmetricFunction: A\[0\]\[1\] = NaN is not finite/);
    expect(() => symmetricFunction([[-1]], Math.log)).toThrow(
      /symmetricFunction: f\(-1\) = NaN is not finite/,
    );
    expect(() => symmetricFunction([[1]], Math.exp, { symmetryTol: -1 })).toThrow(
      /symmetricFunction: options.symmetryTol must be a finite number >= 0/,
    );
  });
});

describe('symmetricEigen order and symmetricFromEigen', () => {
  it('eigenvalues are ascending and V diag(f(λ)) Vᵀ equals symmetricFunction(A, f)', () => {
    const rng = createRng(21);
    for (let n = 1; n <= 6; n++) {
      const G = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G.set(i, j, rng.normal());
      const A = G.mmul(G.transpose());
      const { values, vectors } = symmetricEigen(A);
      for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
      // expected: A itself for the identity map (V diag(λ) Vᵀ = A), and symmetricFunction for sqrt
      expect(symmetricFromEigen(vectors, values)).toBeAllClose(A, { rtol: 1e-12, atol: 1e-12 });
      expect(symmetricFromEigen(vectors, values.map(Math.sqrt))).toBeAllClose(
        symmetricFunction(A, Math.sqrt),
        { rtol: 1e-13, atol: 1e-14 },
      );
    }
    expect(() => symmetricFromEigen(Matrix.eye(2), [1])).toThrow(
      /values has length 1, expected one per column/,
    );
  });
});
