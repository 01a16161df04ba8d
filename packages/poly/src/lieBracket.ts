import type { Rational } from '@idyn/linalg';
import { rational, rationalMul, rationalNeg } from '@idyn/linalg';
import { Polynomial } from './Polynomial.js';
import { fieldInfo, sealField, zeroPolynomial } from './internal/fields.js';
import { multiplyMonomials, TermAccumulator } from './internal/terms.js';
import type { VectorField } from './VectorField.js';

/**
 * The Lie bracket [X, Y] = DX·Y − DY·X of two polynomial vector fields, exactly:
 * `[X, Y]_i = Σ_j (∂X_i/∂x_j) Y_j − (∂Y_i/∂x_j) X_j`. This is the convention of MATH.md §2 and
 * of the CL23 peer; it is the negative of the commutator of X and Y seen as derivations, which
 * changes no span, rank or law count.
 *
 * Works on the sparse supports only: for every term of X_i and every variable x_j in it, the
 * derivative term is multiplied by the terms of Y_j (and symmetrically), so the cost is
 * proportional to the number of term products actually formed, never to D². Only components in
 * the union of the supports of X and Y are visited; for fields this package returned (frozen
 * arrays) the validation and supports are cached. The returned array is frozen.
 * @param X - a vector field (D polynomials in D variables)
 * @param Y - a vector field on the same R^D
 * @returns the vector field [X, Y]
 * @throws TypeError/RangeError if `X` or `Y` is not a vector field or their dimensions differ
 * @example
 * // On R^2: X = (1, 0) = ∂_x, Y = (0, x) = x ∂_y; DX = 0, DY·X = (0, 1), so [X, Y] = (0, −1).
 * const one = Polynomial.constant(2, 1), zero = Polynomial.zero(2), x = Polynomial.variable(2, 0);
 * lieBracket([one, zero], [zero, x]).map(String); // ["0", "-1"]
 * @see MATH.md §2 (Lie bracket of vector fields, generated Lie algebra)
 */
export function lieBracket(X: VectorField, Y: VectorField): VectorField {
  const fx = fieldInfo('lieBracket', 'X', X);
  const fy = fieldInfo('lieBracket', 'Y', Y);
  const D = fx.D;
  if (D !== fy.D)
    throw new RangeError(`lieBracket: Y has dimension ${fy.D}, expected D = ${D} (X's dimension)`);
  const out: Polynomial[] = new Array(D).fill(zeroPolynomial(D));
  const support: number[] = [];
  const scratch: Scratch = { dv: [], de: [], sv: [], se: [] };
  const acc = new TermAccumulator(D);
  // [X, Y]_i involves only derivatives of X_i and Y_i: visit the union of the supports, in order.
  const sx = fx.support;
  const sy = fy.support;
  let a = 0;
  let b = 0;
  while (a < sx.length || b < sy.length) {
    const i = b >= sy.length || (a < sx.length && sx[a]! <= sy[b]!) ? sx[a]! : sy[b]!;
    if (a < sx.length && sx[a] === i) a++;
    if (b < sy.length && sy[b] === i) b++;
    acc.reset();
    accumulateDirectional(acc, X[i]!, Y, false, scratch);
    accumulateDirectional(acc, Y[i]!, X, true, scratch);
    if (acc.count === 0) continue;
    const data = acc.finish();
    if (data.coef.length > 0) {
      out[i] = new Polynomial(data);
      support.push(i);
    }
  }
  return sealField(out, support);
}

interface Scratch {
  dv: number[];
  de: number[];
  sv: number[];
  se: number[];
}

/**
 * Adds ±(∇P · V) = ±Σ_j (∂P/∂x_j) V_j to `acc`.
 */
function accumulateDirectional(
  acc: TermAccumulator,
  P: Polynomial,
  V: VectorField,
  negate: boolean,
  s: Scratch,
): void {
  const { off, vars, exps, coef } = P._data;
  for (let t = 0; t < coef.length; t++) {
    const t0 = off[t]!;
    const t1 = off[t + 1]!;
    for (let k = t0; k < t1; k++) {
      const Vj = V[vars[k]!]!._data;
      const m = Vj.coef.length;
      if (m === 0) continue;
      // Derivative of term t in x_{vars[k]}: exponent lowered by one, coefficient times it.
      let dn = 0;
      for (let q = t0; q < t1; q++) {
        const e = q === k ? exps[q]! - 1 : exps[q]!;
        if (e > 0) {
          s.dv[dn] = vars[q]!;
          s.de[dn++] = e;
        }
      }
      let c: Rational = exps[k] === 1 ? coef[t]! : rationalMul(coef[t]!, rational(exps[k]!));
      if (negate) c = rationalNeg(c);
      for (let u = 0; u < m; u++) {
        const n = multiplyMonomials(
          s.dv,
          s.de,
          0,
          dn,
          Vj.vars,
          Vj.exps,
          Vj.off[u]!,
          Vj.off[u + 1]!,
          s.sv,
          s.se,
        );
        acc.add(s.sv, s.se, 0, n, rationalMul(c, Vj.coef[u]!));
      }
    }
  }
}
