// Independent closed forms for tests (no code shared with the library's expm).
import { inverse, Matrix } from 'ml-matrix';

/**
 * exp(M) for a real 2 × 2 matrix: M = μI + N with μ = tr M / 2, N² = δI (δ = −det N), so
 * exp(M) = e^μ (c I + k N) with c = cosh √δ, k = sinh √δ / √δ (cos/sin for δ < 0; 1, 1 at δ = 0).
 */
export function exp2x2(M: Matrix): Matrix {
  const mu = (M.get(0, 0) + M.get(1, 1)) / 2;
  const a = M.get(0, 0) - mu;
  const b = M.get(0, 1);
  const c = M.get(1, 0);
  const d = M.get(1, 1) - mu;
  const delta = -(a * d - b * c);
  let ch: number;
  let sh: number;
  if (delta > 0) {
    const r = Math.sqrt(delta);
    ch = Math.cosh(r);
    sh = Math.sinh(r) / r;
  } else if (delta < 0) {
    const r = Math.sqrt(-delta);
    ch = Math.cos(r);
    sh = Math.sin(r) / r;
  } else {
    ch = 1;
    sh = 1;
  }
  const e = Math.exp(mu);
  return new Matrix([
    [e * (ch + sh * a), e * sh * b],
    [e * sh * c, e * (ch + sh * d)],
  ]);
}

/** exp(s A) for A = S diag(d) S⁻¹ (diagonalizable with real eigenvalues): S diag(e^{s d}) S⁻¹. */
export function expDiagonalizable(S: Matrix, d: readonly number[], s: number): Matrix {
  const E = Matrix.zeros(d.length, d.length);
  d.forEach((x, i) => {
    E.set(i, i, Math.exp(s * x));
  });
  return S.mmul(E).mmul(inverse(S));
}

/** Least-squares slope of log(err) against log(steps), negated: the observed order. */
export function observedOrder(steps: readonly number[], errors: readonly number[]): number {
  const x = steps.map(Math.log);
  const y = errors.map(Math.log);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let num = 0;
  let den = 0;
  x.forEach((xi, i) => {
    num += (xi - mx) * (y[i]! - my);
    den += (xi - mx) ** 2;
  });
  return -num / den;
}
