import { type Budget, checkBudget, checkInteger } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { neuralOdeCost } from './neuralOdeCost.js';
import { add, expm, rightDivide, scale, sub } from './internal/dense.js';
import { checkSquare } from './internal/validate.js';
import type { MatrixFunction } from './interpolateParameter.js';

/** Options of {@link solveLinearOde}. */
export interface SolveLinearOdeOptions {
  /** Number of uniform steps on [0, 1] (the solution is returned at the steps + 1 nodes). @default 200 */
  steps?: number;
  /**
   * `magnus4`: fourth-order Magnus integrator with two Gauss–Legendre nodes,
   * X_{k+1} = exp(h/2 (A₁ + A₂) + (√3/12) h² [A₂, A₁]) X_k (exact for constant A);
   * `rk4`: classical Runge–Kutta on matrices. Both have order 4. @default 'magnus4'
   */
  method?: 'magnus4' | 'rk4';
  /** Memory and work budget, checked before the nodes are allocated ({@link neuralOdeCost}). @default DEFAULT_BUDGET */
  budget?: Budget;
}

/** Result of {@link solveLinearOde}. */
export interface LinearOdeSolution {
  /** The nodes s_k = k/steps. */
  s: Float64Array;
  /** X(s_k). */
  X: Matrix[];
  /** P(s_k) = X(1) X(s_k)⁻¹, the propagator from s_k to 1. */
  P: Matrix[];
  /** z = X(1). */
  z: Matrix;
}

/**
 * Solves the linear neural ODE dX/ds = A(s) X(s) on [0, 1], X(0) = I, on a uniform grid, and
 * returns X(s_k) and the propagators P(s_k) = X(1) X(s_k)⁻¹ (by an LU solve).
 *
 * @param A - the parameter s ↦ A(s), n × n (a function, or {@link interpolateParameter}'s output)
 * @param options - steps and method
 * @returns the nodes, X, P and z = X(1)
 * @throws RangeError if A(0) is not a finite square matrix or steps is not a positive integer
 * @example
 * const sol = solveLinearOde(() => Matrix.eye(2), { steps: 10 });
 * sol.z; // ≈ e · I (exact to rounding with magnus4)
 * @see MATH.md §4.5
 */
export function solveLinearOde(A: MatrixFunction, options: SolveLinearOdeOptions = {}): LinearOdeSolution {
  const fn = 'solveLinearOde';
  if (typeof A !== 'function') throw new TypeError(`${fn}: A must be a function s => Matrix`);
  const steps = options.steps ?? 200;
  checkInteger(fn, 'options.steps', steps, 1);
  const method = options.method ?? 'magnus4';
  if (method !== 'magnus4' && method !== 'rk4')
    throw new RangeError(`${fn}: options.method must be 'magnus4' or 'rk4', got ${String(method)}`);
  const A0 = A(0);
  checkSquare(fn, 'A(0)', A0);
  const n = A0.rows;
  checkBudget(neuralOdeCost({ n, steps }), options.budget);
  const h = 1 / steps;
  const s = Float64Array.from({ length: steps + 1 }, (_, k) => k * h);
  const X: Matrix[] = [Matrix.eye(n)];
  const c1 = 0.5 - Math.sqrt(3) / 6;
  const c2 = 0.5 + Math.sqrt(3) / 6;
  for (let k = 0; k < steps; k++) {
    const t = s[k]!;
    const Xk = X[k]!;
    let next: Matrix;
    if (method === 'magnus4') {
      const A1 = A(t + c1 * h);
      const A2 = A(t + c2 * h);
      const comm = sub(A2.mmul(A1), A1.mmul(A2));
      const Omega = add(scale(add(A1, A2), h / 2), scale(comm, (Math.sqrt(3) / 12) * h * h));
      next = expm(Omega).mmul(Xk);
    } else {
      const Am = A(t + h / 2);
      const k1 = A(t).mmul(Xk);
      const k2 = Am.mmul(add(Xk, scale(k1, h / 2)));
      const k3 = Am.mmul(add(Xk, scale(k2, h / 2)));
      const k4 = A(t + h).mmul(add(Xk, scale(k3, h)));
      next = add(Xk, scale(add(add(k1, scale(k2, 2)), add(scale(k3, 2), k4)), h / 6));
    }
    X.push(next);
  }
  const z = X[steps]!;
  const P = X.map((Xk) => rightDivide(z, Xk));
  return { s, X, P, z };
}
