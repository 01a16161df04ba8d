import type { Matrix } from 'ml-matrix';
import { checkMatrix } from './internal/validate.js';
import type { LinearOdeSolution } from './solveLinearOde.js';

/**
 * The L²([0,1]) gradient flow of the linear neural ODE's parameter, dA(s)/dt = −P(s)ᵀ G X(s)ᵀ with
 * P(s) = X(1) X(s)⁻¹ and G = ∇f(z), z = X(1), evaluated at the solution's nodes. It follows from
 * δz = ∫₀¹ P(s) δA(s) X(s) ds.
 *
 * @param solution - the output of {@link solveLinearOde}
 * @param G - ∇f(z), n × n
 * @returns dA/dt at each node s_k
 * @throws RangeError if G does not have z's shape
 * @example
 * const sol = solveLinearOde(A);
 * neuralOdeGradient(sol, G)[0]; // dA/dt at s = 0
 * @see MATH.md §4.5
 */
export function neuralOdeGradient(solution: LinearOdeSolution, G: Matrix): Matrix[] {
  checkMatrix('neuralOdeGradient', 'G', G, solution.z.rows, solution.z.columns);
  return solution.X.map((X, k) => solution.P[k]!.transpose().mmul(G).mmul(X.transpose()).mul(-1));
}
