import type { Matrix } from 'ml-matrix';
import { simpson } from './internal/simpson.js';
import { checkMatrix } from './internal/validate.js';
import type { LinearOdeSolution } from './solveLinearOde.js';

/**
 * The parameter-space metric of the linear neural ODE applied to G,
 * M(A)[G] = ∫₀¹ P(s) P(s)ᵀ G X(s)ᵀ X(s) ds, by the composite Simpson rule on the solution's nodes
 * (so that z' = −M(A)[∇f(z)] along the L² gradient flow).
 *
 * @param solution - the output of {@link solveLinearOde}, with an even number of steps
 * @param G - an n × n matrix
 * @returns the quadrature of P Pᵀ G Xᵀ X
 * @throws RangeError if G has the wrong shape or the number of steps is odd
 * @example
 * const sol = solveLinearOde(relaxedBalancedOdeParameter({ ... }).A, { steps: 2000 });
 * neuralOdeMetric(sol, G); // ≈ logMeanMetric(sol.z, G) to ~1e-10 (MATH.md §5)
 * @see MATH.md §4.5
 */
export function neuralOdeMetric(solution: LinearOdeSolution, G: Matrix): Matrix {
  const fn = 'neuralOdeMetric';
  checkMatrix(fn, 'G', G, solution.z.rows, solution.z.columns);
  if ((solution.X.length - 1) % 2 !== 0)
    throw new RangeError(`${fn}: Simpson's rule needs an even number of steps, got ${solution.X.length - 1}`);
  const samples = solution.X.map((X, k) => {
    const P = solution.P[k]!;
    return P.mmul(P.transpose()).mmul(G).mmul(X.transpose().mmul(X));
  });
  return simpson(samples);
}
