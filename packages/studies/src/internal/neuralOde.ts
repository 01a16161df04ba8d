import { type Budget, createRng, Matrix } from '@idyn/linalg';
import {
  logMeanMetric,
  logMeanMetricQuadrature,
  neuralOdeLaw,
  neuralOdeMetric,
  relaxedBalancedOdeParameter,
  resnetMetric,
  solveLinearOde,
} from '@idyn/linear-ode';
import { gaussianMatrix, maxAbsDiff } from './linear.js';
import { isNumberText } from './text.js';

/** The neural ODE checks of MATH.md §4.5 at one parameter, and the ResNet error per depth. */
export interface NeuralOdeRun {
  /** max |Simpson(P Pᵀ G Xᵀ X) − log-mean K(z)[G]|. */
  readonly quadratureError: number;
  /** max |Simpson((zzᵀ)^{1−s} G (zᵀz)^s) − log-mean|. */
  readonly logMeanQuadratureError: number;
  /** max over s of max |C(s) − λ(s) I|. */
  readonly lawResidual: number;
  /** max |ResNet metric (depth L) − log-mean|. */
  resnetError(L: number): number;
}

/**
 * For a relaxed balanced parameter A(s): the quadrature of P Pᵀ G Xᵀ X against the log-mean
 * closed form, the conserved C(s) = λ(s) I at s = 0.1 … 0.9, and the ResNet metric error per depth
 * (G seeded with seed + 1000).
 */
export function solveNeuralOde(options: {
  n: number;
  lambda: number | ((s: number) => number);
  seed: number;
  steps: number;
  budget?: Budget;
}): NeuralOdeRun {
  const { n, seed, steps } = options;
  const p = relaxedBalancedOdeParameter({ n, lambda: options.lambda, seed });
  const sol = solveLinearOde(p.A, {
    steps,
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  });
  const rng = createRng(seed + 1000);
  const G = gaussianMatrix(n, n, () => rng.normal());
  const lm = logMeanMetric(sol.z, G);
  let lawResidual = 0;
  for (const s of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    const C = neuralOdeLaw(p.A, s, { derivative: p.derivative });
    lawResidual = Math.max(lawResidual, maxAbsDiff(C, Matrix.eye(n).mul(p.lambda(s))));
  }
  return {
    quadratureError: maxAbsDiff(neuralOdeMetric(sol, G), lm),
    logMeanQuadratureError: maxAbsDiff(logMeanMetricQuadrature(sol.z, G, steps + 1), lm),
    lawResidual,
    resnetError: (L) => maxAbsDiff(resnetMetric(p.A, L, G).metric, lm),
  };
}

/** λ from its text: a number, or `sin` for λ(s) = 2 sin 3s (MATH.md §5); undefined if neither. */
export function odeLambda(text: string): number | ((s: number) => number) | undefined {
  if (text === 'sin') return (s: number) => 2 * Math.sin(3 * s);
  return isNumberText(text) ? Number(text) : undefined;
}
