import { maxAbsDiff } from '@idyn/linalg';
import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { exp2x2, expDiagonalizable, observedOrder } from '../test/closedForms.js';
import { randomMatrix } from '../test/helpers.js';
import { expm } from './internal/dense.js';
import { solveLinearOde } from './solveLinearOde.js';

// Constant A = S diag(d) S⁻¹ (real eigenvalues): X(s) = exp(sA) = S diag(e^{s d}) S⁻¹.
const S = randomMatrix(3, 3, 31);
const d = [0.7, -0.4, 1.1];
const Aconst = S.mmul(Matrix.diag(d)).mmul(inverse(S));

// A(s) = e^{sΩ} B e^{−sΩ} (2 × 2, Ω a rotation generator): X(s) = e^{sΩ} e^{s(B − Ω)} (closed
// form: X' = ΩX + e^{sΩ}(B − Ω)e^{−sΩ}X = A(s)X). A(s) at different s do not commute.
const Omega = new Matrix([
  [0, 1.3],
  [-1.3, 0],
]);
const B = new Matrix([
  [0.4, -0.9],
  [0.6, -0.2],
]);
const rotating = (s: number): Matrix =>
  exp2x2(Omega.clone().mul(s))
    .mmul(B)
    .mmul(exp2x2(Omega.clone().mul(-s)));
const rotatingExact = (s: number): Matrix =>
  exp2x2(Omega.clone().mul(s)).mmul(exp2x2(Matrix.sub(B, Omega).mul(s)));

describe('solveLinearOde', () => {
  it('rk4 has observed order ≈ 4 against X(1) = exp(A) for a constant A', () => {
    const steps = [8, 16, 32, 64];
    const exact = expDiagonalizable(S, d, 1);
    const errors = steps.map((k) =>
      maxAbsDiff(solveLinearOde(() => Aconst, { steps: k, method: 'rk4' }).z, exact),
    );
    const order = observedOrder(steps, errors);
    expect(order).toBeGreaterThan(3.8);
    expect(order).toBeLessThan(4.2);
  });

  it('magnus4 is exact (to rounding) for a constant A, at every node', () => {
    const sol = solveLinearOde(() => Aconst, { steps: 5 });
    sol.s.forEach((s, k) => {
      expect(sol.X[k]!).toBeAllClose(expDiagonalizable(S, d, s), { rtol: 1e-13, atol: 1e-13 });
    });
  });

  it.each(['magnus4', 'rk4'] as const)(
    '%s has observed order ≈ 4 for a non-commuting A(s) with closed-form X',
    (method) => {
      const steps = [8, 16, 32, 64];
      const exact = rotatingExact(1);
      const errors = steps.map((k) => maxAbsDiff(solveLinearOde(rotating, { steps: k, method }).z, exact));
      const order = observedOrder(steps, errors);
      expect(order).toBeGreaterThan(3.8);
      expect(order).toBeLessThan(4.3);
      expect(errors.at(-1)!).toBeLessThan(1e-6);
    },
  );

  it('returns X at the nodes and propagators with P(s) X(s) = X(1)', () => {
    const sol = solveLinearOde(rotating, { steps: 40 });
    expect(sol.X[20]!).toBeAllClose(rotatingExact(0.5), { rtol: 1e-7, atol: 1e-8 });
    sol.P.forEach((P, k) => {
      expect(P.mmul(sol.X[k]!)).toBeAllClose(sol.z, { rtol: 1e-12, atol: 1e-13 });
    });
    expect(sol.P[40]!).toBeAllClose(Matrix.eye(2), { rtol: 0, atol: 1e-14 });
  });

  it('rejects bad input, naming it', () => {
    expect(() => solveLinearOde(() => randomMatrix(2, 3, 1))).toThrow(
      /A\(0\) has 3 columns, expected 2|square/,
    );
    expect(() => solveLinearOde(() => Aconst, { steps: 0 })).toThrow(
      'solveLinearOde: options.steps must be a positive integer, got 0',
    );
  });
});

describe('expm (scaling and squaring, private)', () => {
  it('matches the 2 × 2 closed form and exp of a diagonalizable matrix', () => {
    for (const M of [B, Omega.clone().mul(7), Matrix.sub(B, Omega).mul(3)]) {
      expect(expm(M)).toBeAllClose(exp2x2(M), { rtol: 1e-13, atol: 1e-14 });
    }
    expect(expm(Aconst.clone().mul(2.5))).toBeAllClose(expDiagonalizable(S, d, 2.5), {
      rtol: 1e-12,
      atol: 1e-13,
    });
  });
});
