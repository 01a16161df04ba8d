import type { Rational } from '@idyn/linalg';
import { rational, rationalMul, rationalNeg } from '@idyn/linalg';
import { Polynomial } from './Polynomial.js';
import { checkField } from './internal/fields.js';
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
 * proportional to the number of term products actually formed, never to D².
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
  const D = checkField('lieBracket', 'X', X);
  const DY = checkField('lieBracket', 'Y', Y);
  if (D !== DY) throw new RangeError(`lieBracket: Y has dimension ${DY}, expected D = ${D} (X's dimension)`);
  const zero = Polynomial.zero(D);
  const out: Polynomial[] = new Array(D);
  const scratch: Scratch = { dv: [], de: [], sv: [], se: [] };
  for (let i = 0; i < D; i++) {
    // [X, Y]_i only involves derivatives of X_i and Y_i.
    if (X[i]!.isZero && Y[i]!.isZero) {
      out[i] = zero;
      continue;
    }
    const acc = new TermAccumulator(D);
    const a = accumulateDirectional(acc, X[i]!, Y, false, scratch);
    const b = accumulateDirectional(acc, Y[i]!, X, true, scratch);
    out[i] = a || b ? new Polynomial(acc.finish()) : zero;
  }
  return out;
}

interface Scratch {
  dv: number[];
  de: number[];
  sv: number[];
  se: number[];
}

/**
 * Adds ±(∇P · V) = ±Σ_j (∂P/∂x_j) V_j to `acc`; returns whether anything was added.
 */
function accumulateDirectional(
  acc: TermAccumulator,
  P: Polynomial,
  V: VectorField,
  negate: boolean,
  s: Scratch,
): boolean {
  const { off, vars, exps, coef } = P._data;
  let any = false;
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
        any = true;
      }
    }
  }
  return any;
}
