import { fitLogLogSlope } from '@idyn/plot';
import inputSchema from '../schemas/ode.input.schema.json' with { type: 'json' };
import resultSchema from '../schemas/ode.schema.json' with { type: 'json' };
import { checkBudget } from '@idyn/linalg';
import { neuralOdeCost } from '@idyn/linear-ode';
import type { BudgetInput } from './NetInput.js';
import { StudyInputError } from './StudyInputError.js';
import { budgetOf } from './internal/budget.js';
import { defineStudy } from './internal/defineStudy.js';
import { odeLambda, solveNeuralOde } from './internal/neuralOde.js';

/** Input of the `ode` study (schemas/ode.input.schema.json). */
export interface OdeInput extends BudgetInput {
  /** Width n. @default 3 */
  readonly n?: number;
  /** Constant λ (a number or its text), or `sin` for λ(s) = 2 sin 3s. @default '0.5' */
  readonly lambda?: number | string;
  /** Seed of A (G uses seed + 1000). @default 1 */
  readonly seed?: number;
  /** ODE steps, even (Simpson nodes steps + 1). @default 2000 */
  readonly steps?: number;
  /** ResNet depths. @default [25, 50, 100, 200, 400] */
  readonly L?: readonly number[];
  /** Pass threshold of the quadrature error. @default 1e-8 */
  readonly tol?: number;
}

/** Result of the `ode` study: the `idyn.ode/1` document (schemas/ode.schema.json). */
export interface OdeResult {
  /** `idyn.ode/1`. */
  readonly schema: 'idyn.ode/1';
  /** Width. */
  readonly n: number;
  /** λ as text (`sin` for 2 sin 3s). */
  readonly lambda: string;
  /** ODE steps. */
  readonly steps: number;
  /** max |Simpson(P Pᵀ G Xᵀ X) − log-mean K(z)[G]|. */
  readonly quadratureError: number;
  /** max |Simpson((zzᵀ)^{1−s} G (zᵀz)^s) − log-mean|. */
  readonly logMeanQuadratureError: number;
  /** max over s of max |C(s) − λ(s) I|. */
  readonly lawResidual: number;
  /** ResNet metric error per depth and the fitted log–log slope (null with fewer than 2 depths). */
  readonly resnet: {
    readonly L: readonly number[];
    readonly error: readonly number[];
    readonly slope: number | null;
  };
  /** Pass threshold. */
  readonly tol: number;
  /** Quadrature error within tol and slope within 0.1 of −1. */
  readonly pass: boolean;
  /** Path of a figure written by a front end (null from the study). */
  readonly figure: string | null;
}

/**
 * The `ode` study, the infinite-depth limit of MATH.md §4.5: dX/ds = A(s) X, z = X(1), with a
 * relaxed balanced A(s) (C(s) = λ(s) I). Checks that the Simpson quadrature of P Pᵀ G Xᵀ X equals
 * the closed-form log-mean metric K(z)[G], that C(s) = λ(s) I, and tabulates the error of the
 * ResNet metric (U_k = I + A(k/L)/L) per depth L with its fitted log–log slope (expected −1).
 *
 * @example
 * const r = await odeStudy.run({ L: [25, 50, 100] });
 * // r.quadratureError ≈ 3e-14, r.resnet.slope ≈ -1.00, r.pass true
 * @see MATH.md §4.5
 */
export const odeStudy = defineStudy<OdeInput, OdeResult>({
  name: 'ode',
  summary: 'linear neural ODE: log-mean intrinsic metric, conserved C(s), ResNet -> ODE convergence table',
  inputSchema,
  resultSchema,
  units: (input) => 1 + (input.L ?? [25, 50, 100, 200, 400]).length,
  describe: (input) => `ode n = ${input.n ?? 3}, lambda = ${input.lambda ?? '0.5'}`,
  async compute(input, steps) {
    const study = 'ode';
    const n = input.n ?? 3;
    const seed = input.seed ?? 1;
    const nSteps = input.steps ?? 2000;
    const tol = input.tol ?? 1e-8;
    const L = [...(input.L ?? [25, 50, 100, 200, 400])];
    if (nSteps % 2 !== 0)
      throw new StudyInputError('steps', `{steps} must be even (Simpson's rule), got '${nSteps}'`, {
        study,
        standalone: true,
      });
    const lambdaText = String(input.lambda ?? '0.5');
    const lambda = odeLambda(lambdaText);
    if (lambda === undefined)
      throw new StudyInputError('lambda', `{lambda} must be a number, got '${lambdaText}'`, {
        study,
        standalone: true,
      });
    // sized before any n × n matrix is built (n = 1e9 would never return)
    const budget = budgetOf(input);
    checkBudget(neuralOdeCost({ n, steps: nSteps, depths: L }), budget);
    await steps.next('solving the neural ODE');
    const ode = solveNeuralOde({ n, lambda, seed, steps: nSteps, budget });
    const error: number[] = [];
    for (const l of L) {
      await steps.next(`ResNet metric, depth L = ${l}`);
      error.push(ode.resnetError(l));
    }
    const { quadratureError, logMeanQuadratureError, lawResidual } = ode;
    const slope = L.length >= 2 ? fitLogLogSlope(L, error).slope : null;
    const slopeOk = slope === null || Math.abs(slope + 1) <= 0.1;
    return {
      schema: 'idyn.ode/1',
      n,
      lambda: lambdaText,
      steps: nSteps,
      quadratureError,
      logMeanQuadratureError,
      lawResidual,
      resnet: { L, error, slope: slope !== null && Number.isFinite(slope) ? slope : null },
      tol,
      pass: quadratureError <= tol && slopeOk,
      figure: null,
    };
  },
});
