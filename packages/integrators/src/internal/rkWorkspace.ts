import type { ButcherTableau } from '../tableaux.js';
import { type Terms, combine, termsOf } from './combine.js';
import { denseOutput } from './denseOutput.js';
import { allFinite, scaledErrorNorm } from './norms.js';

// The work vectors of one explicit Runge–Kutta trajectory and the operations of one trial step.

/**
 * Completes a trial Runge–Kutta step from the stages: yNew = y + h Σ_s b_s k_s, or for an FSAL
 * method the last stage point itself (yStage) with fNew = k_last.
 *
 * @param tableau - the method
 * @param bTerms - the weights b, from `termsOf(tableau.b)`
 * @param h - the step length
 * @param y - state at the start of the step
 * @param k - the stage derivatives
 * @param yStage - the last stage point
 * @param yNew - output: the new state
 * @param fNew - output for FSAL methods: f at the new state
 * @param n - dimension
 * @returns whether the trial is finite (yNew, and fNew for FSAL methods)
 * @example
 * const finite = completeStep(DOPRI5, termsOf(DOPRI5.b), h, y, k, yStage, yNew, fNew, n);
 * @see MATH.md §6
 */
export function completeStep(
  tableau: ButcherTableau,
  bTerms: Terms,
  h: number,
  y: Float64Array,
  k: readonly Float64Array[],
  yStage: Float64Array,
  yNew: Float64Array,
  fNew: Float64Array,
  n: number,
): boolean {
  if (tableau.fsal) {
    // The last stage was evaluated at y_1 itself.
    yNew.set(yStage);
    fNew.set(k[tableau.stages - 1] as Float64Array);
    return allFinite(yNew) && allFinite(fNew);
  }
  combine(yNew, y, h, bTerms, k, n);
  return allFinite(yNew);
}

/**
 * The work vectors and tableau terms of one explicit Runge–Kutta trajectory of dimension n:
 * stage derivatives `k` (k[0] = f at the start of the step), the stage point, the trial state and
 * f there, and scratch space; with the stage, completion, error and dense-output operations on them.
 *
 * @example
 * const w = new RkWorkspace(DOPRI5, n);
 * f(t, y, w.k[0]);
 * for (let st = 1; st < DOPRI5.stages; st++) f(t + DOPRI5.c[st] * h, w.stage(st, y, h), w.k[st]);
 * const finite = w.complete(y, h);
 * const err = w.errorNorm(y, h, atol, rtol); // ≤ 1 accepts the step
 * @see MATH.md §6
 */
export class RkWorkspace {
  /** The method. */
  readonly tableau: ButcherTableau;
  /** Dimension. */
  readonly n: number;
  /** Stage derivatives k_0 … k_{s−1}. */
  readonly k: readonly Float64Array[];
  /** f at the trial state. */
  readonly fNew: Float64Array;
  /** The current stage point. */
  readonly yStage: Float64Array;
  /** The trial state at the end of the step. */
  readonly yNew: Float64Array;
  /** Scratch for interpolated states. */
  readonly yInterp: Float64Array;
  private readonly errScratch: Float64Array;
  private readonly aTerms: readonly Terms[];
  private readonly bTerms: Terms;
  private readonly eTerms: Terms | null;

  /**
   * @param tableau - the method
   * @param n - dimension
   */
  constructor(tableau: ButcherTableau, n: number) {
    this.tableau = tableau;
    this.n = n;
    this.k = Array.from({ length: tableau.stages }, () => new Float64Array(n));
    this.fNew = new Float64Array(n);
    this.yStage = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.yInterp = new Float64Array(n);
    this.errScratch = new Float64Array(n);
    this.aTerms = tableau.a.map(termsOf);
    this.bTerms = termsOf(tableau.b);
    this.eTerms = tableau.e === null ? null : termsOf(tableau.e);
  }

  /**
   * The point of stage `st` ≥ 1: yStage = y + h Σ_j a_{st,j} k_j.
   *
   * @param st - the stage index
   * @param y - state at the start of the step
   * @param h - the step length
   * @returns yStage (evaluate f there into k[st])
   * @example
   * f(t + DOPRI5.c[1] * h, w.stage(1, y, h), w.k[1]);
   */
  stage(st: number, y: Float64Array, h: number): Float64Array {
    combine(this.yStage, y, h, this.aTerms[st] as Terms, this.k, this.n);
    return this.yStage;
  }

  /**
   * Completes the trial step into yNew (and fNew for FSAL methods), see {@link completeStep}.
   *
   * @param y - state at the start of the step
   * @param h - the step length
   * @returns whether the trial is finite
   * @example
   * w.complete(y, h); // true
   */
  complete(y: Float64Array, h: number): boolean {
    return completeStep(this.tableau, this.bTerms, h, y, this.k, this.yStage, this.yNew, this.fNew, this.n);
  }

  /**
   * The scaled norm of the embedded error estimate of the trial step (see {@link scaledErrorNorm});
   * needs a method with an embedded pair.
   *
   * @param y - state at the start of the step
   * @param h - the step length
   * @param atol - absolute tolerance
   * @param rtol - relative tolerance
   * @returns the error norm (≤ 1 accepts the step)
   * @example
   * w.errorNorm(y, h, 1e-10, 1e-8); // e.g. 0.3
   */
  errorNorm(y: Float64Array, h: number, atol: number, rtol: number): number {
    return scaledErrorNorm(
      h,
      this.eTerms as Terms,
      this.k,
      y,
      this.yNew,
      atol,
      rtol,
      this.n,
      this.errScratch,
    );
  }

  /**
   * Dense output of the step [t, t + h] from y at the fraction θ, see {@link denseOutput}.
   *
   * @param th - the fraction θ in [0, 1]
   * @param h - the step length
   * @param y - state at the start of the step
   * @param out - output: the interpolated state
   * @example
   * w.interpolate(0.5, h, y, out);
   */
  interpolate(th: number, h: number, y: Float64Array, out: Float64Array): void {
    denseOutput(this.tableau, th, h, y, this.k, this.yNew, this.fNew, out, this.n);
  }
}
