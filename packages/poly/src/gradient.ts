import { Polynomial } from './Polynomial.js';
import { occurringVariables, sealField, zeroPolynomial } from './internal/fields.js';
import type { VectorField } from './VectorField.js';

/**
 * The gradient field ∇p = (∂p/∂x_0, …, ∂p/∂x_{D−1}), exactly.
 *
 * Only the variables that occur in p are differentiated; the other components share one zero
 * polynomial, so a sparse p in many variables costs little. The returned array is frozen.
 * @param p - a polynomial in D variables
 * @returns the vector field ∇p (D components in D variables)
 * @throws TypeError if `p` is not a Polynomial
 * @example
 * const [x, y] = [Polynomial.variable(2, 0), Polynomial.variable(2, 1)];
 * gradient(x.mul(y)).map(String); // ["x2", "x1"]
 * @see MATH.md §2 (the generators grad phi_i of the Lie algebra)
 */
export function gradient(p: Polynomial): VectorField {
  if (!(p instanceof Polynomial)) throw new TypeError('gradient: p must be a Polynomial');
  const out: Polynomial[] = new Array(p.nvars).fill(zeroPolynomial(p.nvars));
  const vars = occurringVariables(p);
  for (const v of vars) out[v] = p.derivative(v);
  // Every occurring variable has a non-zero derivative, so the support is exactly `vars`.
  return sealField(out, vars);
}
