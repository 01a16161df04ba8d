import { Polynomial } from './Polynomial.js';
import { checkField, occurringVariables } from './internal/fields.js';
import type { VectorField } from './VectorField.js';

/**
 * The Jacobian matrix DX of a polynomial vector field: `DX[i][j] = ∂X_i/∂x_j`, exactly.
 * @param X - a vector field (D polynomials in D variables)
 * @returns D rows of D polynomials; zero entries share one zero polynomial
 * @throws TypeError/RangeError if `X` is not a vector field
 * @example
 * const [x, y] = [Polynomial.variable(2, 0), Polynomial.variable(2, 1)];
 * jacobianField([x.mul(y), y]).map((r) => r.map(String)); // [["x2", "x1"], ["0", "1"]]
 * @see MATH.md §2 ([X, Y] = DX·Y − DY·X)
 */
export function jacobianField(X: VectorField): Polynomial[][] {
  const D = checkField('jacobianField', 'X', X);
  const zero = Polynomial.zero(D);
  return X.map((Xi) => {
    const row: Polynomial[] = new Array(D).fill(zero);
    for (const j of occurringVariables(Xi)) row[j] = Xi.derivative(j);
    return row;
  });
}
