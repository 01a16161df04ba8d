import { Polynomial } from './Polynomial.js';
import { occurringVariables } from './internal/fields.js';
import type { VectorField } from './VectorField.js';

/**
 * The gradient field ∇p = (∂p/∂x_0, …, ∂p/∂x_{D−1}), exactly.
 *
 * Only the variables that occur in p are differentiated; the other components share one zero
 * polynomial, so a sparse p in many variables costs little.
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
  const zero = Polynomial.zero(p.nvars);
  const out: Polynomial[] = new Array(p.nvars).fill(zero);
  for (const v of occurringVariables(p)) out[v] = p.derivative(v);
  return out;
}
