import type { Polynomial } from './Polynomial.js';
import { checkField, occurringVariables, sealField, zeroPolynomial } from './internal/fields.js';
import type { VectorField } from './VectorField.js';

/**
 * The Jacobian matrix DX of a polynomial vector field: `DX[i][j] = ∂X_i/∂x_j`, exactly.
 * @param X - a vector field (D polynomials in D variables)
 * @returns D rows of D polynomials (each row frozen, it is the gradient of X_i); zero entries share
 *   one zero polynomial
 * @throws TypeError/RangeError if `X` is not a vector field
 * @example
 * const [x, y] = [Polynomial.variable(2, 0), Polynomial.variable(2, 1)];
 * jacobianField([x.mul(y), y]).map((r) => r.map(String)); // [["x2", "x1"], ["0", "1"]]
 * @see MATH.md §2 ([X, Y] = DX·Y − DY·X)
 */
export function jacobianField(X: VectorField): Polynomial[][] {
  const D = checkField('jacobianField', 'X', X);
  const zero = zeroPolynomial(D);
  return X.map((Xi) => {
    const row: Polynomial[] = new Array(D).fill(zero);
    const vars = occurringVariables(Xi);
    for (const j of vars) row[j] = Xi.derivative(j);
    return sealField(row, vars) as Polynomial[];
  });
}
